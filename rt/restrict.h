/*
 * restrict.h - what the code on the stack may still use, and whether a
 * patch changes any of it (docs/runtime.md, "Deferred updates").
 */
#ifndef DSU_RESTRICT_H
#define DSU_RESTRICT_H

#include <stddef.h>

#include <jansson.h>

#include "rt_internal.h"

/* Why a patch cannot be committed with the stack as it is. */
struct dsu_conflict {
  char name[256];            /* "function scale", "global total", "struct acct" */
  char frame[256];           /* "worker": the function whose activation is in the way */
  char reason[DSU_MSG_MAX];  /* one sentence naming both */
};

/**
 * dsu_changes_empty() - non-zero if @changes (a patch's "changes" object,
 * or NULL) names nothing: such a patch never waits.
 */
int dsu_changes_empty(json_t *changes);

/**
 * dsu_restrict_check() - may a patch that changes @changes be committed now?
 * @changes: {"functions": [ids], "globals": [ids], "types": [C names]}
 * @c:       filled when the answer is no
 *
 * Walks the calling thread's stack once (backtrace()).  A signal frame on
 * it means the update point runs inside a signal handler, which interrupted
 * the program anywhere: no patch may be committed there, whatever it
 * changes (the pass refuses handlers that reach dsu_update() within one TU;
 * this catches the rest).  Otherwise, when @changes names something, it
 * finds for each return address the dsu function containing it (the
 * program's TU manifests, or the "frames" of an applied patch) and tests
 * the names its summary says it may use after a call returns.  A function
 * without a summary may use anything.  Frames of code dsu did not build are
 * skipped.
 *
 * Return: 0 when nothing is in the way, 1 with @c filled otherwise.
 */
int dsu_restrict_check(json_t *changes, struct dsu_conflict *c);

/**
 * dsu_restrict_add_patch() - remember the "frames" of a patch just
 * committed, so later walks know the activations of its bodies.
 * @frames: its manifest's "frames" array (or NULL); a reference is taken
 * @handle: its dlopen() handle: an address inside the patch that no frame
 *          entry covers is then treated as a frame without a summary
 * @fd:     the patch file, whose .symtab names the local bodies (the
 *          private copies) that dladdr() cannot
 * @patch_id: for messages
 */
void dsu_restrict_add_patch(json_t *frames, void *handle, int fd, const char *patch_id);

#endif /* DSU_RESTRICT_H */
