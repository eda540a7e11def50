/*
 * analyse.c - compare two binaries and plan the patch: the order of the
 * comparisons and closures (compare.c, closure.c) and the lists the patch
 * manifest and the build are made from.
 */
#include "analyse.h"
#include "analyse_internal.h"

#include "strvec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A "frames" entry: a body the patch defines, with the summary NEW's
 * manifest gives its code (absent when NEW has none), the types its
 * callees return field aliases of included. */
static void add_frame(json_t *frames, struct index *ni, json_t *def, const char *id, const char *kind)
{
  const char *sym = str(def, "sym") ? str(def, "sym") : id;
  json_t *f = json_pack("{s:s,s:s,s:s}", "id", id, "sym", sym, "kind", kind);
  if (str(def, "file"))
    json_object_set_new(f, "file", json_string(str(def, "file")));
  json_t *r = effective_restrict(ni, def);
  if (r)
    json_object_set_new(f, "restrict", r);
  json_array_append_new(frames, f);
}

/**
 * plan_frames() - the bodies of the patch whose activations may be on the
 * stack at a later update point: each replaced or added function, and the
 * internal copies of the unchanged kept-direct helpers they call, which the
 * pass's patch mode makes (transitively through direct_callees, as NEW
 * records them).  The runtime looks a return address up here once the
 * patch is applied (docs/manifest.md section 3, "frames").
 */
static void plan_frames(json_t *doc, struct index *ni, json_t *why)
{
  json_t *frames = json_object_get(doc, "frames");
  json_t *work = json_array(), *copies = json_object();
  const char *kinds[2] = {"replace", "add"};
  for (int k = 0; k < 2; k++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(doc, kinds[k]), i, e) {
      json_t *def = json_object_get(json_object_get(ni->funcs, str(e, "id")), "def");
      add_frame(frames, ni, def, str(e, "id"), "body");
      json_array_append_new(work, json_string(str(e, "id")));
    }
  }
  for (size_t w = 0; w < json_array_size(work); w++) {
    json_t *def = json_object_get(json_object_get(ni->funcs, json_string_value(json_array_get(work, w))), "def");
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(def, "direct_callees"), i, g) {
      const char *gid = json_string_value(g);
      json_t *gdef = gid ? json_object_get(json_object_get(ni->funcs, gid), "def") : NULL;
      if (!gdef || json_object_get(why, gid) || json_object_get(copies, gid))
        continue;
      json_object_set_new(copies, gid, json_true());
      add_frame(frames, ni, gdef, gid, "copy");
      json_array_append_new(work, json_string(gid));
    }
  }
  json_decref(work);
  json_decref(copies);
}

static int cmp_json_str(const void *a, const void *b)
{
  return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* Append the string member @key of every object of @src to @dst, sorted. */
static void sorted_names(json_t *dst, json_t *src, const char *key)
{
  size_t n = json_array_size(src), i;
  json_t **v = calloc(n + 1, sizeof *v), *e;
  size_t m = 0;
  json_array_foreach(src, i, e) if (str(e, key)) v[m++] = json_string(str(e, key));
  qsort(v, m, sizeof *v, cmp_json_str);
  for (i = 0; i < m; i++)
    json_array_append_new(dst, v[i]);
  free(v);
}

/**
 * plan_changes() - the names whose representation or signature the patch
 * changes: the runtime defers the patch while a frame on the stack may use
 * one of them after its call returns.  A function whose body only changed
 * is not listed: an old activation may finish in its old code.
 */
static void plan_changes(json_t *doc, json_t *why)
{
  json_t *c = json_object_get(doc, "changes");
  json_t *sig = json_array();
  const char *id;
  json_t *r;
  json_object_foreach(why, id, r)
    if (strncmp(json_string_value(r), "signature changed", 17) == 0)
      json_array_append_new(sig, json_pack("{s:s}", "id", id));
  sorted_names(json_object_get(c, "functions"), sig, "id");
  json_decref(sig);
  sorted_names(json_object_get(c, "globals"), json_object_get(doc, "moved_globals"), "id");
  sorted_names(json_object_get(c, "types"), json_object_get(doc, "type_changes"), "name");
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

json_t *dsu_analyse(const struct dsu_binary *old, const struct dsu_binary *new, int by_hand)
{
  json_t *doc = json_pack("{s:i,s:{s:s,s:s},s:{s:s,s:s},s:s,s:[],s:[],s:[],s:[],s:[],s:[],s:[],s:{s:[],s:[],s:[]},"
                          "s:[],s:[],s:{}}",
                          "format", 1, "old", "file", old->path, "version", old->version, "new",
                          "file", new->path, "version", new->version, "result", "patch", "tus",
                          "replace", "add", "new_globals", "type_changes", "moved_globals", "frames",
                          "changes", "functions", "globals", "types", "warnings", "refusals", "build");
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
  compare_functions(doc, &oi, &ni, why, order);
  check_signatures(doc, &oi, why);
  /* Types first: a global whose objects are converted is not a type change. */
  analyse_types(doc, old, new, by_hand);
  compare_globals(doc, &oi, &ni, changed_constants, by_hand);
  for (size_t t = 0; t < new->ntus; t++) {
    const struct dsu_tu_rec *ot = dsu_binary_find_tu(old, new->tus[t].tu);
    if (ot)
      compare_ir_types(doc, ot, &new->tus[t]);
  }
  close_over_type_users(doc, &oi, &ni, why, order);
  close_over_moved_users(doc, &oi, &ni, why, order);
  close_over_constant_users(doc, &ni, changed_constants, why, order);
  close_over_direct_callers(doc, &oi, &ni, why, order);
  json_decref(changed_constants);
  plan(doc, &oi, &ni, new, why);
  plan_frames(doc, &ni, why);
  plan_changes(doc, why);
  check_never_applies(doc, old);

  const char *result = "patch";
  if (json_array_size(json_object_get(doc, "refusals")))
    result = "refused";
  else if (!json_array_size(json_object_get(doc, "replace")) &&
           !json_array_size(json_object_get(doc, "add")) &&
           !json_array_size(json_object_get(doc, "new_globals")) &&
           !json_array_size(json_object_get(doc, "type_changes")) &&
           !json_array_size(json_object_get(doc, "moved_globals")))
    result = strcmp(old->version, new->version) == 0 ? "same-version" : "no-changes";
  json_object_set_new(doc, "result", json_string(result));

  json_decref(why);
  json_decref(order);
  index_free(&oi);
  index_free(&ni);
  return doc;
}
