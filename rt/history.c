/*
 * history.c - every apply request the process has served, in order.
 *
 * Grows without bound (one entry per request; requests come from the
 * program's owner only).  Touched only inside an update point.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

static struct dsu_history_entry *hist;
static size_t nhist, caphist;

static char *dup_or_null(const char *s)
{
  return s ? strdup(s) : NULL;
}

void dsu_history_add(const struct dsu_history_entry *e)
{
  if (nhist == caphist) {
    size_t cap = caphist ? caphist * 2 : 16;
    struct dsu_history_entry *n = realloc(hist, cap * sizeof *n);
    if (!n) {
      dsu_log("out of memory: history entry for %s lost", e->patch);
      return;
    }
    hist = n;
    caphist = cap;
  }
  struct dsu_history_entry *d = &hist[nhist++];
  *d = *e;
  d->patch = dup_or_null(e->patch);
  d->patch_id = dup_or_null(e->patch_id);
  d->from = dup_or_null(e->from);
  d->to = dup_or_null(e->to);
  d->error = dup_or_null(e->error);
  d->update_point = dup_or_null(e->update_point);
}

int dsu_history_applied(const char *patch_id)
{
  for (size_t i = 0; i < nhist; i++)
    if (hist[i].result == DSU_OK && hist[i].patch_id && strcmp(hist[i].patch_id, patch_id) == 0)
      return 1;
  return 0;
}

/* A string or JSON null. */
static json_t *str_or_null(const char *s)
{
  return s ? json_string(s) : json_null();
}

json_t *dsu_history_json(void)
{
  json_t *a = json_array();
  for (size_t i = 0; i < nhist; i++) {
    const struct dsu_history_entry *e = &hist[i];
    json_t *o = json_object();
    json_object_set_new(o, "patch", str_or_null(e->patch));
    json_object_set_new(o, "patch_id", str_or_null(e->patch_id));
    json_object_set_new(o, "from", str_or_null(e->from));
    json_object_set_new(o, "to", str_or_null(e->to));
    json_object_set_new(o, "time", json_integer(e->time));
    json_object_set_new(o, "pause_us", e->pause_us >= 0 ? json_integer(e->pause_us) : json_null());
    json_object_set_new(o, "load_us", e->load_us >= 0 ? json_integer(e->load_us) : json_null());
    json_object_set_new(o, "result", json_string(dsu_status_result(e->result)));
    json_object_set_new(o, "error", str_or_null(e->error));
    json_object_set_new(o, "update_point", str_or_null(e->update_point));
    json_object_set_new(o, "deferred_points", json_integer(e->deferred_points));
    json_array_append_new(a, o);
  }
  return a;
}
