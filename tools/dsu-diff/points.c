/*
 * points.c - what the update points of a binary hold back, before it is
 * deployed: dsu-diff --update-points (per update point, the names whose
 * signature, storage or layout a patch may not change while that point is
 * the one reached; per wrapped type, whether any point at all lets its
 * layout change), and the warning that a patch could never be applied
 * because every update point of OLD holds back a name it changes.
 *
 * Both read the summaries the compiler writes (docs/manifest.md section 2):
 * a point's "restrict" is what the code after that dsu_update() call may
 * use, and its function is always on the stack there.  The runtime checks
 * the summary of each function on the stack as a whole (docs/runtime.md,
 * "Deferred updates"), which covers the code after every call of the point's
 * function, so the report shows what that adds too.  Callers of the point's
 * function are on the stack as well; which ones is only known at run time.
 */
#include "analyse.h"
#include "analyse_internal.h"
#include "report.h"

#include "strvec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"functions", "globals", "types"};

/* The record in @manifest of the function an update point names (its IR
 * name, which for a static is not its id), or NULL. */
static json_t *point_function(json_t *manifest, const char *name)
{
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(manifest, "functions"), i, f) {
    const char *irn = str(f, "ir_name") ? str(f, "ir_name") : str(f, "id");
    if (irn && name && !strcmp(irn, name))
      return f;
  }
  return NULL;
}

/* "worker (main.c:43)", as the runtime names the point it is at. */
static char *point_label(json_t *p)
{
  const char *fn = str(p, "function") ? str(p, "function") : "?";
  const char *file = str(p, "file") ? str(p, "file") : "?";
  json_int_t line = json_integer_value(json_object_get(p, "line"));
  if (line > 0)
    return xasprintf("%s (%s:%" JSON_INTEGER_FORMAT ")", fn, file, line);
  return xasprintf("%s (%s)", fn, file);
}

/* "function scale", "global counter", "struct item", "type item_t": a
 * name of @kind as messages (and the runtime's) say it. */
static char *change_label(int kind, const char *name)
{
  if (kind == 0)
    return xasprintf("function %s", name);
  if (kind == 1)
    return xasprintf("global %s", name);
  if (!strncmp(name, "struct ", 7) || !strncmp(name, "union ", 6))
    return xstrdup(name);
  return xasprintf("type %s", name);
}

/* Append @why to the "why" list of the type entry @name in @types (an
 * object name -> entry), creating the entry; @why NULL only creates it. */
static void note_type(json_t *types, const char *name, const char *why)
{
  json_t *e = json_object_get(types, name);
  if (!e) {
    e = json_pack("{s:s,s:b,s:[]}", "name", name, "pinned", 0, "why");
    json_object_set_new(types, name, e);
  }
  if (!why)
    return;
  json_object_set_new(e, "pinned", json_true());
  if (!array_has(json_object_get(e, "why"), why))
    json_array_append_new(json_object_get(e, "why"), json_string(why));
}

static int cmp_names(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every wrapped type of @b, sorted by name, with what pins it: the clang
 * plugin's "pinned" on its records and the pass's "pinned_types", in any
 * TU (the rules dsu-diff refuses a layout change by, types.c). */
static json_t *wrapped_types(const struct dsu_binary *b)
{
  json_t *byname = json_object();
  for (size_t t = 0; t < b->ntus; t++) {
    json_t *m = b->tus[t].manifest, *e, *pin;
    size_t i, j;
    json_array_foreach(json_object_get(m, "types"), i, e) {
      if (!str(e, "name") || !json_is_true(json_object_get(e, "wrapped")))
        continue;
      note_type(byname, str(e, "name"), NULL);
      json_array_foreach(json_object_get(e, "pinned"), j, pin) {
        char *why = xasprintf("%s (%s:%" JSON_INTEGER_FORMAT ")", str(pin, "why") ? str(pin, "why") : "?",
                              str(pin, "file") ? str(pin, "file") : "?",
                              json_integer_value(json_object_get(pin, "line")));
        note_type(byname, str(e, "name"), why);
        free(why);
      }
    }
  }
  /* The pass's findings after the plugin's, so each type lists the
   * plugin's (which say file:line) first. */
  for (size_t t = 0; t < b->ntus; t++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(b->tus[t].manifest, "pinned_types"), i, e)
      if (str(e, "type"))
        note_type(byname, str(e, "type"), str(e, "why") ? str(e, "why") : "?");
  }
  /* json objects keep insertion order; the report is sorted by name. */
  size_t n = json_object_size(byname), k = 0;
  const char **names = calloc(n + 1, sizeof *names);
  const char *name;
  json_t *e;
  json_object_foreach(byname, name, e) names[k++] = name;
  qsort(names, k, sizeof *names, cmp_names);
  json_t *out = json_array();
  for (size_t i = 0; i < k; i++)
    json_array_append(out, json_object_get(byname, names[i]));
  free(names);
  json_decref(byname);
  return out;
}

json_t *dsu_update_points(const struct dsu_binary *b)
{
  struct index ix;
  index_build(b, &ix);
  json_t *points = json_array();
  for (size_t t = 0; t < b->ntus; t++) {
    json_t *m = b->tus[t].manifest;
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(m, "update_points"), i, p) {
      json_t *r = json_object_get(p, "restrict");
      json_t *def = point_function(m, str(p, "function"));
      json_t *fr = def ? effective_restrict(&ix, def) : NULL;
      json_t *e = json_pack("{s:s}", "tu", b->tus[t].tu);
      const char *copy[4] = {"index", "function", "file", "line"};
      for (int k = 0; k < 4; k++)
        json_object_set(e, copy[k], json_object_get(p, copy[k]) ? json_object_get(p, copy[k]) : json_null());
      json_object_set(e, "restrict", json_is_object(r) ? r : json_null());
      json_object_set_new(e, "function_restrict", fr ? fr : json_null());
      json_array_append_new(points, e);
    }
  }
  index_free(&ix);
  return json_pack("{s:i,s:s,s:s,s:o,s:o}", "format", 1, "file", b->path, "version", b->version,
                   "update_points", points, "types", wrapped_types(b));
}

/* "a, b, c" of the strings in @arr, or NULL when it is empty. */
static char *join(json_t *arr)
{
  char *s = NULL;
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) {
    if (!json_is_string(e))
      continue;
    char *n = s ? xasprintf("%s, %s", s, json_string_value(e)) : xstrdup(json_string_value(e));
    free(s);
    s = n;
  }
  return s;
}

/* The line naming what the whole function's summary adds to the point's:
 * the runtime knows frames, not points, so it holds these back here too. */
static void print_function_extra(FILE *out, json_t *p)
{
  json_t *r = json_object_get(p, "restrict"), *fr = json_object_get(p, "function_restrict");
  if (!json_is_object(r) || !json_is_object(fr))
    return;
  char *s = NULL;
  for (int k = 0; k < 3; k++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fr, kinds[k]), i, e) {
      if (!json_is_string(e) || array_has(json_object_get(r, kinds[k]), json_string_value(e)))
        continue;
      char *l = change_label(k, json_string_value(e));
      char *n = s ? xasprintf("%s, %s", s, l) : xstrdup(l);
      free(l);
      free(s);
      s = n;
    }
  }
  if (s)
    fprintf(out, "  also:      %s (the runtime checks the summary of %s as a whole: the code after its "
                 "other calls too)\n",
            s, str(p, "function") ? str(p, "function") : "?");
  free(s);
}

void dsu_report_points(FILE *out, json_t *doc)
{
  json_t *points = json_object_get(doc, "update_points");
  size_t n = json_array_size(points);
  fprintf(out, "update points of %s (version %s): %zu\n", str(doc, "file"), str(doc, "version"), n);
  if (!n)
    fprintf(out, "  none: this program never applies a patch (call dsu_update() where it may be updated)\n");
  static const char *const label[] = {"functions:", "globals:", "types:"};
  static const char *const rule[] = {"signature may not change", "may not move", "layout may not change"};
  size_t i;
  json_t *p, *t;
  json_array_foreach(points, i, p) {
    char *where = point_label(p);
    fprintf(out, "update point %s:\n", where);
    free(where);
    json_t *r = json_object_get(p, "restrict");
    if (!json_is_object(r)) {
      fprintf(out, "  no summary (built by an older dsu-cc): every signature, storage or layout change waits here\n");
      continue;
    }
    for (int k = 0; k < 3; k++) {
      char *s = join(json_object_get(r, kinds[k]));
      if (s)
        fprintf(out, "  %-10s %s (%s)\n", label[k], s, rule[k]);
      else
        fprintf(out, "  %-10s none\n", label[k]);
      free(s);
    }
    print_function_extra(out, p);
  }
  json_t *types = json_object_get(doc, "types");
  if (!json_array_size(types)) {
    fprintf(out, "wrapped types: none (structs change layout only when wrapped: dsu-cc --dsu-wrap)\n");
    return;
  }
  size_t npinned = 0;
  json_array_foreach(types, i, t) npinned += json_is_true(json_object_get(t, "pinned"));
  if (!npinned)
    fprintf(out, "pinned types: none\n");
  else
    fprintf(out, "pinned types (no update point lets their layout change: an alias reaches their objects "
                 "without a tag check):\n");
  json_array_foreach(types, i, t) {
    if (!json_is_true(json_object_get(t, "pinned")))
      continue;
    size_t j;
    json_t *w;
    json_array_foreach(json_object_get(t, "why"), j, w)
      fprintf(out, "  %s: %s\n", str(t, "name"), json_string_value(w));
  }
  char *free_names = NULL;
  json_array_foreach(types, i, t) {
    if (json_is_true(json_object_get(t, "pinned")))
      continue;
    char *s = free_names ? xasprintf("%s, %s", free_names, str(t, "name")) : xstrdup(str(t, "name"));
    free(free_names);
    free_names = s;
  }
  if (free_names)
    fprintf(out, "not pinned: %s\n", free_names);
  free(free_names);
}

/* Labels ("struct item") of the names of @changes the summary @r holds. */
static json_t *held(json_t *r, json_t *changes)
{
  json_t *hits = json_array();
  for (int k = 0; k < 3; k++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(changes, kinds[k]), i, e) {
      if (!json_is_string(e) || !array_has(json_object_get(r, kinds[k]), json_string_value(e)))
        continue;
      char *l = change_label(k, json_string_value(e));
      json_array_append_new(hits, json_string(l));
      free(l);
    }
  }
  return hits;
}

/* "a", "a and b", "a, b and c". */
static char *and_list(json_t *arr)
{
  size_t n = json_array_size(arr);
  char *s = xstrdup(n ? json_string_value(json_array_get(arr, 0)) : "");
  for (size_t i = 1; i < n; i++) {
    char *t = xasprintf("%s%s%s", s, i + 1 == n ? " and " : ", ", json_string_value(json_array_get(arr, i)));
    free(s);
    s = t;
  }
  return s;
}

/* Most points a message lists one by one. */
#define MAX_LISTED 4

/**
 * check_never_applies() - warn when every update point of @old holds back
 * (by its own summary) a name in the "changes" of the analysis @doc: the
 * runtime would defer the patch at each of them, forever.  One name held
 * at every point is named; otherwise each point with what it holds.  Only
 * a warning: summaries over-approximate.  Points without a summary, and a
 * binary without update points, give no warning.
 */
void check_never_applies(json_t *doc, const struct dsu_binary *old)
{
  json_t *changes = json_object_get(doc, "changes");
  json_t *all = json_array(); /* labels of every name the patch changes */
  json_t *common = NULL, *per_point = json_array(), *labels = json_array();
  int blocked = 1;
  for (int k = 0; k < 3; k++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(changes, kinds[k]), i, e) {
      char *l = json_is_string(e) ? change_label(k, json_string_value(e)) : NULL;
      if (l)
        json_array_append_new(all, json_string(l));
      free(l);
    }
  }
  for (size_t t = 0; t < old->ntus && blocked; t++) {
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(old->tus[t].manifest, "update_points"), i, p) {
      json_t *r = json_object_get(p, "restrict");
      /* A point without a summary (an older dsu-cc) may or may not hold
       * anything back: say nothing rather than guess. */
      json_t *hits = json_is_object(r) ? held(r, changes) : json_array();
      if (!json_array_size(hits)) {
        json_decref(hits);
        blocked = 0;
        break;
      }
      if (!common) {
        common = json_deep_copy(hits);
      } else {
        json_t *keep = json_array();
        size_t j;
        json_t *c;
        json_array_foreach(common, j, c) if (array_has(hits, json_string_value(c))) json_array_append(keep, c);
        json_decref(common);
        common = keep;
      }
      char *where = point_label(p);
      json_array_append_new(labels, json_string(where));
      char *h = and_list(hits);
      char *entry = xasprintf("%s: %s", where, h);
      json_array_append_new(per_point, json_string(entry));
      free(entry);
      free(h);
      free(where);
      json_decref(hits);
    }
  }
  /* No update point at all: nothing waits at one, nothing to say here. */
  if (blocked && common) {
    static const char advice[] =
        "it would wait forever; move that use out of the loop into a function the loop calls, or add "
        "an update point after which nothing uses it (dsu-diff --update-points OLD lists what each "
        "point holds back)";
    if (json_array_size(common)) {
      char *names = and_list(common);
      add_msg(doc, "warnings",
              "the patch changes %s, which every update point of OLD may still use after it (e.g. %s): %s",
              names, json_string_value(json_array_get(labels, 0)), advice);
      free(names);
    } else {
      char *names = and_list(all), *list = NULL;
      size_t n = json_array_size(per_point);
      for (size_t j = 0; j < n && j < MAX_LISTED; j++) {
        const char *s = json_string_value(json_array_get(per_point, j));
        char *l = list ? xasprintf("%s; %s", list, s) : xstrdup(s);
        free(list);
        list = l;
      }
      if (n > MAX_LISTED) {
        char *l = xasprintf("%s; and %zu more", list, n - MAX_LISTED);
        free(list);
        list = l;
      }
      add_msg(doc, "warnings",
              "the patch changes %s, and every update point of OLD may still use one of them after it "
              "(%s): %s",
              names, list, advice);
      free(list);
      free(names);
    }
  }
  json_decref(common);
  json_decref(per_point);
  json_decref(labels);
  json_decref(all);
}
