/*
 * patch_file.h - open a patch file and read its manifest, checking
 * everything that can be checked without loading it.
 */
#ifndef DSU_PATCH_FILE_H
#define DSU_PATCH_FILE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* One replace[] or add[] entry of the patch manifest. */
struct dsu_patch_swap {
  const char *id;   /* function identity, for messages */
  const char *slot; /* __dsu_slot.SYM */
  const char *newb; /* __dsu_p.PID.SYM */
};

/* One types[] entry: a wrapped type whose layout the patch changes. */
struct dsu_patch_type {
  const char *name;          /* "struct conn" */
  const char *desc;          /* __dsu_type.s.conn */
  const char *from_hex, *to_hex;
  uint32_t from, to;         /* layout ids */
  uint64_t size;             /* wrapped size */
  const char *xform;         /* type transformer symbol */
};

/* A patch that passed the file and manifest checks.  Strings point into @json. */
struct dsu_patch {
  int fd;                 /* open, O_CLOEXEC; the file that will be dlopen()ed */
  json_t *json;           /* the manifest */
  const char *patch_id, *from, *to;
  const char *xform;      /* state transformer symbol, NULL if none */
  struct dsu_patch_swap *replace;
  size_t nreplace;
  struct dsu_patch_swap *add;
  size_t nadd;
  const char **new_globals;
  size_t nnew_globals;
  struct dsu_patch_type *types;
  size_t ntypes;
};

/**
 * dsu_patch_open() - open @path and read its dsu_patch manifest.
 * @path: absolute path of the patch
 * @p:    filled on success; release with dsu_patch_close()
 * @msg:  on failure, why (names @path)
 *
 * Checks: absolute path, not a symbolic link, a regular file owned by the
 * effective uid or root and not writable by group or others, an ELF file
 * with a dsu_patch section holding a format-1 manifest with every field the
 * runtime needs.
 *
 * Return: 0, or -1 with @msg filled.
 */
int dsu_patch_open(const char *path, struct dsu_patch *p, char *msg, size_t msglen);

/** dsu_patch_close() - release what dsu_patch_open() acquired. */
void dsu_patch_close(struct dsu_patch *p);

#endif /* DSU_PATCH_FILE_H */
