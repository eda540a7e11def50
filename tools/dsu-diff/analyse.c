/*
 * analyse.c - what changed between two binaries, by identity.
 *
 * Functions and globals are matched by manifest "id" (a name, or TU:name for
 * statics), never by compiler-made symbol names, so a static helper keeps its
 * identity across versions.  Types are matched by name within the same TU.
 */
#include "analyse.h"

#include "strvec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Index of one binary: id -> {"tu": TUID, "def": manifest entry}. */
struct index {
  json_t *funcs;
  json_t *globals;
};

static const char *str(json_t *o, const char *key)
{
  return json_string_value(json_object_get(o, key));
}

static void index_build(const struct dsu_binary *b, struct index *ix)
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

static void index_free(struct index *ix)
{
  json_decref(ix->funcs);
  json_decref(ix->globals);
}

static void add_msg(json_t *doc, const char *list, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_msg(json_t *doc, const char *list, const char *fmt, ...)
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
static json_t *tu_entry(json_t *doc, const char *tu, const char *status)
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

static void tu_note(json_t *doc, const char *tu, const char *kind, json_t *entry)
{
  json_t *t = tu_entry(doc, tu, "changed");
  if (strcmp(str(t, "status"), "unchanged") == 0)
    json_object_set_new(t, "status", json_string("changed"));
  json_array_append_new(json_object_get(t, kind), entry);
}

/* The build lists of TU @tu ("build" member of the analysis). */
static json_t *build_lists(json_t *doc, const char *tu)
{
  json_t *b = json_object_get(doc, "build");
  json_t *l = json_object_get(b, tu);
  if (!l) {
    l = json_pack("{s:[],s:[],s:[]}", "functions", "new_functions", "new_globals");
    json_object_set_new(b, tu, l);
  }
  return l;
}

static int json_str_eq(json_t *a, json_t *b)
{
  return json_equal(a, b);
}

static int array_has(json_t *arr, const char *s)
{
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) if (json_is_string(e) && strcmp(json_string_value(e), s) == 0) return 1;
  return 0;
}

/* Functions: added, body or signature changed, removed. Fills @why with
 * id -> reason for every NEW function that must be defined by the patch. */
static void compare_functions(json_t *doc, const struct dsu_binary *old, const struct dsu_binary *new,
                              struct index *oi, struct index *ni, json_t *why, json_t *order)
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
  (void)old;
  (void)new;
}

/* A changed signature is only safe if no old code that keeps running calls
 * the function with the old arguments: refuse when a function holding an
 * update point (a running loop) calls it, or its address is handed out. */
static void check_signatures(json_t *doc, struct index *oi, json_t *why)
{
  const char *id;
  json_t *r;
  json_object_foreach(why, id, r) {
    if (strncmp(json_string_value(r), "signature changed", 17) != 0)
      continue;
    json_t *od = json_object_get(json_object_get(oi->funcs, id), "def");
    if (json_is_string(json_object_get(od, "entry")))
      add_msg(doc, "refusals",
              "function %s: signature changed, but its address is taken (%s): function pointers "
              "kept in data would call the new version with the old arguments; not supported yet",
              id, str(od, "entry"));
    const char *cid;
    json_t *c;
    json_object_foreach(oi->funcs, cid, c) {
      json_t *cd = json_object_get(c, "def");
      json_int_t ups = json_integer_value(json_object_get(cd, "update_points"));
      if (ups > 0 && (array_has(json_object_get(cd, "slot_callees"), id) ||
                      array_has(json_object_get(cd, "direct_callees"), id)))
        add_msg(doc, "refusals",
                "function %s: signature changed, but %s calls it and holds an update point, so "
                "its old code keeps running and would call %s with the old arguments; not "
                "supported yet",
                id, cid, id);
    }
  }
}

/* Every NEW function that reads a constant whose value changed joins the
 * patch, where it reads the patch's own copy.  Code in another TU than the
 * constant's would read the running program's (old) definition instead. */
static void close_over_constant_users(json_t *doc, struct index *ni, json_t *changed_constants,
                                      json_t *why, json_t *order)
{
  const char *cid;
  json_t *c;
  json_object_foreach(ni->funcs, cid, c) {
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(json_object_get(c, "def"), "globals_used"), i, g) {
      const char *gid = json_string_value(g);
      json_t *gtu = gid ? json_object_get(changed_constants, gid) : NULL;
      if (!gtu)
        continue;
      const char *ftu = str(c, "tu");
      if (ftu && strcmp(ftu, json_string_value(gtu)) != 0) {
        add_msg(doc, "refusals",
                "constant %s changed, and function %s of another TU (%s) reads it; a patch "
                "cannot give that TU the new value yet",
                gid, cid, ftu);
        continue;
      }
      if (json_object_get(why, cid))
        continue;
      char *reason = xasprintf("reads constant %s, whose value changed", gid);
      json_object_set_new(why, cid, json_string(reason));
      json_array_append_new(order, json_string(cid));
      tu_note(doc, ftu, "functions",
              json_pack("{s:s,s:s,s:s,s:b}", "id", cid, "change", "constant user", "why", reason,
                        "in_patch", 1));
      free(reason);
    }
  }
}

/* Callers through kept-direct edges may have inlined (or specialised on) a
 * changed callee: they join the patch, transitively.  Edges of both
 * versions count: OLD's say what is inlined in the running code. */
static void close_over_direct_callers(json_t *doc, struct index *oi, struct index *ni, json_t *why,
                                      json_t *order)
{
  json_t *callers = json_object(); /* callee id -> [caller ids in NEW] */
  struct index *ixs[2] = {ni, oi};
  for (int v = 0; v < 2; v++) {
    const char *cid;
    json_t *c;
    json_object_foreach(ixs[v]->funcs, cid, c) {
      if (!json_object_get(ni->funcs, cid))
        continue; /* removed: nothing to define */
      size_t i;
      json_t *g;
      json_array_foreach(json_object_get(json_object_get(c, "def"), "direct_callees"), i, g) {
        const char *gid = json_string_value(g);
        if (!gid)
          continue;
        json_t *l = json_object_get(callers, gid);
        if (!l) {
          l = json_array();
          json_object_set_new(callers, gid, l);
        }
        if (!array_has(l, cid))
          json_array_append_new(l, json_string(cid));
      }
    }
  }
  for (size_t k = 0; k < json_array_size(order); k++) {
    const char *gid = json_string_value(json_array_get(order, k));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(callers, gid), i, c) {
      const char *cid = json_string_value(c);
      if (json_object_get(why, cid))
        continue;
      char *reason = xasprintf("calls %s directly (may have inlined it)", gid);
      json_object_set_new(why, cid, json_string(reason));
      json_array_append_new(order, json_string(cid));
      tu_note(doc, str(json_object_get(ni->funcs, cid), "tu"), "functions",
              json_pack("{s:s,s:s,s:s,s:b}", "id", cid, "change", "direct caller", "why", reason,
                        "in_patch", 1));
      free(reason);
    }
  }
  json_decref(callers);
}

static void compare_globals(json_t *doc, struct index *oi, struct index *ni, json_t *changed_constants)
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
static void compare_types(json_t *doc, const struct dsu_tu_rec *ot, const struct dsu_tu_rec *nt)
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

/* The replace/add lists of the patch manifest and the per-TU build lists. */
static void plan(json_t *doc, struct index *oi, struct index *ni, const struct dsu_binary *new,
                 json_t *why)
{
  for (size_t t = 0; t < new->ntus; t++) {
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(new->tus[t].manifest, "functions"), i, f) {
      const char *id = str(f, "id");
      json_t *r = id ? json_object_get(why, id) : NULL;
      if (!r)
        continue;
      /* A static defined twice: only the indexed definition is patched. */
      if (json_object_get(json_object_get(ni->funcs, id), "def") != f)
        continue;
      const char *sym = str(f, "sym") ? str(f, "sym") : id;
      const char *irn = str(f, "ir_name") ? str(f, "ir_name") : id;
      json_t *lists = build_lists(doc, new->tus[t].tu);
      json_array_append_new(json_object_get(lists, "functions"), json_string(irn));
      json_t *o = json_object_get(json_object_get(oi->funcs, id), "def");
      if (o) {
        const char *slot = str(o, "slot") ? str(o, "slot") : str(f, "slot");
        json_array_append_new(json_object_get(doc, "replace"),
                              json_pack("{s:s,s:s?,s:s,s:O}", "id", id, "slot", slot, "sym", sym,
                                        "why", r));
      } else {
        json_array_append_new(json_object_get(lists, "new_functions"), json_string(irn));
        json_array_append_new(json_object_get(doc, "add"),
                              json_pack("{s:s,s:s?,s:s}", "id", id, "slot", str(f, "slot"), "sym", sym));
      }
    }
  }
  /* A TU with code to build needs its bitcode. */
  const char *tu;
  json_t *lists;
  json_object_foreach(json_object_get(doc, "build"), tu, lists) {
    const struct dsu_tu_rec *rec = dsu_binary_find_tu(new, tu);
    if (rec && rec->bitcode_len == 0)
      add_msg(doc, "refusals",
              "NEW %s: TU %s carries no bitcode, so its patch code cannot be compiled (was it built "
              "by dsu-cc?)",
              new->path, tu);
  }
}

/* Two builds of one program share TU ids.  When not one id matches, the
 * versions were built differently (other directories, absolute paths): a
 * patch would add everything and replace nothing, so refuse and say why.
 * Return: 0 when they match, -1 after the refusal. */
static int check_tu_ids_match(json_t *doc, const struct dsu_binary *old, const struct dsu_binary *new)
{
  if (!old->ntus || !new->ntus)
    return 0;
  for (size_t t = 0; t < new->ntus; t++)
    if (dsu_binary_find_tu(old, new->tus[t].tu))
      return 0;
  add_msg(doc, "refusals",
          "no translation unit of OLD has the id of one in NEW (OLD has %s, NEW has %s): TU ids "
          "are source paths relative to the compiler's working directory, the source's git work "
          "tree or $DSU_SOURCE_ROOT; build both versions the same way (see dsu-cc --dsu-help)",
          old->tus[0].tu, new->tus[0].tu);
  return -1;
}

json_t *dsu_analyse(const struct dsu_binary *old, const struct dsu_binary *new)
{
  json_t *doc = json_pack("{s:i,s:{s:s,s:s},s:{s:s,s:s},s:s,s:[],s:[],s:[],s:[],s:[],s:[],s:{}}",
                          "format", 1, "old", "file", old->path, "version", old->version, "new",
                          "file", new->path, "version", new->version, "result", "patch", "tus",
                          "replace", "add", "new_globals", "warnings", "refusals", "build");
  /* Every TU gets an entry, in NEW's order, then TUs only OLD has. */
  for (size_t t = 0; t < new->ntus; t++) {
    const struct dsu_tu_rec *ot = dsu_binary_find_tu(old, new->tus[t].tu);
    tu_entry(doc, new->tus[t].tu, ot ? "unchanged" : "added");
  }
  for (size_t t = 0; t < old->ntus; t++)
    if (!dsu_binary_find_tu(new, old->tus[t].tu))
      tu_entry(doc, old->tus[t].tu, "removed");
  /* Nothing else can be compared: every function would look removed. */
  if (check_tu_ids_match(doc, old, new) < 0) {
    json_object_set_new(doc, "result", json_string("refused"));
    return doc;
  }

  struct index oi, ni;
  index_build(old, &oi);
  index_build(new, &ni);
  json_t *why = json_object(), *order = json_array();
  json_t *changed_constants = json_object(); /* id -> TU of its definition */
  compare_functions(doc, old, new, &oi, &ni, why, order);
  check_signatures(doc, &oi, why);
  compare_globals(doc, &oi, &ni, changed_constants);
  close_over_constant_users(doc, &ni, changed_constants, why, order);
  close_over_direct_callers(doc, &oi, &ni, why, order);
  json_decref(changed_constants);
  for (size_t t = 0; t < new->ntus; t++) {
    const struct dsu_tu_rec *ot = dsu_binary_find_tu(old, new->tus[t].tu);
    if (ot)
      compare_types(doc, ot, &new->tus[t]);
  }
  plan(doc, &oi, &ni, new, why);

  const char *result = "patch";
  if (json_array_size(json_object_get(doc, "refusals")))
    result = "refused";
  else if (!json_array_size(json_object_get(doc, "replace")) &&
           !json_array_size(json_object_get(doc, "add")) &&
           !json_array_size(json_object_get(doc, "new_globals")))
    result = strcmp(old->version, new->version) == 0 ? "same-version" : "no-changes";
  json_object_set_new(doc, "result", json_string(result));

  json_decref(why);
  json_decref(order);
  index_free(&oi);
  index_free(&ni);
  return doc;
}
