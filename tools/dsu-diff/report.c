/*
 * report.c - print an analysis.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "?";
}

/* The plain decimal of an integer member (one static buffer: one use per call). */
static const char *json_dumps_size(json_t *v)
{
  static char buf[32];
  snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
  return buf;
}

/* "  field hits: converted (int -> long, widened)" */
static void explain_field(FILE *out, json_t *f)
{
  const char *act = str(f, "action");
  if (!strcmp(act, "copy"))
    fprintf(out, "  field %s: copied (%s)\n", str(f, "name"), str(f, "why"));
  else if (!strcmp(act, "convert"))
    fprintf(out, "  field %s: converted (%s)\n", str(f, "name"), str(f, "why"));
  else if (!strcmp(act, "new"))
    fprintf(out, "  field %s: new (%s), zeroed\n", str(f, "name"), str(f, "new_type"));
  else if (!strcmp(act, "dropped"))
    fprintf(out, "  field %s: dropped (%s): its value is lost\n", str(f, "name"), str(f, "old_type"));
  else
    fprintf(out, "  field %s: cannot infer: %s\n", str(f, "name"), str(f, "why"));
}

/* "changes: function scale (signature), ...": what makes the patch wait
 * while old code that may use it is on the stack. */
static void explain_changes(FILE *out, json_t *c)
{
  static const char *const kinds[] = {"functions", "globals", "types"};
  static const char *const what[] = {"function %s (signature)", "global %s (storage)", "%s (layout)"};
  int n = 0;
  for (int k = 0; k < 3; k++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(c, kinds[k]), i, e) {
      fputs(n++ ? ", " : "changes: ", out);
      fprintf(out, what[k], json_string_value(e));
    }
  }
  if (n)
    fprintf(out, "; the runtime defers the patch while old code that may use %s is on the stack\n",
            n == 1 ? "it" : "them");
}

void dsu_report_explain(FILE *out, json_t *a)
{
  json_t *o = json_object_get(a, "old"), *n = json_object_get(a, "new");
  fprintf(out, "OLD %s (version %s)\nNEW %s (version %s)\n", str(o, "file"), str(o, "version"),
          str(n, "file"), str(n, "version"));
  size_t i, j;
  json_t *t, *e;
  size_t unchanged = 0;
  json_array_foreach(json_object_get(a, "tus"), i, t) {
    if (strcmp(str(t, "status"), "unchanged") == 0) {
      unchanged++;
      continue;
    }
    fprintf(out, "TU %s (%s):\n", str(t, "tu"), str(t, "status"));
    json_array_foreach(json_object_get(t, "functions"), j, e) {
      if (json_is_true(json_object_get(e, "in_patch")) && strcmp(str(e, "change"), "added") == 0)
        fprintf(out, "  function %s: added (defined by the patch)\n", str(e, "id"));
      else if (json_is_true(json_object_get(e, "in_patch")))
        fprintf(out, "  function %s: replaced: %s\n", str(e, "id"), str(e, "why"));
      else
        fprintf(out, "  function %s: %s\n", str(e, "id"), str(e, "change"));
    }
    json_array_foreach(json_object_get(t, "globals"), j, e)
      fprintf(out, "  global %s: %s\n", str(e, "id"), str(e, "change"));
    json_array_foreach(json_object_get(t, "types"), j, e)
      fprintf(out, "  type %s: %s (%s)\n", str(e, "name"), str(e, "change"), str(e, "detail"));
  }
  if (unchanged)
    fprintf(out, "%zu TU%s unchanged\n", unchanged, unchanged == 1 ? "" : "s");
  json_array_foreach(json_object_get(a, "type_changes"), i, t) {
    fprintf(out, "type %s: layout %s -> %s (%s bytes), converted by a type transformer:\n", str(t, "name"),
            str(t, "from"), str(t, "to"), json_dumps_size(json_object_get(t, "size")));
    json_array_foreach(json_object_get(t, "fields"), j, e) explain_field(out, e);
  }
  json_array_foreach(json_object_get(a, "moved_globals"), i, t) {
    const char *act = str(t, "action");
    fprintf(out, "global %s: moved to new storage (%" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT " bytes), %s: %s\n",
            str(t, "id"), json_integer_value(json_object_get(t, "size_old")),
            json_integer_value(json_object_get(t, "size_new")),
            !strcmp(act, "decide") ? "needs a conversion written by hand" : !strcmp(act, "copy") ? "copied" : "converted",
            str(t, "why"));
  }
  explain_changes(out, json_object_get(a, "changes"));
  json_array_foreach(json_object_get(a, "warnings"), i, e)
    fprintf(out, "warning: %s\n", json_string_value(e));
  json_array_foreach(json_object_get(a, "refusals"), i, e)
    fprintf(out, "refused: %s\n", json_string_value(e));
  const char *r = str(a, "result");
  if (strcmp(r, "patch") == 0) {
    size_t nm = json_array_size(json_object_get(a, "moved_globals"));
    fprintf(out, "patch: %zu replaced, %zu added, %zu new globals",
            json_array_size(json_object_get(a, "replace")), json_array_size(json_object_get(a, "add")),
            json_array_size(json_object_get(a, "new_globals")));
    if (nm)
      fprintf(out, ", %zu moved global%s", nm, nm == 1 ? "" : "s");
    fputc('\n', out);
  } else if (strcmp(r, "no-changes") == 0)
    fprintf(out, "patch: no code changes (the patch only moves the version)\n");
  else if (strcmp(r, "same-version") == 0)
    fprintf(out, "patch: none (OLD and NEW are the same version)\n");
  else
    fprintf(out, "patch: refused\n");
}

void dsu_report_json(FILE *out, json_t *a)
{
  json_t *copy = json_copy(a);
  json_object_del(copy, "build");
  json_dumpf(copy, out, JSON_INDENT(2));
  fputc('\n', out);
  json_decref(copy);
}

void dsu_report_messages(json_t *a)
{
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(a, "warnings"), i, e)
    fprintf(stderr, "dsu-diff: warning: %s\n", json_string_value(e));
  json_array_foreach(json_object_get(a, "refusals"), i, e)
    fprintf(stderr, "dsu-diff: refused: %s\n", json_string_value(e));
}
