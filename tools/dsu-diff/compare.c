/*
 * compare.c - what changed between two binaries, by identity.
 *
 * Functions and globals are matched by manifest "id" (a name, or TU:name for
 * statics), never by compiler-made symbol names, so a static helper keeps its
 * identity across versions.  Types: types.c.
 */
#include "analyse_internal.h"

#include "strvec.h"

#include <ctype.h>
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


/* ---- Globals whose own type changes: moved to new storage by the patch ---- */

/* The shape of a global's IR type: @count elements of one element type, or
 * not uniform (a struct of mixed members).  Clang spells a partly
 * initialised array as a packed struct of runs (<{ i32, i32, [8 x i32] }>),
 * so runs of one element type are flattened into one array. */
struct shape {
  char elem[128]; /* "i32", "double", "ptr", "%struct.conn"; "" if not uniform */
  long long count;
};

static const char *skip_ws(const char *s)
{
  while (*s == ' ')
    s++;
  return s;
}

/* Parse one IR type at *@s into @sh (merging into what it holds); 0 or -1. */
static int parse_shape(const char **s, struct shape *sh)
{
  const char *p = skip_ws(*s);
  if (*p == '[') {
    char *end;
    long long n = strtoll(p + 1, &end, 10);
    p = skip_ws(end);
    if (strncmp(p, "x ", 2) != 0)
      return -1;
    p += 2;
    struct shape inner = {"", 0};
    if (parse_shape(&p, &inner) < 0)
      return -1;
    p = skip_ws(p);
    if (*p != ']')
      return -1;
    p++;
    if (sh->count && strcmp(sh->elem, inner.elem) != 0)
      return -1;
    snprintf(sh->elem, sizeof sh->elem, "%s", inner.elem);
    sh->count += n * inner.count;
    *s = p;
    return 0;
  }
  if (*p == '<' || *p == '{') {
    int packed = *p == '<';
    p = skip_ws(p + (packed ? 2 : 1));
    while (*p && *p != '}') {
      if (parse_shape(&p, sh) < 0)
        return -1;
      p = skip_ws(p);
      if (*p == ',')
        p++;
    }
    if (*p != '}')
      return -1;
    p++;
    if (packed) {
      if (*p != '>')
        return -1;
      p++;
    }
    *s = p;
    return 0;
  }
  size_t len = strcspn(p, ",]}> ");
  if (!len || len >= sizeof sh->elem)
    return -1;
  if (sh->count && (strlen(sh->elem) != len || strncmp(sh->elem, p, len) != 0))
    return -1;
  snprintf(sh->elem, sizeof sh->elem, "%.*s", (int)len, p);
  sh->count++;
  *s = p + len;
  return 0;
}

static int shape_of(const char *type, struct shape *sh)
{
  *sh = (struct shape){"", 0};
  const char *p = type;
  if (!type || parse_shape(&p, sh) < 0 || *skip_ws(p) || !sh->count)
    return -1;
  return 0;
}

/* Bits of an IR integer type "iN", else 0. */
static int int_bits(const char *e)
{
  return e[0] == 'i' && isdigit((unsigned char)e[1]) ? atoi(e + 1) : 0;
}

/* The C type of a scalar IR element in the generated transformer, or NULL. */
static const char *c_elem(const char *e)
{
  switch (int_bits(e)) {
  case 8: return "int8_t";
  case 16: return "int16_t";
  case 32: return "int32_t";
  case 64: return "int64_t";
  }
  if (!strcmp(e, "float"))
    return "float";
  if (!strcmp(e, "double"))
    return "double";
  if (!strcmp(e, "ptr"))
    return "void *";
  return NULL;
}

/* A C identifier for a global's symbol (statics: __dsu_s.TUH.name). */
static char *global_key(const char *sym)
{
  char *k = xstrdup(sym);
  for (char *p = k; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_')
      *p = '_';
  return k;
}

/**
 * plan_move() - how the value of global @id gets from its OLD storage to
 * its NEW storage, like a struct field (types.c decide_field()).
 *
 * Fills @mv with "action" ("copy": bytes; "convert": element by element;
 * "decide": a human writes it), "why", and for copy/convert "elem_old",
 * "elem_new" (C types), "count_old", "count_new".
 */
static void plan_move(json_t *mv, const char *ot, const char *nt, json_int_t osz, json_int_t nsz)
{
  struct shape o, n;
  char *why = NULL;
  const char *act = "decide";
  if (shape_of(ot, &o) < 0 || shape_of(nt, &n) < 0) {
    why = xasprintf("%s -> %s: not a scalar or an array of one element type (a struct's layout "
                    "changed?): write its conversion", ot, nt);
    goto out;
  }
  const char *what = o.count > 1 || n.count > 1 ? "array" : "scalar";
  if (n.count < o.count) {
    why = xasprintf("%s -> %s: the array shrinks (%lld -> %lld elements): the tail would be cut", ot,
                    nt, o.count, n.count);
    goto out;
  }
  const char *grown = n.count > o.count ? "; grown, the rest is zeroed" : "";
  if (!strcmp(o.elem, n.elem)) {
    int bytes = !c_elem(o.elem);
    if (bytes && o.elem[0] != '%') {
      why = xasprintf("%s -> %s: element type %s is not inferred", ot, nt, o.elem);
      goto out;
    }
    if (bytes && (osz % o.count || nsz % n.count || osz / o.count != nsz / n.count)) {
      why = xasprintf("%s -> %s: element %s changed size (%lld -> %lld bytes): its layout changed", ot,
                      nt, o.elem, (long long)(osz / o.count), (long long)(nsz / n.count));
      goto out;
    }
    act = bytes ? "copy" : "convert";
    why = bytes ? xasprintf("%s -> %s, elements copied as bytes (their tags travel)%s", ot, nt, grown)
                : xasprintf("%s -> %s, elements copied%s", ot, nt, grown);
    goto out;
  }
  int ob = int_bits(o.elem), nb = int_bits(n.elem);
  if (ob && nb) {
    if (nb > ob) {
      act = "convert";
      why = xasprintf("%s -> %s, %s widened (sign-extended: the manifest records IR types, which "
                      "do not say whether it is unsigned)%s", ot, nt, what, grown);
    } else {
      why = xasprintf("%s -> %s narrows (i%d -> i%d): values may not fit", ot, nt, ob, nb);
    }
    goto out;
  }
  if (!strcmp(o.elem, "float") && !strcmp(n.elem, "double")) {
    act = "convert";
    why = xasprintf("%s -> %s, %s widened%s", ot, nt, what, grown);
    goto out;
  }
  if (!strcmp(o.elem, "double") && !strcmp(n.elem, "float")) {
    why = xasprintf("%s -> %s narrows: precision and range are lost", ot, nt);
    goto out;
  }
  why = xasprintf("%s -> %s: element type changed incompatibly (%s -> %s)", ot, nt, o.elem, n.elem);
out:
  json_object_set_new(mv, "action", json_string(act));
  json_object_set_new(mv, "why", json_string(why));
  if (strcmp(act, "decide") != 0) {
    json_object_set_new(mv, "elem_old", json_string(c_elem(o.elem) ? c_elem(o.elem) : "unsigned char"));
    json_object_set_new(mv, "elem_new", json_string(c_elem(n.elem) ? c_elem(n.elem) : "unsigned char"));
    json_object_set_new(mv, "count_old", json_integer(c_elem(o.elem) ? o.count : osz));
    json_object_set_new(mv, "count_new", json_integer(c_elem(n.elem) ? n.count : nsz));
  }
  free(why);
}

/**
 * move_global() - global @id changed its own type: plan its move to new
 * storage, or refuse it.
 */
static void move_global(json_t *doc, const char *id, const char *tu, json_t *od, json_t *nd, int by_hand)
{
  const char *ot = str(od, "type") ? str(od, "type") : "?", *nt = str(nd, "type") ? str(nd, "type") : "?";
  const char *sym = str(nd, "sym") ? str(nd, "sym") : id;
  json_int_t osz = json_integer_value(json_object_get(od, "size"));
  json_int_t nsz = json_integer_value(json_object_get(nd, "size"));
  char *key = global_key(sym);
  json_t *mv = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I}", "id", id, "sym", sym, "key", key, "tu", tu,
                         "old_type", ot, "new_type", nt, "size_old", osz, "size_new", nsz);
  free(key);
  if (str(od, "sym") && strcmp(str(od, "sym"), sym) != 0) {
    add_msg(doc, "refusals", "global %s: type changed (%s -> %s) and its symbol changed (%s -> %s)", id,
            ot, nt, str(od, "sym"), sym);
    json_decref(mv);
    return;
  }
  plan_move(mv, ot, nt, osz, nsz);
  int decide = !strcmp(str(mv, "action"), "decide");
  if (decide && !by_hand)
    add_msg(doc, "refusals",
            "global %s: type changed: cannot infer its conversion: %s; write it: dsu-diff "
            "--emit-xform FILE.c, edit dsu_gxform_%s, then build with --xform FILE.c",
            id, str(mv, "why"), str(mv, "key"));
  json_array_append_new(json_object_get(doc, "moved_globals"), mv);
  /* Its NEW definition goes into the patch, from the TU that defines it. */
  build_lists(doc, tu);
}

/* Every function that refers to a moved global in OLD or NEW joins the
 * patch: its code must use the new storage. */
void close_over_moved_users(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order)
{
  const struct user_rule r = {
    .changed = json_object_get(doc, "moved_globals"), .name_key = "id", .uses_key = "globals_used",
    .restrict_key = "globals", .what = "global ", .how = "", .change = "global user",
    .change_why = "type changed",
    .why_wait = "its old code would go on using the old storage",
  };
  close_over_users(doc, oi, ni, why, order, &r);
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

void compare_globals(json_t *doc, struct index *oi, struct index *ni, json_t *changed_constants, int by_hand)
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
    } else if (!json_equal(json_object_get(od, "type"), json_object_get(nd, "type")) ||
               !json_equal(json_object_get(od, "size"), json_object_get(nd, "size"))) {
      /* Its own type changed: the patch defines it anew and moves the value. */
      change = "type changed (moved)";
      move_global(doc, id, tu, od, nd, by_hand);
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

