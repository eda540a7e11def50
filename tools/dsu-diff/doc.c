/*
 * doc.c - the index of a binary's functions and globals, and the helpers
 * that write the analysis document.
 */
#include "analyse_internal.h"

#include "strvec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *str(json_t *o, const char *key)
{
  return json_string_value(json_object_get(o, key));
}

void index_build(const struct dsu_binary *b, struct index *ix)
{
  ix->funcs = json_object();
  ix->globals = json_object();
  for (size_t t = 0; t < b->ntus; t++) {
    const char *kinds[2] = {"functions", "globals"};
    json_t *maps[2] = {ix->funcs, ix->globals};
    for (int k = 0; k < 2; k++) {
      size_t i;
      json_t *e;
      json_array_foreach(json_object_get(b->tus[t].manifest, kinds[k]), i, e) {
        const char *id = str(e, "id");
        /* The first definition wins: an id is unique in a linked program
         * (externals by the linker, statics by their TU prefix). */
        if (id && !json_object_get(maps[k], id))
          json_object_set_new(maps[k], id, json_pack("{s:s,s:O}", "tu", b->tus[t].tu, "def", e));
      }
    }
  }
}

void index_free(struct index *ix)
{
  json_decref(ix->funcs);
  json_decref(ix->globals);
}

void add_msg(json_t *doc, const char *list, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0)
    s = NULL;
  va_end(ap);
  if (!s)
    abort();
  /* The same struct may be defined in several TUs: say it once. */
  json_t *arr = json_object_get(doc, list);
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) if (strcmp(json_string_value(e), s) == 0) {
    free(s);
    return;
  }
  json_array_append_new(arr, json_string(s));
  free(s);
}

/* The report entry of TU @tu, created with @status when first asked for. */
json_t *tu_entry(json_t *doc, const char *tu, const char *status)
{
  json_t *tus = json_object_get(doc, "tus");
  size_t i;
  json_t *e;
  json_array_foreach(tus, i, e) if (strcmp(str(e, "tu"), tu) == 0) return e;
  e = json_pack("{s:s,s:s,s:[],s:[],s:[]}", "tu", tu, "status", status, "functions", "globals",
                "types");
  json_array_append_new(tus, e);
  return e;
}

void tu_note(json_t *doc, const char *tu, const char *kind, json_t *entry)
{
  json_t *t = tu_entry(doc, tu, "changed");
  if (strcmp(str(t, "status"), "unchanged") == 0)
    json_object_set_new(t, "status", json_string("changed"));
  json_array_append_new(json_object_get(t, kind), entry);
}

/* The build lists of TU @tu ("build" member of the analysis). */
json_t *build_lists(json_t *doc, const char *tu)
{
  json_t *b = json_object_get(doc, "build");
  json_t *l = json_object_get(b, tu);
  if (!l) {
    l = json_pack("{s:[],s:[],s:[]}", "functions", "new_functions", "new_globals");
    json_object_set_new(b, tu, l);
  }
  return l;
}

int json_str_eq(json_t *a, json_t *b)
{
  return json_equal(a, b);
}

int array_has(json_t *arr, const char *s)
{
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) if (json_is_string(e) && strcmp(json_string_value(e), s) == 0) return 1;
  return 0;
}

json_t *effective_restrict(struct index *ix, json_t *def)
{
  json_t *r = json_object_get(def, "restrict");
  if (!json_is_object(r))
    return NULL;
  r = json_deep_copy(r);
  json_t *types = json_object_get(r, "types");
  if (!json_is_array(types)) {
    types = json_array();
    json_object_set_new(r, "types", types);
  }
  const char *keys[2] = {"slot_callees", "direct_callees"};
  for (int k = 0; k < 2; k++) {
    size_t i, j;
    json_t *c, *t;
    json_array_foreach(json_object_get(def, keys[k]), i, c) {
      json_t *cd = json_is_string(c) ? json_object_get(json_object_get(ix->funcs, json_string_value(c)), "def") : NULL;
      json_array_foreach(json_object_get(cd, "returns_field_alias"), j, t)
        if (json_is_string(t) && !array_has(types, json_string_value(t)))
          json_array_append(types, t);
    }
  }
  return r;
}
