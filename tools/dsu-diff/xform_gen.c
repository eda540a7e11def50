/*
 * xform_gen.c - write type transformers as C.
 *
 * The generated structs do not use the program's own declarations (a
 * transformer is compiled on its own, without the program's headers, and
 * must see OLD and NEW at once): each field is declared by its kind and
 * size (int32_t, double, char[N], void *, or raw bytes for structs and
 * other arrays), placed by explicit padding and checked by _Static_assert,
 * so a layout that does not come out as the manifest says fails to compile.
 */
#include "xform.h"

#include "analyse_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *s_(json_t *o, const char *key)
{
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

static json_int_t i_(json_t *o, const char *key)
{
  return json_integer_value(json_object_get(o, key));
}

/* The C type a field of @kind and @size is declared with, or NULL for raw bytes. */
static const char *scalar_type(const char *kind, json_int_t size)
{
  static const char *const ints[] = {"int8_t", "int16_t", "int32_t", "int64_t", "__int128"};
  static const char *const uints[] = {"uint8_t", "uint16_t", "uint32_t", "uint64_t", "unsigned __int128"};
  int lg = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : size == 8 ? 3 : size == 16 ? 4 : -1;
  if (!strcmp(kind, "int") && lg >= 0)
    return ints[lg];
  if (!strcmp(kind, "uint") && lg >= 0)
    return uints[lg];
  if (!strcmp(kind, "float"))
    return size == 4 ? "float" : size == 8 ? "double" : size == 16 ? "long double" : NULL;
  if (!strcmp(kind, "pointer") && size == (json_int_t)sizeof(void *))
    return "void *";
  return NULL;
}

/* A field's member name in the generated struct. */
static char *member(json_t *f)
{
  const char *n = s_(f, "name");
  return *n ? xstrdup(n) : xasprintf("dsu_anon_%" JSON_INTEGER_FORMAT, i_(f, "offset"));
}

static int by_offset(const void *a, const void *b)
{
  json_int_t x = i_(*(json_t *const *)a, "offset"), y = i_(*(json_t *const *)b, "offset");
  return x < y ? -1 : x > y;
}

/* Print @s as the inside of a C string literal. */
static void c_string(FILE *out, const char *s)
{
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fputc('\\', out);
    fputc(*s == '\n' ? ' ' : *s, out);
  }
}

/* struct dsu_<which>_<key> for layout @rec, with its static assertions. */
static void gen_struct(FILE *out, const char *which, json_t *chg, json_t *rec)
{
  const char *key = s_(chg, "key");
  json_t *fields = json_object_get(rec, "fields");
  size_t n = json_array_size(fields);
  json_t **v = calloc(n ? n : 1, sizeof *v);
  for (size_t i = 0; i < n; i++)
    v[i] = json_array_get(fields, i);
  qsort(v, n, sizeof *v, by_offset);
  json_int_t size = i_(rec, "size"), align = i_(rec, "align"), cur = 4;

  fprintf(out, "/* %s in %s: %" JSON_INTEGER_FORMAT " bytes, layout %s. */\nstruct dsu_%s_%s {\n",
          s_(chg, "name"), !strcmp(which, "old") ? "OLD" : "NEW", size, s_(rec, "layout_id"), which, key);
  if (align > 4)
    fprintf(out, "  _Alignas(%" JSON_INTEGER_FORMAT ") uint32_t dsu_tag;\n", align);
  else
    fprintf(out, "  uint32_t dsu_tag;\n");
  for (size_t i = 0; i < n; i++) {
    json_t *f = v[i];
    json_int_t off = i_(f, "offset"), fsz = i_(f, "size");
    if (json_object_get(f, "bit_width") || off < cur) {
      fprintf(out, "  /* bit-field %s (%s) in the bytes at offset %" JSON_INTEGER_FORMAT
              ": not declared, copy its bits by hand */\n", s_(f, "name"), s_(f, "type"), off);
      continue;
    }
    if (off > cur)
      fprintf(out, "  unsigned char dsu_pad_%" JSON_INTEGER_FORMAT "[%" JSON_INTEGER_FORMAT "];\n", cur,
              off - cur);
    char *m = member(f);
    const char *st = scalar_type(s_(f, "kind"), fsz);
    if (st)
      fprintf(out, "  %s%s%s;", st, st[strlen(st) - 1] == '*' ? "" : " ", m);
    else
      fprintf(out, "  %s %s[%" JSON_INTEGER_FORMAT "];",
              !strcmp(s_(f, "kind"), "char_array") ? "char" : "unsigned char", m, fsz);
    fprintf(out, " /* %s */\n", s_(f, "type"));
    free(m);
    cur = off + fsz;
  }
  if (size > cur)
    fprintf(out, "  unsigned char dsu_slop[%" JSON_INTEGER_FORMAT "];\n", size - cur);
  fprintf(out, "};\n");
  fprintf(out, "_Static_assert(sizeof(struct dsu_%s_%s) == %" JSON_INTEGER_FORMAT
          ", \"dsu: size of %s in %s\");\n", which, key, size, s_(chg, "name"), which);
  for (size_t i = 0; i < n; i++) {
    if (json_object_get(v[i], "bit_width"))
      continue;
    char *m = member(v[i]);
    fprintf(out, "_Static_assert(offsetof(struct dsu_%s_%s, %s) == %" JSON_INTEGER_FORMAT
            ", \"dsu: offset of %s.%s in %s\");\n", which, key, m, i_(v[i], "offset"), s_(chg, "name"),
            m, which);
    free(m);
  }
  fputc('\n', out);
  free(v);
}

/* The record of field @name in layout @rec. */
static json_t *field_of(json_t *rec, const char *name)
{
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(rec, "fields"), i, f) if (!strcmp(s_(f, "name"), name)) return f;
  return NULL;
}

/* Does field @name have a bit-field record in either layout of @chg? */
static int has_bits(json_t *chg, const char *name)
{
  json_t *o = field_of(json_object_get(chg, "old_layout"), name);
  json_t *n = field_of(json_object_get(chg, "new_layout"), name);
  return json_object_get(o, "bit_width") || json_object_get(n, "bit_width");
}

/* One statement carrying field @f over (action copy/convert). */
static void gen_copy(FILE *out, json_t *chg, json_t *f)
{
  json_t *of = field_of(json_object_get(chg, "old_layout"), s_(f, "name"));
  json_t *nf = field_of(json_object_get(chg, "new_layout"), s_(f, "name"));
  const char *n = s_(f, "name");
  if (json_object_get(of, "bit_width") || json_object_get(nf, "bit_width")) {
    fprintf(out, "  dsu_copy_bits(to, %" JSON_INTEGER_FORMAT ", from, %" JSON_INTEGER_FORMAT ", %" JSON_INTEGER_FORMAT
                 "); /* %s: %s */\n",
            i_(nf, "bit_offset"), i_(of, "bit_offset"), i_(of, "bit_width"), s_(f, "action"), s_(f, "why"));
    return;
  }
  int scalars = scalar_type(s_(of, "kind"), i_(of, "size")) && scalar_type(s_(nf, "kind"), i_(nf, "size"));
  if (scalars)
    fprintf(out, "  to->%s = from->%s;", n, n);
  else if (i_(of, "size") <= i_(nf, "size"))
    fprintf(out, "  memcpy(to->%s, from->%s, sizeof from->%s);", n, n, n);
  else
    fprintf(out, "  memcpy(to->%s, from->%s, sizeof to->%s);", n, n, n);
  fprintf(out, " /* %s: %s */\n", s_(f, "action"), s_(f, "why"));
}

/* A decision dsu cannot make: an #error line and a suggestion. */
static void gen_decide(FILE *out, json_t *chg, json_t *f)
{
  const char *n = s_(f, "name"), *twin = s_(f, "renamed_to");
  fprintf(out, "#error \"dsu: %s: field '", s_(chg, "name"));
  c_string(out, n);
  fputs("': ", out);
  c_string(out, s_(f, "why"));
  if (*twin)
    fputs(": if so, copy it (the line below), else leave the new field zeroed; then delete this line\"\n",
          out);
  else
    fputs(": write its conversion (or leave it zeroed) and delete this line\"\n", out);
  if (*twin)
    fprintf(out, "  /* to->%s = from->%s; */\n", twin, n);
  else if (json_object_get(f, "new_type") && has_bits(chg, n))
    fprintf(out, "  /* bit-field: dsu_copy_bits(to, NEW_BIT, from, OLD_BIT, WIDTH) copies bits; see the layouts above */\n");
  else if (json_object_get(f, "new_type"))
    fprintf(out, "  /* to->%s = from->%s; */\n", n, n);
}

static void gen_xform(FILE *out, json_t *chg, int for_user)
{
  const char *key = s_(chg, "key");
  gen_struct(out, "old", chg, json_object_get(chg, "old_layout"));
  gen_struct(out, "new", chg, json_object_get(chg, "new_layout"));
  fprintf(out, "/* %s: layout %s -> %s. */\n", s_(chg, "name"), s_(chg, "from"), s_(chg, "to"));
  fprintf(out, "void dsu_xform_%s(void *to_, const void *from_)\n{\n", key);
  fprintf(out, "  struct dsu_new_%s *to = to_;\n  const struct dsu_old_%s *from = from_;\n", key, key);
  fputs("  (void)to;\n  (void)from;\n", out);
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(chg, "fields"), i, f) {
    const char *act = s_(f, "action");
    if (!strcmp(act, "copy") || !strcmp(act, "convert"))
      gen_copy(out, chg, f);
    else if (!strcmp(act, "decide") && for_user)
      gen_decide(out, chg, f);
  }
  const char *lists[2] = {"fields_new", "fields_dropped"};
  const char *heads[2] = {"new fields, left zeroed", "dropped fields, their values are lost"};
  for (int l = 0; l < 2; l++) {
    json_t *arr = json_object_get(chg, lists[l]);
    if (!json_array_size(arr))
      continue;
    fprintf(out, "  /* %s:", heads[l]);
    json_t *e;
    json_array_foreach(arr, i, e) fprintf(out, "%s %s", i ? "," : "", json_string_value(e));
    fputs(" */\n", out);
  }
  fputs("}\n\n", out);
}

/* The transformer of one moved global (doc "moved_globals" entry @m). */
static void gen_gxform(FILE *out, json_t *m, int for_user)
{
  const char *key = s_(m, "key"), *act = s_(m, "action");
  fprintf(out, "/* global %s: %s (%" JSON_INTEGER_FORMAT " -> %" JSON_INTEGER_FORMAT " bytes): %s.\n"
               " * *from is its storage in the running program (OLD), *to the patch's new one. */\n",
          s_(m, "id"), s_(m, "new_type"), i_(m, "size_old"), i_(m, "size_new"), s_(m, "why"));
  fprintf(out, "void dsu_gxform_%s(void *to_, const void *from_)\n{\n", key);
  fprintf(out, "  memset(to_, 0, %" JSON_INTEGER_FORMAT ");\n", i_(m, "size_new"));
  if (!strcmp(act, "decide")) {
    if (for_user) {
      fprintf(out, "#error \"dsu: global %s: ", s_(m, "id"));
      c_string(out, s_(m, "why"));
      fputs(": write its conversion (or leave it zeroed) and delete this line\"\n", out);
    }
    fprintf(out, "  /* OLD: %s, %" JSON_INTEGER_FORMAT " bytes at from_; NEW: %s, %" JSON_INTEGER_FORMAT
                 " bytes at to_. */\n  (void)from_;\n}\n\n",
            s_(m, "old_type"), i_(m, "size_old"), s_(m, "new_type"), i_(m, "size_new"));
    return;
  }
  const char *eo = s_(m, "elem_old"), *en = s_(m, "elem_new");
  fprintf(out, "  typedef %s dsu_old_t;\n  typedef %s dsu_new_t;\n  dsu_new_t *to = to_;\n  const dsu_old_t *from = from_;\n", eo, en);
  fprintf(out, "  for (size_t i = 0; i < %" JSON_INTEGER_FORMAT "; i++) /* %s */\n    to[i] = from[i];\n",
          i_(m, "count_old"), !strcmp(act, "copy") ? "bytes" : strcmp(eo, en) ? "converted" : "copied");
  if (i_(m, "count_new") > i_(m, "count_old"))
    fprintf(out, "  /* elements %" JSON_INTEGER_FORMAT "..%" JSON_INTEGER_FORMAT " are new: zeroed */\n",
            i_(m, "count_old"), i_(m, "count_new") - 1);
  fputs("}\n\n", out);
}

void xform_gen(FILE *out, json_t *a, json_t *only, int for_user)
{
  json_t *o = json_object_get(a, "old"), *n = json_object_get(a, "new");
  json_t *changes = json_object_get(a, "type_changes");
  fprintf(out, "/*\n * Transformers for the patch from OLD to NEW, written by dsu-diff.\n"
               " *   OLD %s (version %s)\n *   NEW %s (version %s)\n",
          s_(o, "file"), s_(o, "version"), s_(n, "file"), s_(n, "version"));
  if (for_user)
    fputs(" * Build the patch with this file: dsu-diff OLD NEW --xform THIS.c -o PATCH.so\n"
          " *\n"
          " * dsu_xform_<type>(to, from) converts one object of a changed struct: *from is a\n"
          " * copy of the object in its OLD layout, *to the object itself, zeroed except its\n"
          " * tag, which the runtime sets afterwards.  It runs lazily, when new code first\n"
          " * touches an object, and once when the patch is applied, on a zeroed object (it\n"
          " * must not crash on one).  It must not call the program's functions or keep\n"
          " * pointers into *from.  Lines marked #error need your decision: the file does not\n"
          " * compile until they are gone.  Nested structs are copied as bytes: a changed\n"
          " * nested wrapped struct is converted by its own transformer when it is used.\n",
          out);
  if (for_user && json_array_size(json_object_get(a, "moved_globals")))
    fputs(" *\n"
          " * dsu_gxform_<global>(to, from) moves a global whose type changed: it runs once, when\n"
          " * the patch is applied, from the running storage to the patch's new one (a crash\n"
          " * refuses the patch, nothing is changed).\n",
          out);
  fputs(" */\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n", out);
  size_t i, written = 0;
  json_t *c;
  int bits = 0;
  json_array_foreach(changes, i, c) {
    size_t j;
    json_t *f;
    json_array_foreach(json_object_get(c, "fields"), j, f) bits |= has_bits(c, s_(f, "name"));
  }
  if (bits)
    fputs("/* Copy @width bits from bit @fb of @from to bit @tb of @to, bit offsets from the\n"
          " * start of the object, in the little-endian order x86-64 and AArch64 give bit-fields. */\n"
          "__attribute__((unused)) static void dsu_copy_bits(void *to, unsigned tb, const void *from,\n"
          "                                                  unsigned fb, unsigned width)\n"
          "{\n"
          "  unsigned char *t = to;\n"
          "  const unsigned char *f = from;\n"
          "  for (unsigned i = 0; i < width; i++) {\n"
          "    unsigned s = fb + i, d = tb + i;\n"
          "    if (f[s / 8] >> (s % 8) & 1)\n"
          "      t[d / 8] |= (unsigned char)(1u << (d % 8));\n"
          "    else\n"
          "      t[d / 8] &= (unsigned char)~(1u << (d % 8));\n"
          "  }\n"
          "}\n\n",
          out);
  json_array_foreach(changes, i, c) {
    if (only && !array_has(only, s_(c, "name")))
      continue;
    gen_xform(out, c, for_user);
    written++;
  }
  json_array_foreach(json_object_get(a, "moved_globals"), i, c) {
    if (only && !array_has(only, s_(c, "key")))
      continue;
    gen_gxform(out, c, for_user);
    written++;
  }
  if (!for_user)
    return;
  /* The state transformer: active when it is the only thing the file
   * defines (dsu-diff --xform wants at least one transformer). */
  fputs("/* State transformer: runs once at the update point that applies the patch; a\n"
        " * non-zero return refuses the update (see docs/user-guide.md). */\n",
        out);
  if (written)
    fputs("/*\nint dsu_state_transform(void)\n{\n  return 0;\n}\n*/\n", out);
  else
    fputs("int dsu_state_transform(void)\n{\n  return 0;\n}\n", out);
}
