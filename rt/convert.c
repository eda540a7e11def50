/*
 * convert.c - __dsu_convert(), the slow path of a tag check: bring one
 * object to the layout the calling code was compiled for, or die saying
 * why that is impossible (docs/runtime.md, "Type versions and conversion").
 *
 * Rules, in order:
 *  - tag 0 means the base layout (desc->base_id): zeroed memory never
 *    stamped;
 *  - tag == expected: write the tag (so the next check is fast), done;
 *  - the type never changed in this process: adopt the object (write the
 *    expected id; the layouts cannot differ);
 *  - otherwise follow the steps from the object's tag, running each step's
 *    transformer, until the tag is the expected id; no step: fatal.
 *
 * The transformers run under the crash guard so that a crash is reported
 * with the type, step and object before the process aborts.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* One conversion in progress (the guarded part's arguments and results). */
struct conv {
  unsigned char *obj;
  struct dsu_type_rt *r;
  void *scratch;
  uint32_t tag, expected;
  const struct dsu_type_step *step; /* running or last run */
  int no_step;                      /* stopped: no step leads on from tag */
};

/* The newest step leaving layout @from, or NULL. */
static const struct dsu_type_step *step_from(const struct dsu_type_rt *r, uint32_t from)
{
  for (size_t i = r->nsteps; i-- > 0;)
    if (r->steps[i].from == from)
      return &r->steps[i];
  return NULL;
}

/* Guarded: run steps until the object is at c->expected or no step fits. */
static void run_chain(void *arg)
{
  struct conv *c = arg;
  size_t size = c->r->desc->size;
  /* Bounded: a patch that reverts a layout makes the steps a cycle. */
  for (size_t hops = 0; c->tag != c->expected; hops++) {
    const struct dsu_type_step *s = hops <= c->r->nsteps ? step_from(c->r, c->tag) : NULL;
    if (!s) {
      c->no_step = 1;
      return;
    }
    c->step = s;
    memcpy(c->scratch, c->obj, size);
    memset(c->obj + sizeof(uint32_t), 0, size - sizeof(uint32_t));
    s->xform(c->obj, c->scratch);
    memcpy(c->obj, &s->to, sizeof s->to);
    c->tag = s->to;
    ((struct dsu_type_step *)s)->converted++;
    c->r->converted++;
  }
}

/* Non-zero if @id is a layout this process has known for the type. */
static int known_id(const struct dsu_type_rt *r, uint32_t id)
{
  if (id == r->desc->base_id)
    return 1;
  for (size_t i = 0; i < r->nsteps; i++)
    if (r->steps[i].from == id || r->steps[i].to == id)
      return 1;
  return 0;
}

/* No way from the object's layout to the expected one: say why, abort. */
static void no_way(const struct conv *c, void *obj, uint32_t raw_tag)
{
  const struct dsu_type_rt *r = c->r;
  const char *name = r->desc->name;
  fprintf(stderr,
          "dsu: fatal: %s object at %p has layout tag %08x, the code using it expects %08x, and no "
          "conversion leads there\n",
          name, obj, (unsigned)raw_tag, (unsigned)c->expected);
  fprintf(stderr, "dsu: layouts of %s in this process: %08x (base)", name, (unsigned)r->desc->base_id);
  for (size_t i = 0; i < r->nsteps; i++)
    fprintf(stderr, ", %08x -> %08x (patch %s)", (unsigned)r->steps[i].from,
            (unsigned)r->steps[i].to, r->steps[i].patch_id);
  fprintf(stderr, "\n");
  if (!known_id(r, c->tag))
    fprintf(stderr,
            "dsu: likely cause: the object was never stamped (allocated by an allocator dsu does "
            "not know: mark it __attribute__((annotate(\"dsu_alloc\")))) or its tag was "
            "overwritten\n");
  else if (known_id(r, c->expected))
    fprintf(stderr,
            "dsu: likely cause: old code using %s after the type changed under it (a function "
            "compiled for layout %08x was not replaced by the patch, or was still running)\n",
            name, (unsigned)c->expected);
  else
    fprintf(stderr,
            "dsu: likely cause: code compiled for a layout %08x this process never had (a patch "
            "applied out of order, or a module built against another version)\n",
            (unsigned)c->expected);
  abort();
}

void __dsu_convert(void *obj, struct dsu__type *t, uint32_t expected)
{
  if (t->abi != DSU_TYPE_ABI || t->size < sizeof(uint32_t)) {
    fprintf(stderr,
            "dsu: fatal: type descriptor at %p has ABI %u and size %llu, this runtime supports "
            "ABI %d: code and runtime do not match\n",
            (void *)t, (unsigned)t->abi, (unsigned long long)t->size, DSU_TYPE_ABI);
    abort();
  }
  dsu_types_lock();
  struct dsu_type_rt *r = dsu_type_rt(t);
  if (!r) {
    fprintf(stderr, "dsu: fatal: out of memory registering %s (object at %p)\n", t->name, obj);
    abort();
  }
  r->slow_path++;
  uint32_t raw;
  memcpy(&raw, obj, sizeof raw);
  struct conv c = { .obj = obj, .r = r, .tag = raw ? raw : t->base_id, .expected = expected };
  if (c.tag != expected && !r->nsteps)
    r->adopted++; /* no layout but the base exists yet: the bytes are right */
  else if (c.tag != expected) {
    c.scratch = malloc(t->size);
    if (!c.scratch) {
      fprintf(stderr, "dsu: fatal: out of memory converting %s object at %p\n", t->name, obj);
      abort();
    }
    int sig = dsu_guard_run(run_chain, &c);
    free(c.scratch);
    if (sig) {
      fprintf(stderr,
              "dsu: fatal: type transformer of %s, step %08x -> %08x (patch %s), crashed (%s) "
              "converting the object at %p; the object is half converted\n",
              t->name, (unsigned)c.step->from, (unsigned)c.step->to, c.step->patch_id,
              dsu_signal_name(sig), obj);
      abort();
    }
    if (c.no_step)
      no_way(&c, obj, raw);
    dsu_types_unlock();
    return;
  }
  memcpy(obj, &expected, sizeof expected);
  dsu_types_unlock();
}
