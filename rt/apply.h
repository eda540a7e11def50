/*
 * apply.h - a patch that passed every check and is loaded, waiting for its
 * commit: what apply.c hands to defer.c when old code on the stack is in
 * the way (docs/runtime.md, "Deferred updates").
 */
#ifndef DSU_APPLY_H
#define DSU_APPLY_H

#include <stddef.h>

#include <jansson.h>

#include "moved_globals.h"
#include "patch_file.h"
#include "restrict.h"
#include "rt_internal.h"

/* A slot to change: where it is, what it holds now, what it will hold. */
struct swap {
  void **slot;
  void *old_body, *new_body;
};

/* A validated, loaded, not yet committed patch. */
struct dsu_loaded {
  char *path;                    /* as requested (owned) */
  struct dsu_patch p;            /* manifest and the open file */
  void *h;                       /* dlopen() handle */
  struct swap *swaps;            /* one per p.replace[] */
  struct dsu_type_change *types; /* one per p.types[], room reserved */
  struct dsu_moved *moved;       /* its moved globals, validated */
  size_t nmoved;
  int (*xform)(void);            /* state transformer or NULL */
  long long load_us;             /* the dlopen(), when it was loaded */
  json_t *changes;               /* what it changes (owned reference) */
};

/** dsu_now_us() - CLOCK_MONOTONIC in microseconds. */
long long dsu_now_us(void);

/**
 * dsu_loaded_try() - from the last client check on: the stack check, the
 * moved globals, the commit.
 * @fd:       the client connection (a gone client withdraws the request)
 * @t0:       when this attempt began (the pause is measured from it)
 * @deferred: update points at which the patch waited so far
 * @c:        filled when the stack is in the way
 *
 * Return: the final reply (new reference; @l is released, the outcome is
 * in the history), or NULL when the patch must wait (@l untouched).
 */
json_t *dsu_loaded_try(struct dsu_loaded *l, int fd, const char *where, long long t0, unsigned deferred,
                       struct dsu_conflict *c);

/**
 * dsu_loaded_withdraw() - the client left: unload @l (never committed),
 * record "withdrawn" with @why, release @l.
 *
 * Return: the reply nobody will read (new reference).
 */
json_t *dsu_loaded_withdraw(struct dsu_loaded *l, const char *where, const char *why, unsigned deferred);

/** dsu_loaded_abandon() - unload and release @l, recording nothing (a fork child's copy). */
void dsu_loaded_abandon(struct dsu_loaded *l);

/* defer.c: the one patch that waits. */
/**
 * dsu_defer_start() - keep @l (moved in; the caller's copy must not be
 * released) and the connection @fd, first kept from the deferral at @where.
 *
 * Return: the progress line for the client (new reference).
 */
json_t *dsu_defer_start(struct dsu_loaded *l, int fd, const char *where, const struct dsu_conflict *c);

#endif /* DSU_APPLY_H */
