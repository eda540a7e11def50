/*
 * elf_section.h - read one named section out of an ELF file.
 *
 * Shared by the runtime (which reads a patch's dsu_patch section before it
 * dlopen()s anything) and by dsu-diff (which reads the dsu_tu section of two
 * binaries).
 */
#ifndef DSU_ELF_SECTION_H
#define DSU_ELF_SECTION_H

#include <stddef.h>

/* Status codes; dsu_elf_strerror() turns them into words. */
enum dsu_elf_status {
  DSU_ELF_OK = 0,
  DSU_ELF_NOT_ELF,     /* not an ELF file, or truncated */
  DSU_ELF_NO_SECTION,  /* ELF, but without the section asked for */
  DSU_ELF_BAD_SECTION, /* the section's data cannot be read (truncated file) */
  DSU_ELF_IO,          /* read error, errno says more */
  DSU_ELF_NOMEM,
};

/**
 * dsu_elf_read_section() - copy the contents of section @name.
 * @fd:   an open, readable descriptor of the ELF file (its offset is not used)
 * @name: the section name, e.g. "dsu_tu"
 * @data: on success, a malloc()ed copy of the contents; the caller frees it
 * @size: on success, the size of *@data in bytes
 *
 * Return: DSU_ELF_OK, or a status saying what is wrong with the file.
 */
enum dsu_elf_status dsu_elf_read_section(int fd, const char *name, void **data, size_t *size);

/** dsu_elf_strerror() - a short English phrase for @status. */
const char *dsu_elf_strerror(enum dsu_elf_status status);

#endif /* DSU_ELF_SECTION_H */
