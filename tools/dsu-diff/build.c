/*
 * build.c - compile patch code from NEW's embedded bitcode with the pass in
 * patch mode, add the patch manifest and an optional state transformer, and
 * link a shared object.
 */
#include "build.h"
#include "xform.h"

#include "dsu_config.h"
#include "hash_hex.h"
#include "dsu_spawn.h"
#include "strvec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *str(json_t *o, const char *key)
{
  return json_string_value(json_object_get(o, key));
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append "TAG:id\n" for every id of @arr, sorted, to @sv. */
static void push_sorted_ids(struct strvec *sv, json_t *arr, const char *tag)
{
  struct strvec ids = {0};
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) strvec_pushf(&ids, "%s:%s\n", tag, str(e, "id"));
  if (ids.n)
    qsort(ids.v, ids.n, sizeof *ids.v, cmp_str);
  for (i = 0; i < ids.n; i++)
    strvec_push(sv, ids.v[i]);
  strvec_free(&ids);
}

json_t *dsu_patch_manifest(json_t *a, const char *xform_hash)
{
  const char *from = str(json_object_get(a, "old"), "version");
  const char *to = str(json_object_get(a, "new"), "version");
  /* patch_id = xxh3_64 of "from\nto\n", then "R:id\n" for the sorted replace
   * ids, "A:id\n" for the sorted add ids, "G:id\n" for the sorted new
   * globals, "T:name:from:to\n" for the sorted changed types, and
   * "X:hash\n" of the --xform source if any. */
  struct strvec parts = {0};
  strvec_pushf(&parts, "%s\n%s\n", from, to);
  push_sorted_ids(&parts, json_object_get(a, "replace"), "R");
  push_sorted_ids(&parts, json_object_get(a, "add"), "A");
  push_sorted_ids(&parts, json_object_get(a, "new_globals"), "G");
  push_sorted_ids(&parts, json_object_get(a, "moved_globals"), "M");
  struct strvec tl = {0};
  size_t k;
  json_t *tc;
  json_array_foreach(json_object_get(a, "type_changes"), k, tc)
    strvec_pushf(&tl, "T:%s:%s:%s\n", str(tc, "name"), str(tc, "from"), str(tc, "to"));
  if (tl.n)
    qsort(tl.v, tl.n, sizeof *tl.v, cmp_str);
  for (k = 0; k < tl.n; k++)
    strvec_push(&parts, tl.v[k]);
  strvec_free(&tl);
  if (xform_hash)
    strvec_pushf(&parts, "X:%s\n", xform_hash);
  size_t len = 0;
  for (size_t i = 0; i < parts.n; i++)
    len += strlen(parts.v[i]);
  char *buf = malloc(len + 1), *p = buf;
  for (size_t i = 0; i < parts.n; i++)
    p = stpcpy(p, parts.v[i]);
  char pid[DSU_HASH_HEX_LEN + 1];
  dsu_hash_hex(buf, len, pid);
  free(buf);
  strvec_free(&parts);

  json_t *replace = json_array(), *add = json_array(), *globals = json_array();
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(a, "replace"), i, e) {
    char *nsym = xasprintf("__dsu_p.%s.%s", pid, str(e, "sym"));
    json_array_append_new(replace, json_pack("{s:s,s:s?,s:s,s:s}", "id", str(e, "id"), "slot",
                                             str(e, "slot"), "new", nsym, "why", str(e, "why")));
    free(nsym);
  }
  json_array_foreach(json_object_get(a, "add"), i, e) {
    char *nsym = xasprintf("__dsu_p.%s.%s", pid, str(e, "sym"));
    json_array_append_new(add, json_pack("{s:s,s:s?,s:s}", "id", str(e, "id"), "slot", str(e, "slot"),
                                         "new", nsym));
    free(nsym);
  }
  json_array_foreach(json_object_get(a, "new_globals"), i, e)
    json_array_append(globals, e);
  json_t *types = json_array();
  json_array_foreach(json_object_get(a, "type_changes"), i, e) {
    char *x = xasprintf("__dsu_x_%s_%s", pid, str(e, "key"));
    json_array_append_new(types, json_pack("{s:s,s:s,s:s,s:s,s:O,s:s,s:O,s:O}", "name", str(e, "name"),
                                           "desc", str(e, "desc"), "from", str(e, "from"), "to",
                                           str(e, "to"), "size", json_object_get(e, "size"), "xform",
                                           x, "fields_new", json_object_get(e, "fields_new"),
                                           "fields_dropped", json_object_get(e, "fields_dropped")));
    free(x);
  }
  json_t *moved = json_array();
  json_array_foreach(json_object_get(a, "moved_globals"), i, e) {
    char *nsym = xasprintf("__dsu_g.%s.%s", pid, str(e, "sym"));
    char *x = xasprintf("__dsu_gx_%s_%s", pid, str(e, "key"));
    json_array_append_new(moved, json_pack("{s:s,s:s,s:s,s:O,s:O,s:s}", "id", str(e, "id"), "sym",
                                           str(e, "sym"), "new", nsym, "size_old",
                                           json_object_get(e, "size_old"), "size_new",
                                           json_object_get(e, "size_new"), "xform", x));
    free(nsym);
    free(x);
  }
  json_t *m = json_pack("{s:i,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:n,s:O}", "format", 1, "patch_id", pid,
                        "from", from, "to", to, "created_by", "dsu-diff " DSU_VERSION_STRING,
                        "replace", replace, "add", add, "new_globals", globals, "types", types,
                        "state_transformer",
                        "warnings", json_object_get(a, "warnings"));
  /* Derived data, so not part of the patch id: the bodies the patch
   * defines (each with its summary, for the runtime's stack walk once it is
   * applied) and the names whose representation it changes. */
  json_t *frames = json_array();
  json_array_foreach(json_object_get(a, "frames"), i, e) {
    const char *kind = str(e, "kind");
    char *fsym = xasprintf("%s.%s.%s", kind && !strcmp(kind, "copy") ? "__dsu_pc" : "__dsu_p", pid,
                           str(e, "sym"));
    json_t *f = json_pack("{s:s,s:s}", "sym", fsym, "id", str(e, "id"));
    if (str(e, "file"))
      json_object_set_new(f, "file", json_string(str(e, "file")));
    if (json_object_get(e, "restrict"))
      json_object_set(f, "restrict", json_object_get(e, "restrict"));
    json_array_append_new(frames, f);
    free(fsym);
  }
  json_object_set_new(m, "frames", frames);
  json_object_set(m, "changes", json_object_get(a, "changes"));
  /* Only when there are some: a patch without moved globals keeps its old manifest. */
  if (json_array_size(moved))
    json_object_set_new(m, "moved_globals", moved);
  else
    json_decref(moved);
  if (xform_hash) {
    char *x = xasprintf("__dsu_xform_%s", pid);
    json_object_set_new(m, "state_transformer", json_string(x));
    free(x);
  }
  return m;
}

static int write_file(const char *path, const void *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "dsu-diff: cannot write %s: %s\n", path, strerror(errno));
    if (f)
      fclose(f);
    return -1;
  }
  return 0;
}

/* Run clang; on failure show what it said, headed by @what. */
int build_run_clang(struct strvec *cmd, const char *errfile, const struct build_opts *o,
                     const char *what)
{
  if (o->verbose)
    strvec_print(cmd, "dsu-diff: ");
  int rc = dsu_spawn("dsu-diff", cmd->v, errfile);
  if (rc != 0) {
    if (rc > 0) {
      fprintf(stderr, "dsu-diff: %s failed:\n", what);
      dsu_cat_file(errfile);
    } else {
      fprintf(stderr, "dsu-diff: %s failed\n", what);
    }
    return -1;
  }
  if (o->verbose)
    dsu_cat_file(errfile); /* warnings */
  return 0;
}

/* The optimisation flag the TU was built with. */
static char *opt_flag(json_t *m)
{
  json_int_t size = json_integer_value(json_object_get(m, "size_level"));
  if (size == 1)
    return xstrdup("-Os");
  if (size >= 2)
    return xstrdup("-Oz");
  json_int_t opt = json_integer_value(json_object_get(m, "opt_level"));
  return xasprintf("-O%d", (int)(opt < 0 ? 0 : opt > 3 ? 3 : opt));
}

/* Every function id defined in NEW, for the pass's patch mode. */
static json_t *program_functions(const struct dsu_binary *new)
{
  json_t *ids = json_array();
  for (size_t t = 0; t < new->ntus; t++) {
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(new->tus[t].manifest, "functions"), i, f)
      if (str(f, "id"))
        json_array_append_new(ids, json_string(str(f, "id")));
  }
  return ids;
}

/* The symbols of the moved globals, for the pass: every TU of the patch renames its
 * definition or declarations of them to __dsu_g.PID.SYM. */
static json_t *moved_syms(json_t *moved)
{
  json_t *syms = json_array();
  size_t i;
  json_t *e;
  json_array_foreach(moved, i, e) json_array_append_new(syms, json_string(str(e, "sym")));
  return syms;
}

static int build_tu(const char *dir, int n, const struct dsu_tu_rec *rec, json_t *lists,
                    const char *pid, json_t *progfns, json_t *moved, const struct build_opts *o, struct strvec *objs)
{
  char *bc = xasprintf("%s/tu%d.bc", dir, n), *spec = xasprintf("%s/tu%d.spec.json", dir, n);
  char *obj = xasprintf("%s/tu%d.o", dir, n), *err = xasprintf("%s/tu%d.err", dir, n);
  char *lib = o->prefix->lib_dir;
  int rc = -1;
  json_t *sj = json_pack("{s:i,s:s,s:s,s:O,s:O,s:O,s:O,s:o}", "format", 1, "patch_id", pid, "tu", rec->tu,
                         "functions", json_object_get(lists, "functions"), "new_functions",
                         json_object_get(lists, "new_functions"), "new_globals",
                         json_object_get(lists, "new_globals"), "program_functions", progfns, "moved_globals", moved_syms(moved));
  if (write_file(bc, rec->bitcode, rec->bitcode_len) < 0 ||
      json_dump_file(sj, spec, JSON_INDENT(1)) != 0) {
    if (access(bc, F_OK) == 0)
      fprintf(stderr, "dsu-diff: cannot write %s\n", spec);
    goto out;
  }
  struct strvec cmd = {0};
  strvec_push(&cmd, o->prefix->clang);
  strvec_push(&cmd, "-c");
  strvec_push(&cmd, "-fPIC");
  char *opt = opt_flag(rec->manifest);
  strvec_push(&cmd, opt);
  free(opt);
  strvec_push(&cmd, "-x");
  strvec_push(&cmd, "ir");
  strvec_push(&cmd, bc);
  strvec_pushf(&cmd, "-fplugin=%s/dsu-pass.so", lib);
  strvec_pushf(&cmd, "-fpass-plugin=%s/dsu-pass.so", lib);
  strvec_push(&cmd, "-mllvm");
  strvec_push(&cmd, "-dsu-mode=patch");
  strvec_push(&cmd, "-mllvm");
  strvec_pushf(&cmd, "-dsu-patch-spec=%s", spec);
  strvec_push(&cmd, "-mllvm");
  strvec_pushf(&cmd, "-dsu-tu-id=%s", rec->tu);
  strvec_push(&cmd, "-o");
  strvec_push(&cmd, obj);
  char *what = xasprintf("compiling patch code for TU %s", rec->tu);
  if (build_run_clang(&cmd, err, o, what) == 0) {
    strvec_push(objs, obj);
    rc = 0;
  }
  free(what);
  strvec_free(&cmd);
out:
  json_decref(sj);
  free(bc);
  free(spec);
  free(obj);
  free(err);
  return rc;
}

/* The manifest goes into section dsu_patch through .incbin, so its bytes
 * are exactly the JSON document (plus a newline). */
static int build_manifest_obj(const char *dir, json_t *manifest, const struct build_opts *o,
                              struct strvec *objs)
{
  char *js = xasprintf("%s/manifest.json", dir), *as = xasprintf("%s/manifest.s", dir);
  char *obj = xasprintf("%s/manifest.o", dir), *err = xasprintf("%s/manifest.err", dir);
  char *text = json_dumps(manifest, JSON_INDENT(1));
  /* .note.GNU-stack: the patch must not ask for an executable stack. */
  char *asm_text = xasprintf("\t.section dsu_patch,\"a\"\n\t.incbin \"%s\"\n"
                             "\t.section .note.GNU-stack,\"\",@progbits\n", js);
  int rc = -1;
  struct strvec cmd = {0};
  if (!text || write_file(js, text, strlen(text)) < 0 || write_file(as, asm_text, strlen(asm_text)) < 0)
    goto out;
  FILE *f = fopen(js, "a");
  if (f) {
    fputc('\n', f);
    fclose(f);
  }
  strvec_push(&cmd, o->prefix->clang);
  strvec_push(&cmd, "-c");
  strvec_push(&cmd, "-x");
  strvec_push(&cmd, "assembler");
  strvec_push(&cmd, as);
  strvec_push(&cmd, "-o");
  strvec_push(&cmd, obj);
  if (build_run_clang(&cmd, err, o, "assembling the patch manifest") == 0) {
    strvec_push(objs, obj);
    rc = 0;
  }
out:
  strvec_free(&cmd);
  free(text);
  free(asm_text);
  free(js);
  free(as);
  free(obj);
  free(err);
  return rc;
}

/* Remove the temp dir (flat: only files we wrote). */
static void remove_dir(const char *dir)
{
  DIR *d = opendir(dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    char *p = xasprintf("%s/%s", dir, e->d_name);
    unlink(p);
    free(p);
  }
  closedir(d);
  rmdir(dir);
}

int dsu_build_patch(json_t *a, json_t *manifest, const struct dsu_binary *new,
                    const struct build_opts *o)
{
  char *pass = xasprintf("%s/dsu-pass.so", o->prefix->lib_dir);
  int have_pass = dsu_prefix_require("dsu-diff", pass);
  free(pass);
  if (json_object_size(json_object_get(a, "build")) && have_pass < 0)
    return 2;
  if ((o->xform || json_array_size(json_object_get(a, "type_changes")) ||
       json_array_size(json_object_get(a, "moved_globals"))) &&
      dsu_prefix_require("dsu-diff", o->prefix->include_dir) < 0)
    return 2;

  const char *tmp = getenv("TMPDIR");
  char *dir = xasprintf("%s/dsu-diff.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    fprintf(stderr, "dsu-diff: cannot create a temp dir %s: %s\n", dir, strerror(errno));
    free(dir);
    return 2;
  }
  const char *pid = str(manifest, "patch_id");
  struct strvec objs = {0};
  json_t *progfns = program_functions(new);
  int rc = 2, n = 0;
  const char *tu;
  json_t *lists;
  json_object_foreach(json_object_get(a, "build"), tu, lists) {
    if (build_tu(dir, n++, dsu_binary_find_tu(new, tu), lists, pid, progfns, json_object_get(a, "moved_globals"), o, &objs) < 0)
      goto out;
  }
  if (o->xform || json_array_size(json_object_get(a, "type_changes")) ||
      json_array_size(json_object_get(a, "moved_globals"))) {
    int xr = xform_build(dir, a, manifest, o, &objs);
    if (xr) {
      rc = xr;
      goto out;
    }
  }
  if (build_manifest_obj(dir, manifest, o, &objs) < 0)
    goto out;

  /* Link under a temp name next to the output, then rename: a failed link
   * never leaves a half patch, and rename() is atomic on one file system. */
  char *tmpout = xasprintf("%s.dsu-tmp.%ld", o->output, (long)getpid());
  char *err = xasprintf("%s/link.err", dir);
  struct strvec cmd = {0};
  strvec_push(&cmd, o->prefix->clang);
  strvec_push(&cmd, "-shared");
  strvec_push(&cmd, "-o");
  strvec_push(&cmd, tmpout);
  for (size_t i = 0; i < objs.n; i++)
    strvec_push(&cmd, objs.v[i]);
  if (build_run_clang(&cmd, err, o, "linking the patch") == 0) {
    if (rename(tmpout, o->output) == 0)
      rc = 0;
    else
      fprintf(stderr, "dsu-diff: cannot write %s: %s\n", o->output, strerror(errno));
  }
  if (rc != 0)
    unlink(tmpout);
  strvec_free(&cmd);
  free(tmpout);
  free(err);
out:
  if (o->keep_temps)
    fprintf(stderr, "dsu-diff: temporary files kept in %s\n", dir);
  else
    remove_dir(dir);
  json_decref(progfns);
  strvec_free(&objs);
  free(dir);
  return rc;
}
