/*
 * moved_globals.h - globals whose type changed: a patch defines their new
 * storage (__dsu_g.PID.SYM) and a transformer that moves the running value
 * into it (docs/runtime.md, "Globals whose type changes").
 */
#ifndef DSU_MOVED_GLOBALS_H
#define DSU_MOVED_GLOBALS_H

#include <stddef.h>
#include <stdint.h>

struct dsu_patch;

/* One "moved_globals" entry of a patch, validated. */
struct dsu_moved {
  const char *id, *sym, *newsym, *xform; /* point into the manifest */
  uint64_t size_old, size_new;
  void *old_addr, *new_addr;
  void (*fn)(void *to, const void *from);
};

/**
 * dsu_moved_lookup() - the current storage of global @sym if a patch moved
 * it, else NULL.  @size: its size (may be NULL).
 */
void *dsu_moved_lookup(const char *sym, uint64_t *size);

/**
 * dsu_moved_prepare() - validate the "moved_globals" of @p against the
 * loaded patch @h: the new storage and the transformer are defined by the
 * patch, the old storage resolves (the table if an earlier patch moved the
 * global, else the program's symbol) and has size_old bytes.
 * @out: set to a malloc()ed array (free() it), @n to its length
 *
 * Return: 0, or -1 with @msg filled.
 */
int dsu_moved_prepare(const struct dsu_patch *p, void *h, const char *path, struct dsu_moved **out,
                      size_t *n, char *msg, size_t msglen);

/**
 * dsu_moved_run() - run every transformer (old storage -> new storage)
 * under the crash guard.  The old storage is only read, so a crash changes
 * nothing the program uses.
 *
 * Return: 0, or -1 with @msg filled (a transformer crashed).
 */
int dsu_moved_run(const char *path, struct dsu_moved *m, size_t n, char *msg, size_t msglen);

/** dsu_moved_commit() - record the new storage of each moved global (the patch is applied). */
void dsu_moved_commit(const struct dsu_moved *m, size_t n);

/**
 * dsu_relocs_fix() - point a freshly loaded patch at the current storage of
 * every moved global: its GOT and data relocations against a moved symbol
 * were bound by the loader to the program's (stale) definition.
 * @fd: the patch file, @h: its handle
 *
 * Return: 0, or -1 with @msg filled (a relocation kind dsu does not handle
 * refers to a moved global, or the file cannot be read).
 */
int dsu_relocs_fix(void *h, int fd, const char *path, char *msg, size_t msglen);

#endif /* DSU_MOVED_GLOBALS_H */
