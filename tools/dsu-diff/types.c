/*
 * types.c - which struct layouts changed between OLD and NEW, whether dsu
 * can convert their objects, and how each field is carried over.
 *
 * A type is identified by its C name across the whole program: the runtime
 * keeps one descriptor per name (__dsu_type.s.<tag>), so a name with two
 * different layouts in one binary cannot be converted.  A changed type is
 * convertible when it is wrapped in both versions with the same size and
 * alignment (NEW built with dsu-cc --dsu-base=OLD); its objects are then
 * rewritten in place by a type transformer, one per type, generated here
 * field by field (xform_gen.c) or written by hand (--xform).
 */
#include "analyse_internal.h"

#include "strvec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *find_named(json_t *arr, const char *name)
{
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) if (str(e, "name") && strcmp(str(e, "name"), name) == 0) return e;
  return NULL;
}

static const char *fname(json_t *f)
{
  return str(f, "name") ? str(f, "name") : "";
}

static const char *ftype(json_t *f)
{
  return str(f, "type") ? str(f, "type") : "?";
}

static json_int_t ival(json_t *o, const char *key)
{
  return json_integer_value(json_object_get(o, key));
}

/* "added x, removed y, changed z (int@4 -> long@8)" for two field lists. */
static char *field_diff(json_t *of, json_t *nf)
{
  struct strvec parts = {0};
  size_t i;
  json_t *f;
  json_array_foreach(nf, i, f) {
    json_t *o = find_named(of, fname(f));
    if (!o)
      strvec_pushf(&parts, "added %s", fname(f));
    else if (!json_equal(o, f))
      strvec_pushf(&parts, "changed %s (%s@%" JSON_INTEGER_FORMAT " -> %s@%" JSON_INTEGER_FORMAT ")",
                   fname(f), ftype(o), ival(o, "offset"), ftype(f), ival(f, "offset"));
  }
  json_array_foreach(of, i, f) if (!find_named(nf, fname(f)))
      strvec_pushf(&parts, "removed %s", fname(f));
  char *s = xstrdup("");
  for (i = 0; i < parts.n; i++) {
    char *t = xasprintf("%s%s%s", s, i ? ", " : "", parts.v[i]);
    free(s);
    s = t;
  }
  strvec_free(&parts);
  return s;
}

/* What a layout is: only the keys that describe the bytes (a whitelist, so
 * what the plugin notes about a TU's use of the type - where it is defined,
 * why it is not wrapped, field addresses it keeps - does not make two TUs'
 * records of one layout look like two layouts). */
static json_t *normalized(json_t *t)
{
  static const char *const keys[] = {"name", "ir_name", "size", "align", "fields", "wrapped",
                                     "tag_offset", "tag_size", "slop", "user_size", "layout_id"};
  json_t *c = json_object();
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    json_t *v = json_object_get(t, keys[i]);
    if (v)
      json_object_set_new(c, keys[i], json_deep_copy(v));
  }
  return c;
}

/* name -> {"norm": [distinct layouts], "rec": [a full record of each], "tus": [TU ids]} */
static json_t *collect(const struct dsu_binary *b)
{
  json_t *all = json_object();
  for (size_t t = 0; t < b->ntus; t++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(b->tus[t].manifest, "types"), i, e) {
      const char *name = str(e, "name");
      if (!name)
        continue;
      json_t *c = json_object_get(all, name);
      if (!c) {
        c = json_pack("{s:[],s:[],s:[]}", "norm", "rec", "tus");
        json_object_set_new(all, name, c);
      }
      json_array_append_new(json_object_get(c, "tus"), json_string(b->tus[t].tu));
      json_t *n = normalized(e);
      size_t j;
      json_t *x;
      int seen = 0;
      json_array_foreach(json_object_get(c, "norm"), j, x) seen |= json_equal(x, n);
      if (seen) {
        json_decref(n);
        continue;
      }
      json_array_append_new(json_object_get(c, "norm"), n);
      json_array_append(json_object_get(c, "rec"), e);
    }
  }
  return all;
}

/* Same set of layouts in both versions? */
static int same_layouts(json_t *o, json_t *n)
{
  json_t *on = json_object_get(o, "norm"), *nn = json_object_get(n, "norm");
  if (json_array_size(on) != json_array_size(nn))
    return 0;
  size_t i, j;
  json_t *a, *b;
  json_array_foreach(on, i, a) {
    int found = 0;
    json_array_foreach(nn, j, b) found |= json_equal(a, b);
    if (!found)
      return 0;
  }
  return 1;
}

/* "TU a.c, b.c" of a collected type, for messages. */
static char *tu_list(json_t *c)
{
  char *s = xstrdup("");
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(c, "tus"), i, t) {
    char *n = xasprintf("%s%s%s", s, i ? ", " : "", json_string_value(t));
    free(s);
    s = n;
  }
  return s;
}

/* The type spelling @s without const, volatile, restrict and blanks. */
static char *unqualified(const char *s)
{
  const char *start = s;
  char *r = xstrdup(s), *w = r;
  static const char *const quals[] = {"const", "volatile", "restrict"};
  while (*s) {
    int skipped = 0;
    for (int q = 0; q < 3 && !skipped; q++) {
      size_t l = strlen(quals[q]);
      if (!strncmp(s, quals[q], l) && !isalnum((unsigned char)s[l]) && s[l] != '_' &&
          (s == start || (!isalnum((unsigned char)s[-1]) && s[-1] != '_'))) {
        s += l;
        skipped = 1;
      }
    }
    if (skipped)
      continue;
    if (*s != ' ')
      *w++ = *s;
    s++;
  }
  *w = '\0';
  return r;
}

/* A pointer that changed only in qualifiers, or to or from void *, holds the
 * same address: copying it keeps its meaning. */
static int same_pointer(const char *a, const char *b)
{
  if (!strcmp(a, "void *") || !strcmp(b, "void *"))
    return 1;
  char *x = unqualified(a), *y = unqualified(b);
  int same = !strcmp(x, y);
  free(x);
  free(y);
  return same;
}

static int is_bitfield(json_t *f)
{
  return json_object_get(f, "bit_width") != NULL;
}

/**
 * decide_field() - how NEW field @n gets its value from OLD field @o (same name).
 * @why: set to a malloc()ed explanation
 *
 * Return: "copy" (same type), "convert" (a conversion that keeps every
 * value: integer widening, char array growth, float widening) or "decide"
 * (a human must write it).
 */
static const char *decide_field(json_t *o, json_t *n, char **why)
{
  const char *ok = str(o, "kind") ? str(o, "kind") : "", *nk = str(n, "kind") ? str(n, "kind") : "";
  json_int_t os = ival(o, "size"), ns = ival(n, "size");
  const char *ot = ftype(o), *nt = ftype(n);
  if (is_bitfield(o) || is_bitfield(n)) {
    json_int_t ow = ival(o, "bit_width"), nw = ival(n, "bit_width");
    if (is_bitfield(o) && is_bitfield(n) && !strcmp(ok, nk) && ow == nw) {
      *why = xasprintf("bit-field %s : %" JSON_INTEGER_FORMAT, nt, nw);
      return "copy";
    }
    if (is_bitfield(o) && is_bitfield(n) && !strcmp(ok, "uint") && !strcmp(nk, "uint") && nw > ow) {
      *why = xasprintf("bit-field %s : %" JSON_INTEGER_FORMAT " -> %s : %" JSON_INTEGER_FORMAT ", widened",
                       ot, ow, nt, nw);
      return "convert";
    }
    char *ob = is_bitfield(o) ? xasprintf(" : %" JSON_INTEGER_FORMAT, ow) : xstrdup("");
    char *nb = is_bitfield(n) ? xasprintf(" : %" JSON_INTEGER_FORMAT, nw) : xstrdup("");
    *why = xasprintf("bit-field changed (%s%s -> %s%s): only unchanged and widened unsigned bit-fields "
                     "are inferred",
                     ot, ob, nt, nb);
    free(ob);
    free(nb);
    return "decide";
  }
  if (strcmp(ot, nt) == 0 && os == ns && strcmp(ok, nk) == 0) {
    *why = xasprintf("%s", ot);
    return "copy";
  }
  if (strcmp(ot, nt) == 0 && os != ns) {
    *why = xasprintf("%s changed size (%" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT " bytes)", ot,
                     os, ns);
    return "decide";
  }
  int oint = !strcmp(ok, "int") || !strcmp(ok, "uint"), nint = !strcmp(nk, "int") || !strcmp(nk, "uint");
  if (oint && nint) {
    /* Every value of the old type is a value of the new one. */
    if ((!strcmp(ok, nk) && ns >= os) || (!strcmp(ok, "uint") && !strcmp(nk, "int") && ns > os)) {
      *why = xasprintf("%s -> %s, %s", ot, nt, ns > os ? "widened" : "same values");
      return "convert";
    }
    if (ns < os)
      *why = xasprintf("%s -> %s narrows (%" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT
                       " bytes): values may not fit",
                       ot, nt, os, ns);
    else
      *why = xasprintf("%s -> %s changes signedness: values may not fit", ot, nt);
    return "decide";
  }
  if (!strcmp(ok, "char_array") && !strcmp(nk, "char_array")) {
    if (ns >= os) {
      *why = xasprintf("%s -> %s, %s", ot, nt, ns > os ? "grown; the rest is zeroed" : "same size");
      return "convert";
    }
    *why = xasprintf("%s -> %s shrinks: the tail would be cut", ot, nt);
    return "decide";
  }
  if (!strcmp(ok, "pointer") && !strcmp(nk, "pointer") && same_pointer(ot, nt)) {
    *why = xasprintf("%s -> %s, the same address", ot, nt);
    return "convert";
  }
  if (!strcmp(ok, "float") && !strcmp(nk, "float")) {
    if (ns >= os) {
      *why = xasprintf("%s -> %s, widened", ot, nt);
      return "convert";
    }
    *why = xasprintf("%s -> %s narrows: precision and range are lost", ot, nt);
    return "decide";
  }
  *why = xasprintf("type changed incompatibly (%s -> %s)", ot, nt);
  return "decide";
}

/* The xform key of a type: "struct conn" -> struct_conn, typedef T -> T. */
static char *type_key(const char *name)
{
  char *k = xstrdup(name);
  for (char *p = k; *p; p++)
    if (*p == ' ')
      *p = '_';
  return k;
}

static char *type_desc(const char *name)
{
  if (strncmp(name, "struct ", 7) == 0)
    return xasprintf("__dsu_type.s.%s", name + 7);
  return xasprintf("__dsu_type.t.%s", name);
}

/* Refuse a changed type, recorded in the TU entries where NEW defines it. */
static void refuse_type(json_t *doc, json_t *nc, const char *name, const char *detail, const char *msg)
{
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(nc, "tus"), i, t) {
    json_t *e = tu_entry(doc, json_string_value(t), "changed");
    if (!find_named(json_object_get(e, "types"), name))
      tu_note(doc, json_string_value(t), "types",
              json_pack("{s:s,s:s,s:s}", "name", name, "change", "layout changed", "detail", detail));
  }
  add_msg(doc, "refusals", "%s", msg);
}

/* "not wrapped in OLD: <why_not>" style reason, or NULL when wrapped. */
static char *unwrapped_reason(json_t *rec, const char *label)
{
  json_t *w = json_object_get(rec, "wrapped");
  if (json_is_true(w))
    return NULL;
  if (!w)
    return xasprintf("%s was built without type wrapping (dsu-cc --dsu-wrap)", label);
  return xasprintf("it is not wrapped in %s (%s)", label,
                   str(rec, "why_not") ? str(rec, "why_not") : "no reason recorded");
}

/**
 * pin_reason() - why OLD's alias analyses say @name must keep its layout:
 * the plugin's "pinned" on a type record, or the pass's TU-level
 * "pinned_types", in any TU (a field address kept anywhere in the running
 * program reaches the objects without a tag check).
 *
 * Return: a malloc()ed "why at file:line", or NULL when nothing pins it.
 */
static char *pin_reason(const struct dsu_binary *b, const char *name)
{
  for (size_t t = 0; t < b->ntus; t++) {
    json_t *m = b->tus[t].manifest, *e;
    size_t i;
    json_array_foreach(json_object_get(m, "types"), i, e) {
      json_t *pin = json_array_get(json_object_get(e, "pinned"), 0);
      if (pin && str(e, "name") && !strcmp(str(e, "name"), name))
        return xasprintf("%s (%s:%" JSON_INTEGER_FORMAT ")", str(pin, "why") ? str(pin, "why") : "?",
                         str(pin, "file") ? str(pin, "file") : "?", ival(pin, "line"));
    }
    json_array_foreach(json_object_get(m, "pinned_types"), i, e)
      if (str(e, "type") && !strcmp(str(e, "type"), name))
        return xasprintf("%s", str(e, "why") ? str(e, "why") : "?");
  }
  return NULL;
}

/**
 * plan_fields() - the field-by-field plan of a convertible type change.
 *
 * Fills @chg's "fields", "fields_new", "fields_dropped" and "undecided" and returns the
 * number of fields a human must decide; each is described in @chg's
 * "undecided" list.
 */
static int plan_fields(json_t *chg, json_t *o, json_t *n)
{
  json_t *of = json_object_get(o, "fields"), *nf = json_object_get(n, "fields");
  json_t *fields = json_array(), *fnew = json_array(), *fdrop = json_array(), *undec = json_array();
  size_t i, j;
  json_t *f, *g;
  json_array_foreach(nf, i, f) {
    json_t *of1 = *fname(f) ? find_named(of, fname(f)) : NULL;
    if (!of1) {
      json_array_append_new(fnew, json_string(fname(f)));
      json_array_append_new(fields, json_pack("{s:s,s:s,s:s,s:I}", "name", fname(f), "action", "new",
                                              "new_type", ftype(f), "new_offset", ival(f, "offset")));
      continue;
    }
    char *why = NULL;
    const char *act = decide_field(of1, f, &why);
    json_array_append_new(fields, json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "name", fname(f), "action",
                                            act, "old_type", ftype(of1), "new_type", ftype(f),
                                            "old_offset", ival(of1, "offset"), "new_offset",
                                            ival(f, "offset"), "why", why));
    if (!strcmp(act, "decide"))
      json_array_append_new(undec, json_pack("{s:s,s:s}", "field", fname(f), "why", why));
    free(why);
  }
  json_array_foreach(of, i, f) {
    if (*fname(f) && find_named(nf, fname(f)))
      continue;
    json_array_append_new(fdrop, json_string(fname(f)));
    /* A new field of the same type may be this one renamed: dsu cannot
     * tell, and guessing wrong loses or invents data. */
    const char *twin = NULL;
    json_array_foreach(nf, j, g) if (!find_named(of, fname(g)) && !strcmp(ftype(g), ftype(f)) &&
                                     ival(g, "size") == ival(f, "size")) twin = fname(g);
    char *why = twin ? xasprintf("dropped, and new field '%s' has its type (%s): renamed?", twin, ftype(f))
                     : xasprintf("dropped: its value is lost");
    json_array_append_new(fields, json_pack("{s:s,s:s,s:s,s:I,s:s,s:s?}", "name", fname(f), "action",
                                            twin ? "decide" : "dropped", "old_type", ftype(f),
                                            "old_offset", ival(f, "offset"), "why", why,
                                            "renamed_to", twin));
    if (twin)
      json_array_append_new(undec, json_pack("{s:s,s:s}", "field", fname(f), "why", why));
    free(why);
  }
  json_object_set_new(chg, "fields", fields);
  json_object_set_new(chg, "fields_new", fnew);
  json_object_set_new(chg, "fields_dropped", fdrop);
  json_object_set_new(chg, "undecided", undec);
  return (int)json_array_size(undec);
}

/**
 * one_type() - judge the change of type @name (@oc in OLD, @nc in NEW).
 *
 * Appends a convertible change to doc "type_changes", or a refusal.
 */
static void one_type(json_t *doc, const struct dsu_binary *old, const char *name, json_t *oc, json_t *nc,
                     int by_hand)
{
  json_t *orecs = json_object_get(oc, "rec"), *nrecs = json_object_get(nc, "rec");
  json_t *o = json_array_get(orecs, 0), *n = json_array_get(nrecs, 0);
  char *fields = field_diff(json_object_get(o, "fields"), json_object_get(n, "fields"));
  char *detail = json_equal(json_object_get(o, "size"), json_object_get(n, "size"))
                     ? xasprintf("fields: %s", *fields ? fields : "reordered")
                     : xasprintf("fields: %s; size %" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT,
                                 *fields ? fields : "same", ival(o, "size"), ival(n, "size"));
  char *msg = NULL, *r = NULL;
  if (json_array_size(orecs) > 1 || json_array_size(nrecs) > 1) {
    json_t *multi = json_array_size(orecs) > 1 ? oc : nc;
    char *tus = tu_list(multi);
    free(detail);
    detail = xasprintf("%s has %zu layouts of it in different TUs", multi == oc ? "OLD" : "NEW",
                       json_array_size(json_object_get(multi, "rec")));
    msg = xasprintf("%s: layout changed, but %s defines it with %zu different layouts (TUs %s); dsu "
                    "cannot tell which objects have which layout, so it refuses to change it",
                    name, multi == oc ? "OLD" : "NEW", json_array_size(json_object_get(multi, "rec")), tus);
    free(tus);
  } else if ((r = unwrapped_reason(o, "OLD")) || (r = unwrapped_reason(n, "NEW"))) {
    msg = xasprintf("%s: layout changed (%s), but %s, so its objects cannot be converted in place",
                    name, detail, r);
  } else if (!json_equal(json_object_get(o, "size"), json_object_get(n, "size")) ||
             !json_equal(json_object_get(o, "align"), json_object_get(n, "align"))) {
    int sz = !json_equal(json_object_get(o, "size"), json_object_get(n, "size"));
    const char *what = sz ? "size" : "alignment";
    msg = xasprintf("%s: wrapped %s differs (%" JSON_INTEGER_FORMAT " bytes in OLD, %" JSON_INTEGER_FORMAT
                    " in NEW): build NEW with `dsu-cc --dsu-base=OLD` so the type keeps OLD's %s",
                    name, what, ival(o, sz ? "size" : "align"), ival(n, sz ? "size" : "align"), what);
  } else if (!str(o, "layout_id") || !str(n, "layout_id")) {
    msg = xasprintf("%s: layout changed, but %s has no layout_id for it (built by an older dsu?)", name,
                    str(o, "layout_id") ? "NEW" : "OLD");
  }
  if (msg) {
    refuse_type(doc, nc, name, detail, msg);
    goto out;
  }
  if (!strcmp(str(o, "layout_id"), str(n, "layout_id")))
    goto out; /* same layout: only names or spellings the id does not cover */
  if ((r = pin_reason(old, name))) {
    msg = xasprintf("%s: layout changed (%s), but OLD keeps an alias into its objects that no tag check "
                    "sees, so they cannot be converted in place: %s (remove the alias, or annotate it "
                    "dsu_alias_ok if it never lives across an update point; see docs/type-wrapping.md)",
                    name, detail, r);
    refuse_type(doc, nc, name, detail, msg);
    goto out;
  }

  char *key = type_key(name), *desc = type_desc(name);
  json_t *chg = json_pack("{s:s,s:s,s:s,s:s,s:s,s:O,s:O,s:s,s:O,s:O}", "name", name, "key", key, "desc",
                          desc, "from", str(o, "layout_id"), "to", str(n, "layout_id"), "size",
                          json_object_get(n, "size"), "align", json_object_get(n, "align"), "detail",
                          detail, "old_layout", o, "new_layout", n);
  free(key);
  free(desc);
  plan_fields(chg, o, n);
  /* The full records last: --json readers see the plan first. */
  json_object_del(chg, "old_layout");
  json_object_del(chg, "new_layout");
  json_object_set(chg, "old_layout", o);
  json_object_set(chg, "new_layout", n);
  json_array_append_new(json_object_get(doc, "type_changes"), chg);
  size_t i;
  json_t *u;
  json_array_foreach(json_object_get(chg, "undecided"), i, u) {
    if (by_hand)
      continue;
    add_msg(doc, "refusals",
            "%s: field '%s': cannot infer its conversion: %s; write the transformer: dsu-diff "
            "--emit-xform FILE.c, edit it, then build with --xform FILE.c",
            name, str(u, "field"), str(u, "why"));
  }
  json_t *dropped = json_object_get(chg, "fields_dropped");
  if (json_array_size(dropped)) {
    json_t *e;
    json_array_foreach(dropped, i, e)
      add_msg(doc, "warnings", "%s: field '%s' dropped: its value in converted objects is lost", name,
              json_string_value(e));
  }
out:
  free(r);
  free(msg);
  free(fields);
  free(detail);
}

void analyse_types(json_t *doc, const struct dsu_binary *old, const struct dsu_binary *new, int by_hand)
{
  json_t *ot = collect(old), *nt = collect(new);
  const char *name;
  json_t *nc;
  json_object_foreach(nt, name, nc) {
    json_t *oc = json_object_get(ot, name);
    if (oc && !same_layouts(oc, nc))
      one_type(doc, old, name, oc, nc, by_hand);
  }
  json_decref(ot);
  json_decref(nt);
}

/* Does the C view of either TU know the IR struct @irname? */
static int c_view_has(const struct dsu_tu_rec *t, const char *irname)
{
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(t->manifest, "types"), i, e) if (str(e, "ir_name") &&
                                                                     !strcmp(str(e, "ir_name"), irname))
      return 1;
  return 0;
}

void compare_ir_types(json_t *doc, const struct dsu_tu_rec *ot, const struct dsu_tu_rec *nt)
{
  /* IR struct types catch what a TU built without the plugin changed; a
   * type the plugin recorded was judged by analyse_types(). */
  json_t *oir = json_object_get(ot->manifest, "ir_types");
  const char *irname;
  json_t *nbody;
  json_object_foreach(json_object_get(nt->manifest, "ir_types"), irname, nbody) {
    json_t *obody = json_object_get(oir, irname);
    if (!obody || json_equal(obody, nbody) || c_view_has(ot, irname) || c_view_has(nt, irname))
      continue;
    /* "struct.conn" is what the C view calls "struct conn". */
    char *cname = xstrdup(irname);
    char *dot = strchr(cname, '.');
    if (dot && (strncmp(cname, "struct.", 7) == 0 || strncmp(cname, "union.", 6) == 0))
      *dot = ' ';
    char *detail = xasprintf("IR type %s -> %s", json_string_value(obody) ? json_string_value(obody) : "?",
                             json_string_value(nbody) ? json_string_value(nbody) : "?");
    json_t *e = tu_entry(doc, nt->tu, "changed");
    if (!find_named(json_object_get(e, "types"), cname))
      tu_note(doc, nt->tu, "types",
              json_pack("{s:s,s:s,s:s}", "name", cname, "change", "layout changed", "detail", detail));
    add_msg(doc, "refusals",
            "%s: layout changed (%s) in a TU built without the clang plugin, so dsu cannot convert its "
            "objects (build with dsu-cc --dsu-wrap, without --dsu-no-plugin)",
            cname, detail);
    free(detail);
    free(cname);
  }
}

/* Every function that uses a changed type concretely (field access,
 * initialiser, allocation, local variable) was compiled for the old layout:
 * it joins the patch, so only code for the new layout runs afterwards. */
void close_over_type_users(json_t *doc, struct index *oi, struct index *ni, json_t *why, json_t *order)
{
  const struct user_rule r = {
    .changed = json_object_get(doc, "type_changes"), .name_key = "name", .uses_key = "types_used",
    .restrict_key = "types", .what = "", .how = " concretely", .change = "type user",
    .change_why = "layout changed",
    .why_wait = "its old code expects the old layout",
  };
  close_over_users(doc, oi, ni, why, order, &r);
}
