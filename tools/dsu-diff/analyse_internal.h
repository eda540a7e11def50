/*
 * analyse_internal.h - what the files of the analysis share: the index of a
 * binary's functions and globals, and the helpers that write the analysis
 * document (see analyse.h for its shape).
 */
#ifndef DSU_DIFF_ANALYSE_INTERNAL_H
#define DSU_DIFF_ANALYSE_INTERNAL_H

#include "dsu_binary.h"

#include <jansson.h>

/* Index of one binary: id -> {"tu": TUID, "def": manifest entry}. */
struct index {
  json_t *funcs;
  json_t *globals;
};

/* doc.c */
const char *str(json_t *o, const char *key);
void index_build(const struct dsu_binary *b, struct index *ix);
void index_free(struct index *ix);
/* Append a printf-formatted message to the array @list of @doc. */
void add_msg(json_t *doc, const char *list, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
json_t *tu_entry(json_t *doc, const char *tu, const char *status);
void tu_note(json_t *doc, const char *tu, const char *kind, json_t *entry);
json_t *build_lists(json_t *doc, const char *tu);
int json_str_eq(json_t *a, json_t *b);
/* The "restrict" summary of function record @def (of the binary @ix
 * indexes) plus the types its callees return field aliases of
 * ("returns_field_alias"), which the caller holds: a new reference, or NULL
 * when @def has no summary. */
json_t *effective_restrict(struct index *ix, json_t *def);
int array_has(json_t *arr, const char *s);

/* compare.c: what changed, by identity.  @why maps each function the patch
 * must define to the reason; @order keeps them in a stable order. */
void compare_functions(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order);
void compare_globals(json_t *doc, struct index *oi, struct index *ni, json_t *changed_constants,
                     int by_hand);
void close_over_moved_users(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order);

/* types.c: struct layout changes.  @by_hand: fields dsu cannot convert are
 * left to a transformer the user writes (--xform, --emit-xform) instead of
 * refused.  Convertible changes go to doc "type_changes". */
void analyse_types(json_t *doc, const struct dsu_binary *old, const struct dsu_binary *new, int by_hand);
void compare_ir_types(json_t *doc, const struct dsu_tu_rec *ot, const struct dsu_tu_rec *nt);
void close_over_type_users(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order);

/* closure.c: what else must join the patch, or makes it unsafe. */
/* Names whose representation changes, and how their users are found. */
struct user_rule {
  json_t *changed;          /* array of objects, one per changed name */
  const char *name_key;     /* its member holding the name: "id", "name" */
  const char *uses_key;     /* function record member listing uses: "globals_used" */
  const char *restrict_key; /* "restrict" member: "globals", "types" */
  const char *what, *how;   /* messages say "uses <what><name><how>" */
  const char *change;       /* report "change" of a joining function: "global user" */
  const char *change_why;   /* "(type changed)" in its reason */
  const char *why_wait;     /* why an old activation must not run on */
};
void close_over_users(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order,
                      const struct user_rule *r);
void check_signatures(json_t *doc, struct index *oi, json_t *why);
void close_over_constant_users(json_t *doc, struct index *ni, json_t *changed_constants, json_t *why,
                               json_t *order);
void close_over_direct_callers(json_t *doc, struct index *oi, struct index *ni, json_t *why,
                               json_t *order);

/* points.c: warn when every update point of @old may still use, after its
 * dsu_update() returns, a name the patch's "changes" list: the runtime
 * would defer the patch at each of them, forever. */
void check_never_applies(json_t *doc, const struct dsu_binary *old);

#endif /* DSU_DIFF_ANALYSE_INTERNAL_H */
