/*
 * elf_section.c - read one named section out of an ELF file with libelf.
 */
#include "elf_section.h"

#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Find the section called @name, or NULL. */
static Elf_Scn *find_section(Elf *elf, const char *name)
{
  size_t shstrndx;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0)
    return NULL;
  for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(scn, &shdr))
      return NULL;
    const char *sname = elf_strptr(elf, shstrndx, shdr.sh_name);
    if (sname && strcmp(sname, name) == 0)
      return scn;
  }
  return NULL;
}

/*
 * A file cut short can still have a whole ELF header; libelf then finds no
 * sections at all, which would read as "no such section".  Check that the
 * section header table lies inside the file.
 */
static int truncated(Elf *elf, int fd)
{
  struct stat st;
  GElf_Ehdr eh;
  size_t shnum;
  if (fstat(fd, &st) < 0 || !gelf_getehdr(elf, &eh) || elf_getshdrnum(elf, &shnum) != 0)
    return 1;
  if (eh.e_shoff == 0 || shnum == 0)
    return 1; /* a patch or binary always has sections */
  return eh.e_shoff + (unsigned long long)shnum * eh.e_shentsize > (unsigned long long)st.st_size;
}

enum dsu_elf_status dsu_elf_read_section(int fd, const char *name, void **data, size_t *size)
{
  enum dsu_elf_status st = DSU_ELF_OK;

  *data = NULL;
  *size = 0;
  if (elf_version(EV_CURRENT) == EV_NONE)
    return DSU_ELF_NOT_ELF;
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  if (!elf)
    return DSU_ELF_NOT_ELF;
  if (elf_kind(elf) != ELF_K_ELF) {
    st = DSU_ELF_NOT_ELF;
    goto out;
  }
  size_t shstrndx;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0) {
    st = DSU_ELF_NOT_ELF;
    goto out;
  }
  if (truncated(elf, fd)) {
    st = DSU_ELF_NOT_ELF;
    goto out;
  }
  Elf_Scn *scn = find_section(elf, name);
  if (!scn) {
    st = DSU_ELF_NO_SECTION;
    goto out;
  }
  /* elf_getdata() on a truncated file returns NULL rather than short data. */
  Elf_Data *d = elf_getdata(scn, NULL);
  if (!d || (d->d_size && !d->d_buf)) {
    st = DSU_ELF_BAD_SECTION;
    goto out;
  }
  void *copy = malloc(d->d_size ? d->d_size : 1);
  if (!copy) {
    st = DSU_ELF_NOMEM;
    goto out;
  }
  memcpy(copy, d->d_buf, d->d_size);
  *data = copy;
  *size = d->d_size;
out:
  elf_end(elf);
  return st;
}

const char *dsu_elf_strerror(enum dsu_elf_status status)
{
  switch (status) {
  case DSU_ELF_OK:
    return "ok";
  case DSU_ELF_NOT_ELF:
    return "not an ELF file (or truncated)";
  case DSU_ELF_NO_SECTION:
    return "section not found";
  case DSU_ELF_BAD_SECTION:
    return "section data unreadable (truncated file?)";
  case DSU_ELF_IO:
    return "read error";
  case DSU_ELF_NOMEM:
    return "out of memory";
  }
  return "unknown error";
}
