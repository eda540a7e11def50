/*
 * apply.c - the "apply" request: validate a patch completely, then commit
 * it all at once (docs/manifest.md §3, docs/runtime.md).
 *
 * Phases, in order; any failure before the commit leaves the program as it
 * was (a patch loaded for validation is dlclose()d again):
 *   1. file:     patch_file.c (path, owner, mode, ELF, manifest, format)
 *   2. history:  a patch_id already applied -> "already-applied"
 *   3. version:  manifest "from" must be the running version
 *   4. load:     dlopen("/proc/self/fd/N") of the checked descriptor
 *                and its references to moved globals redirected (relocs.c)
 *   5. symbols:  every slot in the program, every body / transformer /
 *                new global in the patch; the "types" (type_patch.c),
 *                whose transformers are smoke-run under the crash guard
 *   6. client:   still connected (else the request was withdrawn)
 *   6a. stack:   if the patch "changes" a signature, a global's storage or
 *                a type's layout, no activation on the stack may use it
 *                after its call returns (restrict.c); else the patch waits
 *                loaded, and every later update point retries from 6
 *                (defer.c)
 *   6b. moved:   the transformers of globals whose type changed, old
 *                storage -> the patch's new storage, under the crash guard
 *                (moved_globals.c; a crash refuses the patch)
 *   7. commit:   register the type steps, store the new bodies, run the
 *                state transformer under the crash guard (guard.c); a
 *                non-zero return or a crash restores the old bodies and
 *                the type steps ("failed")
 *
 * Known limits: the patch's constructors run at step 4, before step 5 has
 * checked its symbols; an endless loop inside a transformer hangs the
 * update point.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "moved_globals.h"
#include "patch_file.h"
#include "restrict.h"
#include "rt_internal.h"

long long dsu_now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/**
 * load() - phase 4: dlopen() the checked descriptor through /proc/self/fd.
 *
 * The dynamic loader knows objects by name: if an earlier patch was loaded
 * as "/proc/self/fd/N" and N has been reused since, dlopen() of that name
 * would hand back the OLD patch.  So the descriptor is moved to a number
 * no loaded object is named after.
 *
 * Return: the handle, or NULL with @msg filled (dlerror() text names a
 * missing symbol or library).
 */
static void *load(struct dsu_patch *p, const char *path, char *msg, size_t n)
{
  char fdpath[64];
  for (int tries = 0; tries < 64; tries++) {
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", p->fd);
    void *old = dlopen(fdpath, RTLD_LAZY | RTLD_NOLOAD);
    struct link_map *lm = NULL;
    if (old && dlinfo(old, RTLD_DI_LINKMAP, &lm) == 0 && lm && strcmp(lm->l_name, fdpath) != 0) {
      /* Found by device and inode under another name: this very file is
       * loaded already (a patch whose transformer failed is kept). */
      dlclose(old);
      old = NULL;
    }
    if (!old) {
      void *h = dlopen(fdpath, RTLD_NOW | RTLD_GLOBAL);
      if (!h)
        snprintf(msg, n, "patch %s: cannot be loaded: %s", path, dlerror());
      return h;
    }
    dlclose(old);
    int nfd = fcntl(p->fd, F_DUPFD_CLOEXEC, p->fd + 1);
    if (nfd < 0)
      break;
    close(p->fd);
    p->fd = nfd;
  }
  snprintf(msg, n, "patch %s: no descriptor number free of an earlier patch's name", path);
  return NULL;
}

/* Non-zero if @addr lies in the object @lm. */
int dsu_defined_in(void *addr, struct link_map *lm)
{
  Dl_info info;
  struct link_map *where = NULL;
  if (!dladdr1(addr, &info, (void **)&where, RTLD_DL_LINKMAP))
    return 0;
  return where == lm;
}

/* Look up @sym in the patch itself (not the program, not other patches). */
void *dsu_patch_sym(void *h, struct link_map *lm, const char *sym, const char *what,
                    const char *path, char *msg, size_t n)
{
  void *a = dlsym(h, sym);
  if (!a) {
    snprintf(msg, n, "patch %s: %s %s is not defined by the patch", path, what, sym);
    return NULL;
  }
  if (!dsu_defined_in(a, lm)) {
    snprintf(msg, n, "patch %s: %s %s resolves outside the patch", path, what, sym);
    return NULL;
  }
  return a;
}

/**
 * resolve() - phase 5: find every address the commit needs.
 *
 * Return: 0 with @swaps and @xform filled, or -1 with @msg filled.
 */
static int resolve(struct dsu_patch *p, void *h, const char *path, struct swap *swaps,
                   int (**xform)(void), char *msg, size_t n)
{
  struct link_map *lm = NULL;
  if (dlinfo(h, RTLD_DI_LINKMAP, &lm) < 0) {
    snprintf(msg, n, "patch %s: dlinfo: %s", path, dlerror());
    return -1;
  }
  for (size_t i = 0; i < p->nreplace; i++) {
    const struct dsu_patch_swap *s = &p->replace[i];
    void **slot = dlsym(RTLD_DEFAULT, s->slot);
    if (!slot) {
      snprintf(msg, n, "patch %s: slot %s (function %s) is not in the running program", path,
               s->slot, s->id);
      return -1;
    }
    if (dsu_defined_in(slot, lm)) {
      /* The program does not export the slot: swapping the patch's own copy would change nothing. */
      snprintf(msg, n, "patch %s: slot %s (function %s) is defined by the patch, not by the program",
               path, s->slot, s->id);
      return -1;
    }
    void *body = dsu_patch_sym(h, lm, s->newb, "new body", path, msg, n);
    if (!body)
      return -1;
    swaps[i] = (struct swap){ .slot = slot, .new_body = body };
  }
  for (size_t i = 0; i < p->nadd; i++) {
    if (!dsu_patch_sym(h, lm, p->add[i].slot, "slot of added function", path, msg, n) ||
        !dsu_patch_sym(h, lm, p->add[i].newb, "body of added function", path, msg, n))
      return -1;
  }
  for (size_t i = 0; i < p->nnew_globals; i++) {
    if (!dsu_patch_sym(h, lm, p->new_globals[i], "new global", path, msg, n))
      return -1;
  }
  *xform = NULL;
  if (p->xform) {
    void *x = dsu_patch_sym(h, lm, p->xform, "state transformer", path, msg, n);
    if (!x)
      return -1;
    *xform = (int (*)(void))x;
  }
  return 0;
}

/* The state transformer's call, for the crash guard. */
struct xform_call {
  int (*fn)(void);
  int rc;
};

static void call_xform(void *arg)
{
  struct xform_call *c = arg;
  c->rc = c->fn();
}

/**
 * commit() - phase 7: register the type steps, store the new bodies, run
 * the state transformer under the crash guard.
 *
 * The steps go in first: the transformer runs new code, which may meet
 * objects still in an old layout and must be able to convert them.
 *
 * Return: 0; or, with everything restored, the transformer's non-zero code
 * (*@signo 0) or 1 with *@signo the signal it crashed with.
 */
static int commit(const struct dsu_patch *p, struct swap *swaps,
                  const struct dsu_type_change *types, int (*xform)(void), int *signo)
{
  size_t n = p->nreplace;
  dsu_types_commit(p, types);
  for (size_t i = 0; i < n; i++) {
    swaps[i].old_body = __atomic_load_n(swaps[i].slot, __ATOMIC_ACQUIRE);
    __atomic_store_n(swaps[i].slot, swaps[i].new_body, __ATOMIC_RELEASE);
  }
  struct xform_call c = { .fn = xform, .rc = 0 };
  *signo = xform ? dsu_guard_run(call_xform, &c) : 0;
  int rc = *signo ? 1 : c.rc;
  if (rc != 0) {
    for (size_t i = n; i-- > 0;)
      __atomic_store_n(swaps[i].slot, swaps[i].old_body, __ATOMIC_RELEASE);
    dsu_types_rollback(p, types);
  }
  return rc;
}

/* The reply and the history entry for one outcome. */
static json_t *finish(enum dsu_status st, const char *path, const struct dsu_patch *p,
                      long long pause_us, long long load_us, const char *error, const char *where,
                      unsigned deferred)
{
  struct dsu_history_entry e = {
    .patch = (char *)path,
    .patch_id = p && p->json ? (char *)p->patch_id : NULL,
    .from = p && p->json ? (char *)p->from : NULL,
    .to = p && p->json ? (char *)p->to : NULL,
    .time = (int64_t)time(NULL),
    .pause_us = pause_us,
    .load_us = load_us,
    .result = st,
    .error = (char *)error,
    .update_point = (char *)where,
    .deferred_points = deferred,
  };
  dsu_history_add(&e);

  int ok = st == DSU_OK || st == DSU_ALREADY_APPLIED;
  json_t *r = json_pack("{s:b, s:s, s:s}", "ok", ok, "result", dsu_status_result(st), "patch", path);
  if (e.patch_id) {
    json_object_set_new(r, "patch_id", json_string(e.patch_id));
    json_object_set_new(r, "from", json_string(e.from));
    json_object_set_new(r, "to", json_string(e.to));
  }
  if (st == DSU_OK) {
    json_object_set_new(r, "pause_us", json_integer(pause_us));
    json_object_set_new(r, "load_us", json_integer(load_us));
  }
  if (error)
    json_object_set_new(r, "error", json_string(error));
  json_object_set_new(r, "version", json_string(dsu_rt.version));
  json_object_set_new(r, "update_point", json_string(where));
  if (deferred)
    json_object_set_new(r, "deferred_points", json_integer(deferred));
  if (st == DSU_OK)
    dsu_log("applied %s (%s) at %s: pause %lld us, now at version %s", path, e.patch_id, where,
            pause_us, dsu_rt.version);
  else
    dsu_log("%s %s: %s", dsu_status_result(st), path, error ? error : "");
  return r;
}

/* Release what a loaded patch holds; @unload: dlclose() it too (it was
 * never committed, so no code of it can be running). */
static void release(struct dsu_loaded *l, int unload)
{
  if (unload && l->h)
    dlclose(l->h);
  free(l->swaps);
  free(l->moved);
  free(l->types);
  json_decref(l->changes);
  dsu_patch_close(&l->p);
  free(l->path);
  memset(l, 0, sizeof *l);
}

/**
 * changes_of() - the names @p changes the representation of: its
 * "changes", or for a patch made before dsu-diff wrote them, the types and
 * moved globals its manifest lists (a signature change cannot be told from
 * such a manifest).
 */
static json_t *changes_of(const struct dsu_patch *p)
{
  json_t *c = json_object_get(p->json, "changes");
  if (json_is_object(c))
    return json_incref(c);
  c = json_pack("{s:[],s:[],s:[]}", "functions", "globals", "types");
  for (size_t i = 0; i < p->ntypes; i++)
    json_array_append_new(json_object_get(c, "types"), json_string(p->types[i].name));
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(p->json, "moved_globals"), i, e)
  {
    const char *id = json_string_value(json_object_get(e, "id"));
    if (id)
      json_array_append_new(json_object_get(c, "globals"), json_string(id));
  }
  return c;
}

json_t *dsu_loaded_withdraw(struct dsu_loaded *l, const char *where, const char *why, unsigned deferred)
{
  json_t *r = finish(DSU_WITHDRAWN, l->path, &l->p, -1, -1, why, where, deferred);
  release(l, 1);
  return r;
}

void dsu_loaded_abandon(struct dsu_loaded *l)
{
  release(l, 1);
}

json_t *dsu_loaded_try(struct dsu_loaded *l, int fd, const char *where, long long t0, unsigned deferred,
                       struct dsu_conflict *c)
{
  char msg[DSU_MSG_MAX];
  const char *path = l->path;
  json_t *reply;
  /* Last check before the commit.  Race left: the client may still time
   * out between here and the reply; then the patch is applied although
   * dsu-ctl reported a timeout (`dsu-ctl status` shows the truth). */
  if (dsu_peer_gone(fd))
    return dsu_loaded_withdraw(
        l, where, "the client left (dsu-ctl timed out) before the commit; nothing changed", deferred);
  /* Old code on the stack that may use what the patch changes after its
   * call returns: wait (nothing is released, the caller keeps @l). */
  if (dsu_restrict_check(l->changes, c))
    return NULL;

  /* Globals whose type changed: their values go to the patch's new storage
   * first (only the new storage is written: a crash changes nothing). */
  if (dsu_moved_run(path, l->moved, l->nmoved, msg, sizeof msg) < 0) {
    reply = finish(DSU_REFUSED, path, &l->p, -1, -1, msg, where, deferred);
    release(l, 1);
    return reply;
  }
  int sig = 0;
  int rc = commit(&l->p, l->swaps, l->types, l->xform, &sig);
  long long pause = dsu_now_us() - t0;
  if (rc != 0) {
    /* The handle is kept: the transformer may have left pointers into the patch behind. */
    if (sig)
      snprintf(msg, sizeof msg, "patch %s: state transformer %s crashed (%s); the update was rolled back",
               path, l->p.xform, dsu_signal_name(sig));
    else
      snprintf(msg, sizeof msg,
               "patch %s: state transformer %s returned %d; the update was rolled back", path,
               l->p.xform, rc);
    reply = finish(DSU_FAILED, path, &l->p, pause, l->load_us, msg, where, deferred);
    release(l, 0);
    return reply;
  }
  /* Success: the handle is never closed, old frames may still run patch code later. */
  dsu_moved_commit(l->moved, l->nmoved);
  dsu_restrict_add_patch(json_object_get(l->p.json, "frames"), l->h, l->p.fd, l->p.patch_id);
  snprintf(dsu_rt.version, sizeof dsu_rt.version, "%s", l->p.to);
  dsu_rt.updates_applied++;
  reply = finish(DSU_OK, path, &l->p, pause, l->load_us, NULL, where, deferred);
  release(l, 0);
  return reply;
}

json_t *dsu_apply(const char *path, int fd, const char *where, int *kept)
{
  char msg[DSU_MSG_MAX];
  struct dsu_loaded l = { 0 };
  long long t0 = dsu_now_us();
  *kept = 0;

  if (dsu_patch_open(path, &l.p, msg, sizeof msg) < 0)
    return finish(DSU_REFUSED, path, NULL, -1, -1, msg, where, 0);
  l.path = strdup(path);
  if (!l.path) {
    dsu_patch_close(&l.p);
    return finish(DSU_REFUSED, path, NULL, -1, -1, "out of memory", where, 0);
  }

  json_t *reply;
  struct dsu_patch *p = &l.p;
  if (dsu_defer_active()) {
    /* One waiting patch at a time: its validation holds for the program as
     * it is, which another patch would change. */
    char w[DSU_MSG_MAX / 2];
    dsu_defer_describe(w, sizeof w);
    snprintf(msg, sizeof msg, "patch %s (%s): %s; one patch waits at a time (let it apply, or stop its "
             "dsu-ctl to withdraw it)", path, p->patch_id, w);
    reply = finish(DSU_REFUSED, path, p, -1, -1, msg, where, 0);
    goto out;
  }
  if (dsu_history_applied(p->patch_id)) {
    reply = finish(DSU_ALREADY_APPLIED, path, p, -1, -1, NULL, where, 0);
    goto out;
  }
  if (strcmp(p->from, dsu_rt.version) != 0) {
    snprintf(msg, sizeof msg, "patch %s (%s) is for version %s, this program is at version %s",
             path, p->patch_id, p->from, dsu_rt.version);
    reply = finish(DSU_REFUSED, path, p, -1, -1, msg, where, 0);
    goto out;
  }
  if (dsu_peer_gone(fd)) {
    reply = finish(DSU_WITHDRAWN, path, p, -1, -1,
                   "the client left (dsu-ctl timed out) before the update point; nothing changed",
                   where, 0);
    goto out;
  }

  /* The dlopen() alone is timed too: the pause minus it is dsu's own cost. */
  long long t_load = dsu_now_us();
  l.h = load(p, path, msg, sizeof msg);
  l.load_us = dsu_now_us() - t_load;
  if (!l.h) {
    reply = finish(DSU_REFUSED, path, p, -1, -1, msg, where, 0);
    goto out;
  }
  /* Before anything of the patch runs: its references to globals that earlier
   * patches moved go to their current storage (relocs.c). */
  if (dsu_relocs_fix(l.h, p->fd, path, msg, sizeof msg) < 0) {
    reply = finish(DSU_REFUSED, path, p, -1, -1, msg, where, 0);
    goto out;
  }
  l.swaps = calloc(p->nreplace + 1, sizeof *l.swaps);
  l.types = calloc(p->ntypes + 1, sizeof *l.types);
  l.changes = changes_of(p);
  if (!l.swaps || !l.types || !l.changes) {
    reply = finish(DSU_REFUSED, path, p, -1, -1, "out of memory", where, 0);
    goto out;
  }
  if (resolve(p, l.h, path, l.swaps, &l.xform, msg, sizeof msg) < 0 ||
      dsu_types_prepare(p, l.h, path, l.types, msg, sizeof msg) < 0 ||
      dsu_moved_prepare(p, l.h, path, &l.moved, &l.nmoved, msg, sizeof msg) < 0) {
    reply = finish(DSU_REFUSED, path, p, -1, -1, msg, where, 0);
    goto out;
  }
  struct dsu_conflict c;
  reply = dsu_loaded_try(&l, fd, where, t0, 0, &c);
  if (reply)
    return reply; /* @l released */
  /* Old code on the stack is in the way: the patch waits, loaded and
   * validated, with the client's connection (defer.c). */
  *kept = 1;
  return dsu_defer_start(&l, fd, where, &c);

out:
  release(&l, 1);
  return reply;
}
