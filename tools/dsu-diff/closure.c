/*
 * closure.c - what else must join a patch because something it depends on
 * changed (direct callers that may have inlined it, readers of a changed
 * constant, users of a moved global or a changed type), and signature
 * changes old code could still call.
 */
#include "analyse_internal.h"

#include "strvec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does OLD function record @def say, through its updateability summary,
 * that it may use @name (of @kind: "functions", "globals", "types") after
 * a call returns?  A record without a summary (built before summaries
 * existed) may use anything: the runtime treats it the same way. */
static int may_use_after_call(struct index *oi, json_t *def, const char *kind, const char *name)
{
  json_t *r = effective_restrict(oi, def);
  int may = !r || array_has(json_object_get(r, kind), name);
  json_decref(r);
  return may;
}

/* A changed signature is only safe if no old code that keeps running calls
 * the function with the old arguments.  A function pointer kept in data
 * would: refuse when the address is handed out.  An old activation on the
 * stack would: the runtime defers the patch while one that may call it is
 * there (docs/runtime.md, "Deferred updates"); warn about the callers that
 * hold an update point, the activations most likely to be running. */
void check_signatures(json_t *doc, struct index *oi, json_t *why)
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
                      array_has(json_object_get(cd, "direct_callees"), id)) &&
          may_use_after_call(oi, cd, "functions", id))
        add_msg(doc, "warnings",
                "function %s: signature changed, and %s calls it and holds an update point: the "
                "patch may be deferred while %s is running (it is applied at an update point where "
                "no old activation that may call %s with the old arguments is on the stack)",
                id, cid, cid, id);
    }
  }
}

/**
 * close_over_users() - every function that uses one of the names @r
 * describes (in OLD or NEW) joins the patch: its code must meet the new
 * representation.  An OLD function that holds an update point and, by its
 * summary, may use the name after a call returns gets a warning: while an
 * activation of it is on the stack the runtime defers the patch.
 */
void close_over_users(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order,
                      const struct user_rule *r)
{
  if (!json_array_size(r->changed))
    return;
  const char *id;
  json_t *n;
  json_object_foreach(ni->funcs, id, n) {
    json_t *od = json_object_get(json_object_get(oi->funcs, id), "def");
    json_t *nd = json_object_get(n, "def");
    size_t i;
    json_t *m;
    json_array_foreach(r->changed, i, m) {
      const char *name = str(m, r->name_key);
      int uses_old = array_has(json_object_get(od, r->uses_key), name);
      if (!uses_old && !array_has(json_object_get(nd, r->uses_key), name))
        continue;
      if (uses_old && json_integer_value(json_object_get(od, "update_points")) > 0 &&
          may_use_after_call(oi, od, r->restrict_key, name))
        add_msg(doc, "warnings",
                "function %s uses %s%s%s and holds an update point: the patch is deferred while "
                "an activation of %s is on the stack (%s)",
                id, r->what, name, r->how, id, r->why_wait);
      if (json_object_get(why, id))
        break;
      char *reason = xasprintf("uses %s%s%s (%s)", r->what, name, r->how, r->change_why);
      json_object_set_new(why, id, json_string(reason));
      json_array_append_new(order, json_string(id));
      tu_note(doc, str(n, "tu"), "functions",
              json_pack("{s:s,s:s,s:s,s:b}", "id", id, "change", r->change, "why", reason, "in_patch", 1));
      free(reason);
      break;
    }
  }
}

/* Every NEW function that reads a constant whose value changed joins the
 * patch, where it reads the patch's own copy.  Code in another TU than the
 * constant's would read the running program's (old) definition instead. */
void close_over_constant_users(json_t *doc, struct index *ni, json_t *changed_constants,
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
void close_over_direct_callers(json_t *doc, struct index *oi, struct index *ni, json_t *why,
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
