/*
 * compare.c - what changed between two binaries, by identity.
 *
 * Functions and globals are matched by manifest "id" (a name, or TU:name for
 * statics), never by compiler-made symbol names, so a static helper keeps its
 * identity across versions.  Types are matched by name within the same TU.
 */
#include "analyse_internal.h"

#include "strvec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Functions: added, body or signature changed, removed. Fills @why with
 * id -> reason for every NEW function that must be defined by the patch. */
void compare_functions(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order)
{
  const char *id;
  json_t *n;
  json_object_foreach(ni->funcs, id, n) {
    json_t *nd = json_object_get(n, "def");
    json_t *o = json_object_get(oi->funcs, id);
    const char *tu = str(n, "tu");
    char *reason = NULL;
    const char *change = NULL;
    if (!o) {
      change = "added";
      reason = xstrdup("added");
    } else {
      json_t *od = json_object_get(o, "def");
      if (!json_str_eq(json_object_get(od, "type"), json_object_get(nd, "type")) ||
          !json_str_eq(json_object_get(od, "varargs"), json_object_get(nd, "varargs"))) {
        change = "signature changed";
        reason = xasprintf("signature changed (%s -> %s)", str(od, "type") ? str(od, "type") : "?",
                           str(nd, "type") ? str(nd, "type") : "?");
      } else if (!json_str_eq(json_object_get(od, "hash"), json_object_get(nd, "hash"))) {
        change = "body changed";
        reason = xstrdup("body changed");
      }
      /* Without loop extraction, an activation that is running (a loop
       * holding an update point, typically main's) keeps its old body. */
      if (change && json_integer_value(json_object_get(od, "update_points")) > 0)
        add_msg(doc, "warnings",
                "function %s holds an update point: the activation that is running keeps its old "
                "code (loop extraction is not supported yet); the new code runs from its next call",
                id);
    }
    if (!change)
      continue;
    json_object_set_new(why, id, json_string(reason));
    json_array_append_new(order, json_string(id));
    tu_note(doc, tu, "functions", json_pack("{s:s,s:s,s:s,s:b}", "id", id, "change", change, "why",
                                            reason, "in_patch", 1));
    free(reason);
  }
  json_t *o;
  json_object_foreach(oi->funcs, id, o) {
    if (json_object_get(ni->funcs, id))
      continue;
    tu_note(doc, str(o, "tu"), "functions",
            json_pack("{s:s,s:s,s:b}", "id", id, "change", "removed", "in_patch", 0));
    add_msg(doc, "warnings", "function %s removed; its old code stays loaded", id);
  }
}

void compare_globals(json_t *doc, struct index *oi, struct index *ni, json_t *changed_constants)
{
  const char *id;
  json_t *n;
  json_object_foreach(ni->globals, id, n) {
    json_t *nd = json_object_get(n, "def");
    json_t *o = json_object_get(oi->globals, id);
    const char *tu = str(n, "tu");
    if (!o) {
      tu_note(doc, tu, "globals", json_pack("{s:s,s:s}", "id", id, "change", "added"));
      json_array_append_new(json_object_get(doc, "new_globals"),
                            json_pack("{s:s,s:s}", "id", id, "sym", str(nd, "sym") ? str(nd, "sym") : id));
      json_array_append_new(json_object_get(build_lists(doc, tu), "new_globals"),
                            json_string(str(nd, "ir_name") ? str(nd, "ir_name") : id));
      continue;
    }
    json_t *od = json_object_get(o, "def");
    const char *change = NULL;
    int constant = json_is_true(json_object_get(od, "constant")) &&
                   json_is_true(json_object_get(nd, "constant"));
    int differs = !json_equal(json_object_get(od, "type"), json_object_get(nd, "type")) ||
                  !json_equal(json_object_get(od, "size"), json_object_get(nd, "size")) ||
                  !json_equal(json_object_get(od, "init_hash"), json_object_get(nd, "init_hash"));
    if (constant && differs) {
      /* A constant holds no state: patch code carries its own copy with the
       * new value, and every function that reads it joins the patch. */
      change = "constant changed";
      json_object_set_new(changed_constants, id, json_string(tu));
    } else if (!json_equal(json_object_get(od, "type"), json_object_get(nd, "type"))) {
      change = "type changed";
      add_msg(doc, "refusals",
              "global %s: type changed (%s -> %s); changing a global's type is not supported yet", id,
              str(od, "type") ? str(od, "type") : "?", str(nd, "type") ? str(nd, "type") : "?");
    } else if (!json_equal(json_object_get(od, "size"), json_object_get(nd, "size"))) {
      change = "size changed";
      add_msg(doc, "refusals",
              "global %s: size changed (%" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT
              " bytes); changing a global's size is not supported yet",
              id, json_integer_value(json_object_get(od, "size")),
              json_integer_value(json_object_get(nd, "size")));
    } else if (!json_equal(json_object_get(od, "init_hash"), json_object_get(nd, "init_hash"))) {
      change = "initialiser changed";
      add_msg(doc, "warnings",
              "global %s: initialiser changed; the running value is kept (write a state "
              "transformer, dsu-diff --xform, to change it)",
              id);
    }
    if (change)
      tu_note(doc, tu, "globals", json_pack("{s:s,s:s}", "id", id, "change", change));
  }
  json_t *o;
  json_object_foreach(oi->globals, id, o) {
    if (json_object_get(ni->globals, id))
      continue;
    tu_note(doc, str(o, "tu"), "globals", json_pack("{s:s,s:s}", "id", id, "change", "removed"));
    add_msg(doc, "warnings", "global %s removed; the old one stays in memory", id);
  }
}

static json_t *find_named(json_t *arr, const char *name)
{
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) if (str(e, "name") && strcmp(str(e, "name"), name) == 0) return e;
  return NULL;
}

/* "added x, removed y, changed z (int@4 -> long@8)" for two field lists. */
static char *field_diff(json_t *of, json_t *nf)
{
  struct strvec parts = {0};
  size_t i;
  json_t *f;
  json_array_foreach(nf, i, f) {
    json_t *o = find_named(of, str(f, "name") ? str(f, "name") : "");
    if (!o)
      strvec_pushf(&parts, "added %s", str(f, "name"));
    else if (!json_equal(o, f))
      strvec_pushf(&parts, "changed %s (%s@%" JSON_INTEGER_FORMAT " -> %s@%" JSON_INTEGER_FORMAT ")",
                   str(f, "name"), str(o, "type") ? str(o, "type") : "?",
                   json_integer_value(json_object_get(o, "offset")),
                   str(f, "type") ? str(f, "type") : "?",
                   json_integer_value(json_object_get(f, "offset")));
  }
  json_array_foreach(of, i, f) if (!find_named(nf, str(f, "name") ? str(f, "name") : ""))
      strvec_pushf(&parts, "removed %s", str(f, "name"));
  size_t len = 1;
  for (i = 0; i < parts.n; i++)
    len += strlen(parts.v[i]) + 2;
  char *s = calloc(1, len);
  for (i = 0; i < parts.n; i++) {
    if (i)
      strcat(s, ", ");
    strcat(s, parts.v[i]);
  }
  strvec_free(&parts);
  return s;
}

static void refuse_layout(json_t *doc, const char *tu, const char *name, const char *detail)
{
  json_t *t = tu_entry(doc, tu, "changed");
  if (!find_named(json_object_get(t, "types"), name))
    tu_note(doc, tu, "types",
            json_pack("{s:s,s:s,s:s}", "name", name, "change", "layout changed", "detail", detail));
  add_msg(doc, "refusals",
          "%s: layout changed (%s); changing struct layouts needs type wrapping, not supported yet",
          name, detail);
}

/* Struct layouts, from the plugin's C view and the pass's IR view. */
void compare_types(json_t *doc, const struct dsu_tu_rec *ot, const struct dsu_tu_rec *nt)
{
  json_t *otypes = json_object_get(ot->manifest, "types");
  size_t i;
  json_t *n;
  json_t *refused = json_array();
  json_array_foreach(json_object_get(nt->manifest, "types"), i, n) {
    const char *name = str(n, "name");
    json_t *o = name ? find_named(otypes, name) : NULL;
    if (!o || json_equal(o, n))
      continue;
    json_t *of = json_object_get(o, "fields"), *nf = json_object_get(n, "fields");
    json_t *osz = json_object_get(o, "size"), *nsz = json_object_get(n, "size");
    json_t *oal = json_object_get(o, "align"), *nal = json_object_get(n, "align");
    if (json_equal(of, nf) && json_equal(osz, nsz) && json_equal(oal, nal))
      continue; /* only file/line moved */
    char *fields = field_diff(of, nf);
    char *detail;
    if (json_equal(osz, nsz))
      detail = xasprintf("fields: %s", *fields ? fields : "reordered");
    else
      detail = xasprintf("fields: %s; size %" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT,
                         *fields ? fields : "same", json_integer_value(osz), json_integer_value(nsz));
    refuse_layout(doc, nt->tu, name, detail);
    json_array_append_new(refused, json_string(name));
    free(fields);
    free(detail);
  }
  /* IR struct types: catch what a TU built without the plugin changed. */
  json_t *oir = json_object_get(ot->manifest, "ir_types");
  const char *irname;
  json_t *nbody;
  json_object_foreach(json_object_get(nt->manifest, "ir_types"), irname, nbody) {
    json_t *obody = json_object_get(oir, irname);
    if (!obody || json_equal(obody, nbody))
      continue;
    /* "struct.conn" is what the C view calls "struct conn". */
    char *cname = xstrdup(irname);
    char *dot = strchr(cname, '.');
    if (dot && (strncmp(cname, "struct.", 7) == 0 || strncmp(cname, "union.", 6) == 0))
      *dot = ' ';
    if (!array_has(refused, cname)) {
      char *detail = xasprintf("IR type %s -> %s", json_string_value(obody) ? json_string_value(obody) : "?",
                               json_string_value(nbody) ? json_string_value(nbody) : "?");
      refuse_layout(doc, nt->tu, cname, detail);
      free(detail);
    }
    free(cname);
  }
  json_decref(refused);
}
