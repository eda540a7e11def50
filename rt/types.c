/*
 * types.c - the registry of wrapped types: for each type descriptor, the
 * layout the newest code expects, the chain of conversion steps patches
 * added, and the statistics `status` reports (docs/runtime.md, "Type
 * versions and conversion").
 *
 * An entry hangs off desc->rt and is created on the first slow-path hit or
 * when a patch changes the type.  Entries are never freed: descriptors
 * live in the program or in patches, which are never unloaded once
 * applied.  One recursive mutex guards everything here; it is recursive
 * because a type transformer may itself reach a tag check.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static struct dsu_type_rt *entries; /* newest first */

void dsu_types_lock(void)
{
  pthread_mutex_lock(&lock);
}

void dsu_types_unlock(void)
{
  pthread_mutex_unlock(&lock);
}

struct dsu_type_rt *dsu_type_rt(struct dsu__type *t)
{
  if (t->rt)
    return t->rt;
  struct dsu_type_rt *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->desc = t;
  r->current = t->base_id;
  r->next = entries;
  entries = r;
  t->rt = r;
  return r;
}

uint32_t dsu_type_current(const struct dsu__type *t)
{
  const struct dsu_type_rt *r = t->rt;
  return r ? r->current : t->base_id;
}

int dsu_type_reserve(struct dsu__type *t)
{
  struct dsu_type_rt *r = dsu_type_rt(t);
  if (!r)
    return -1;
  if (r->nsteps < r->cap)
    return 0;
  size_t cap = r->cap ? r->cap * 2 : 4;
  struct dsu_type_step *s = realloc(r->steps, cap * sizeof *s);
  if (!s)
    return -1;
  r->steps = s;
  r->cap = cap;
  return 0;
}

void dsu_type_push_step(struct dsu__type *t, uint32_t from, uint32_t to, dsu_xform_fn x,
                        const char *patch_id)
{
  struct dsu_type_rt *r = t->rt;
  struct dsu_type_step *s = &r->steps[r->nsteps++];
  *s = (struct dsu_type_step){ .from = from, .to = to, .xform = x };
  snprintf(s->patch_id, sizeof s->patch_id, "%s", patch_id);
  r->current = to;
}

void dsu_type_pop_step(struct dsu__type *t)
{
  struct dsu_type_rt *r = t->rt;
  r->nsteps--;
  r->current = r->nsteps ? r->steps[r->nsteps - 1].to : t->base_id;
}

/* A layout id as the manifest writes it: 8 lowercase hex digits. */
static json_t *id_json(uint32_t id)
{
  char s[9];
  snprintf(s, sizeof s, "%08x", (unsigned)id);
  return json_string(s);
}

json_t *dsu_types_json(void)
{
  json_t *a = json_array();
  dsu_types_lock();
  /* Oldest first: entries are pushed at the head, so build in reverse. */
  for (struct dsu_type_rt *r = entries; r; r = r->next) {
    if (!r->nsteps && !r->slow_path)
      continue; /* reserved by a refused patch, never used */
    json_t *steps = json_array();
    for (size_t i = 0; i < r->nsteps; i++) {
      const struct dsu_type_step *s = &r->steps[i];
      json_t *o = json_object();
      json_object_set_new(o, "from", id_json(s->from));
      json_object_set_new(o, "to", id_json(s->to));
      json_object_set_new(o, "patch_id", json_string(s->patch_id));
      json_object_set_new(o, "converted", json_integer((json_int_t)s->converted));
      json_array_append_new(steps, o);
    }
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(r->desc->name ? r->desc->name : "?"));
    json_object_set_new(o, "base", id_json(r->desc->base_id));
    json_object_set_new(o, "current", id_json(r->current));
    json_object_set_new(o, "steps", steps);
    json_object_set_new(o, "slow_path", json_integer((json_int_t)r->slow_path));
    json_object_set_new(o, "converted", json_integer((json_int_t)r->converted));
    json_object_set_new(o, "adopted", json_integer((json_int_t)r->adopted));
    json_array_insert_new(a, 0, o);
  }
  dsu_types_unlock();
  return a;
}
