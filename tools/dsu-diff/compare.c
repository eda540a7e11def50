/*
 * compare.c - what changed between two binaries, by identity.
 *
 * Functions and globals are matched by manifest "id" (a name, or TU:name for
 * statics), never by compiler-made symbol names, so a static helper keeps its
 * identity across versions.  Types: types.c.
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

/* An initialised global of a struct type has a literal IR type that spells
 * the struct's layout ({ i32, [4 x i8], ... }), so a layout change shows as a
 * type change of the global.  When its size stayed and the changed structs
 * are all converted in place (analyse_types ran first and refused any that
 * cannot be), its objects are converted like any other: by their tags. */
static int objects_converted(json_t *doc, json_t *od, json_t *nd)
{
  const char *ot = str(od, "type"), *nt = str(nd, "type");
  return json_array_size(json_object_get(doc, "type_changes")) && ot && nt && strchr(ot, '{') &&
         strchr(nt, '{') && json_equal(json_object_get(od, "size"), json_object_get(nd, "size"));
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
    } else if (!json_equal(json_object_get(od, "type"), json_object_get(nd, "type")) &&
               objects_converted(doc, od, nd)) {
      change = "objects converted";
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

