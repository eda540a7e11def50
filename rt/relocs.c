/*
 * relocs.c - point a freshly loaded patch at the current storage of the
 * globals earlier patches moved.
 *
 * A patch made after a move refers to the global by its plain symbol; the
 * dynamic loader binds that to the program's definition, which is the old,
 * stale storage.  Before any code of the patch runs (but after dlopen(),
 * which has bound everything: RTLD_NOW), every GOT and absolute data
 * relocation against a moved symbol is rewritten to the table's address.
 * The relocations are read from the patch file (.rela.dyn / .rela.plt and
 * their .dynsym); the load base is the link map's l_addr.  A page in the
 * patch's RELRO range is made writable for the write and read-only again,
 * exactly the range the loader protected.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gelf.h>
#include <libelf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "moved_globals.h"
#include "rt_internal.h"

#if defined(__x86_64__)
#define R_DATA_GOT R_X86_64_GLOB_DAT
#define R_DATA_ABS R_X86_64_64
#define R_CODE_SLOT R_X86_64_JUMP_SLOT
#elif defined(__aarch64__)
#define R_DATA_GOT R_AARCH64_GLOB_DAT
#define R_DATA_ABS R_AARCH64_ABS64
#define R_CODE_SLOT R_AARCH64_JUMP_SLOT
#else
#error "relocs.c: relocation types of this architecture are not known"
#endif

/* The range the loader made read-only after relocation (PT_GNU_RELRO). */
struct relro {
  uintptr_t start, end;
};

static void find_relro(Elf *elf, uintptr_t base, struct relro *r)
{
  size_t n = 0;
  long pg = sysconf(_SC_PAGESIZE);
  r->start = r->end = 0;
  if (elf_getphdrnum(elf, &n) != 0)
    return;
  for (size_t i = 0; i < n; i++) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_GNU_RELRO) {
      /* As glibc's _dl_protect_relro: both ends rounded down. */
      r->start = (base + ph.p_vaddr) & ~(uintptr_t)(pg - 1);
      r->end = (base + ph.p_vaddr + ph.p_memsz) & ~(uintptr_t)(pg - 1);
    }
  }
}

/* Store @value at @where, lifting RELRO protection for the write. */
static int store(uintptr_t where, uintptr_t value, const struct relro *r)
{
  long pg = sysconf(_SC_PAGESIZE);
  uintptr_t page = where & ~(uintptr_t)(pg - 1);
  int ro = page >= r->start && page < r->end;
  if (ro && mprotect((void *)page, (size_t)pg, PROT_READ | PROT_WRITE) < 0)
    return -1;
  __atomic_store_n((uintptr_t *)where, value, __ATOMIC_RELEASE);
  if (ro)
    mprotect((void *)page, (size_t)pg, PROT_READ);
  return 0;
}

/* Rewrite the relocations of one SHT_RELA section; 0 or -1 with @msg. */
static int fix_section(Elf *elf, Elf_Scn *scn, GElf_Shdr *sh, uintptr_t base, const struct relro *r,
                       const char *path, char *msg, size_t msglen, int *fixed)
{
  Elf_Scn *symscn = elf_getscn(elf, sh->sh_link);
  GElf_Shdr symsh;
  if (!symscn || !gelf_getshdr(symscn, &symsh) || symsh.sh_type != SHT_DYNSYM)
    return 0;
  Elf_Data *rd = elf_getdata(scn, NULL), *sd = elf_getdata(symscn, NULL);
  size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
  for (size_t i = 0; rd && sd && i < n; i++) {
    GElf_Rela rel;
    GElf_Sym sym;
    if (!gelf_getrela(rd, (int)i, &rel) || !GELF_R_SYM(rel.r_info) ||
        !gelf_getsym(sd, (int)GELF_R_SYM(rel.r_info), &sym) || sym.st_shndx != SHN_UNDEF)
      continue;
    const char *name = elf_strptr(elf, symsh.sh_link, sym.st_name);
    void *cur = name ? dsu_moved_lookup(name, NULL) : NULL;
    if (!cur)
      continue;
    unsigned type = (unsigned)GELF_R_TYPE(rel.r_info);
    if (type == R_CODE_SLOT)
      continue; /* a call: functions never move */
    if (type != R_DATA_GOT && type != R_DATA_ABS) {
      snprintf(msg, msglen,
               "patch %s: relocation type %u at offset 0x%llx refers to %s, a global an earlier "
               "patch moved; dsu only redirects GOT and absolute data relocations, so this patch "
               "would use its stale storage",
               path, type, (unsigned long long)rel.r_offset, name);
      return -1;
    }
    if (store(base + rel.r_offset, (uintptr_t)cur + (uintptr_t)rel.r_addend, r) < 0) {
      snprintf(msg, msglen, "patch %s: cannot make the relocation of %s at offset 0x%llx writable", path,
               name, (unsigned long long)rel.r_offset);
      return -1;
    }
    (*fixed)++;
  }
  return 0;
}

int dsu_relocs_fix(void *h, int fd, const char *path, char *msg, size_t msglen)
{
  struct link_map *lm = NULL;
  if (dlinfo(h, RTLD_DI_LINKMAP, &lm) < 0) {
    snprintf(msg, msglen, "patch %s: dlinfo: %s", path, dlerror());
    return -1;
  }
  if (elf_version(EV_CURRENT) == EV_NONE) {
    snprintf(msg, msglen, "patch %s: libelf: %s", path, elf_errmsg(-1));
    return -1;
  }
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  if (!elf) {
    snprintf(msg, msglen, "patch %s: cannot read its relocations: %s", path, elf_errmsg(-1));
    return -1;
  }
  struct relro r;
  find_relro(elf, lm->l_addr, &r);
  int rc = 0, fixed = 0;
  for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn && rc == 0; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_RELA)
      rc = fix_section(elf, scn, &sh, lm->l_addr, &r, path, msg, msglen, &fixed);
  }
  elf_end(elf);
  if (fixed)
    dsu_log("patch %s: %d relocation%s redirected to moved globals", path, fixed, fixed == 1 ? "" : "s");
  return rc;
}
