/*
 * type_patch.c - the "types" of a patch (docs/manifest.md §3): validate
 * every layout change before the commit, register the conversion steps at
 * the commit, take them back if the commit is rolled back.
 *
 * Validation, per entry (any failure refuses the whole patch):
 *  - the descriptor resolves in the program (not only in the patch: a
 *    patch's own copy would be a type the running code never checks);
 *  - its ABI, C name and size agree with the manifest (the wrapped size is
 *    fixed across versions, docs/type-wrapping.md);
 *  - "from" is the layout the running code has now;
 *  - the transformer is defined by the patch and survives one run on a
 *    zeroed object (under the crash guard);
 *  - no type appears twice.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patch_file.h"
#include "rt_internal.h"

/* Arguments of one guarded smoke run. */
struct smoke {
  dsu_xform_fn xform;
  void *to;
  const void *from;
};

static void smoke_call(void *arg)
{
  struct smoke *s = arg;
  s->xform(s->to, s->from);
}

/**
 * smoke_run() - run @x once on a zeroed object of @size bytes tagged @from,
 * the way __dsu_convert() would (old bytes in a copy, new object zeroed
 * but its tag).
 *
 * Return: 0, the signal number that stopped it, or -1 if out of memory.
 */
static int smoke_run(dsu_xform_fn x, uint64_t size, uint32_t from)
{
  unsigned char *old = calloc(1, size), *obj = calloc(1, size);
  int sig = -1;
  if (old && obj) {
    memcpy(old, &from, sizeof from);
    memcpy(obj, &from, sizeof from);
    struct smoke s = { .xform = x, .to = obj, .from = old };
    sig = dsu_guard_run(smoke_call, &s);
  }
  free(old);
  free(obj);
  return sig;
}

/* Check one entry; fill @out.  Lock held. */
static int check_one(const struct dsu_patch_type *t, void *h, struct link_map *lm,
                     const char *path, struct dsu_type_change *out, char *msg, size_t n)
{
  struct dsu__type *d = dlsym(RTLD_DEFAULT, t->desc);
  if (!d || dsu_defined_in(d, lm)) {
    snprintf(msg, n, "patch %s: type descriptor %s (%s) is not in the running program", path,
             t->desc, t->name);
    return -1;
  }
  if (d->abi != DSU_TYPE_ABI) {
    snprintf(msg, n, "patch %s: type descriptor %s has ABI %u, this runtime supports %d", path,
             t->desc, (unsigned)d->abi, DSU_TYPE_ABI);
    return -1;
  }
  if (!d->name || strcmp(d->name, t->name) != 0) {
    snprintf(msg, n, "patch %s: type descriptor %s is for %s in the program, the manifest says %s",
             path, t->desc, d->name ? d->name : "(no name)", t->name);
    return -1;
  }
  if (d->size != t->size) {
    snprintf(msg, n,
             "patch %s: %s has wrapped size %llu in the patch but %llu in the program (the "
             "wrapped size must not change: build with dsu-cc --dsu-base)",
             path, t->name, (unsigned long long)t->size, (unsigned long long)d->size);
    return -1;
  }
  uint32_t cur = dsu_type_current(d);
  if (cur != t->from) {
    snprintf(msg, n, "patch %s expects %s at layout %s; the program has %08x", path, t->name,
             t->from_hex, (unsigned)cur);
    return -1;
  }
  char what[256];
  snprintf(what, sizeof what, "type transformer of %s", t->name);
  void *x = dsu_patch_sym(h, lm, t->xform, what, path, msg, n);
  if (!x)
    return -1;
  *out = (struct dsu_type_change){ .desc = d, .from = t->from, .to = t->to, .xform = (dsu_xform_fn)x };
  return 0;
}

int dsu_types_prepare(const struct dsu_patch *p, void *h, const char *path,
                      struct dsu_type_change *out, char *msg, size_t n)
{
  struct link_map *lm = NULL;
  if (!p->ntypes)
    return 0;
  if (dlinfo(h, RTLD_DI_LINKMAP, &lm) < 0) {
    snprintf(msg, n, "patch %s: dlinfo: %s", path, dlerror());
    return -1;
  }
  int rc = -1;
  dsu_types_lock();
  for (size_t i = 0; i < p->ntypes; i++) {
    if (check_one(&p->types[i], h, lm, path, &out[i], msg, n) < 0)
      goto out;
    for (size_t j = 0; j < i; j++)
      if (out[j].desc == out[i].desc) {
        snprintf(msg, n, "patch %s: %s is listed twice in \"types\"", path, p->types[i].name);
        goto out;
      }
  }
  /* Only now run patch code: every symbol is known to be there. */
  for (size_t i = 0; i < p->ntypes; i++) {
    int sig = smoke_run(out[i].xform, out[i].desc->size, out[i].from);
    if (sig < 0) {
      snprintf(msg, n, "patch %s: out of memory for the transformer smoke run", path);
      goto out;
    }
    if (sig > 0) {
      snprintf(msg, n, "patch %s: transformer for %s crashed (%s) on a zeroed object; nothing was changed",
               path, p->types[i].name, dsu_signal_name(sig));
      goto out;
    }
  }
  for (size_t i = 0; i < p->ntypes; i++)
    if (dsu_type_reserve(out[i].desc) < 0) {
      snprintf(msg, n, "patch %s: out of memory registering %s", path, p->types[i].name);
      goto out;
    }
  rc = 0;
out:
  dsu_types_unlock();
  return rc;
}

void dsu_types_commit(const struct dsu_patch *p, const struct dsu_type_change *c)
{
  dsu_types_lock();
  for (size_t i = 0; i < p->ntypes; i++)
    dsu_type_push_step(c[i].desc, c[i].from, c[i].to, c[i].xform, p->patch_id);
  dsu_types_unlock();
}

void dsu_types_rollback(const struct dsu_patch *p, const struct dsu_type_change *c)
{
  dsu_types_lock();
  for (size_t i = p->ntypes; i-- > 0;)
    dsu_type_pop_step(c[i].desc);
  dsu_types_unlock();
}
