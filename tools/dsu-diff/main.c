/*
 * dsu-diff - make a patch from two binaries built by dsu-cc.
 *
 *   dsu-diff [options] OLD NEW -o PATCH.so
 *   dsu-diff --dump BINARY
 *   dsu-diff --update-points [--json] BINARY
 *
 * Exit status: 0 patch written (or nothing to do, or a report printed),
 * 1 refused (nothing written), 2 usage, I/O or toolchain error.
 */
#include "analyse.h"
#include "dsu_binary.h"
#include "build.h"
#include "dsu_config.h"
#include "hash_hex.h"
#include "prefix.h"
#include "report.h"
#include "xform.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
  fprintf(out,
          "usage: dsu-diff [options] OLD NEW -o PATCH.so\n"
          "       dsu-diff --dump BINARY\n"
          "       dsu-diff --update-points [--json] BINARY\n"
          "\n"
          "Compares the manifests of two binaries built by dsu-cc and builds a patch that takes a\n"
          "program running OLD to NEW (apply it with `dsu-ctl apply PID PATCH.so`).\n"
          "\n"
          "options:\n"
          "  -o, --output FILE   write the patch to FILE (atomically: a failed build leaves none)\n"
          "  --explain           print, per TU, what changed and why each function is in the patch\n"
          "  --json              print the same analysis as JSON on stdout\n"
          "  -n, --dry-run       analyse only, write nothing (-o not needed)\n"
          "  --xform FILE.c      compile FILE.c into the patch: its dsu_state_transform() runs once\n"
          "                      at the update point; its dsu_xform_<type>() convert the objects of\n"
          "                      changed structs (those it does not define are generated)\n"
          "  --emit-xform FILE.c write the type transformers (and a state transformer to fill in)\n"
          "                      as editable C, with #error where a decision is yours; without -o\n"
          "                      nothing else is built (status 0 when written)\n"
          "  --keep-temps        keep the temporary build directory (its path is printed)\n"
          "  -v, --verbose       print every clang command\n"
          "  --dump BINARY       print the dsu manifests of BINARY (or the manifest of a patch)\n"
          "  --update-points BINARY\n"
          "                      before deploying BINARY: per update point, the functions whose\n"
          "                      signature, the globals whose storage and the wrapped types whose\n"
          "                      layout a patch may not change while that point is the one reached\n"
          "                      (a patch that does waits there); then the pinned types, whose\n"
          "                      layout no update point lets change (--json: as JSON)\n"
          "  --help, --version\n"
          "\n"
          "exit status: 0 patch written, nothing to do, or report printed; 1 refused (the reason is\n"
          "printed, nothing is written), also when the --xform file does not compile; 2 usage, I/O\n"
          "or toolchain error.\n"
          "A changed struct is converted when it is wrapped in OLD and NEW (dsu-cc --dsu-wrap) with\n"
          "the same size (build NEW with dsu-cc --dsu-base=OLD); see docs/user-guide.md.\n"
          "When OLD and NEW differ only in things that need no code (line numbers, removed functions,\n"
          "changed initialisers), the patch carries no code and only moves the program's version, so\n"
          "later patches built against NEW still apply.  When OLD and NEW are the same version, no\n"
          "patch is written and the status is 0.\n"
          "Environment: DSU_CLANG (the clang to run, default %s), TMPDIR.\n",
          DSU_CLANG_PATH);
}

struct opts {
  const char *old, *new, *output, *xform, *dump, *emit_xform, *points;
  bool explain, json, dry_run, keep_temps, verbose;
};

/* Return 0, 1 for --help/--version handled, -1 on a usage error. */
static int parse(int argc, char **argv, struct opts *o)
{
  memset(o, 0, sizeof *o);
  const char *pos[2];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **val = NULL;
    if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
      val = &o->output;
    else if (strncmp(a, "--output=", 9) == 0)
      o->output = a + 9;
    else if (strncmp(a, "-o", 2) == 0)
      o->output = a + 2;
    else if (strcmp(a, "--xform") == 0)
      val = &o->xform;
    else if (strncmp(a, "--xform=", 8) == 0)
      o->xform = a + 8;
    else if (strcmp(a, "--emit-xform") == 0)
      val = &o->emit_xform;
    else if (strncmp(a, "--emit-xform=", 13) == 0)
      o->emit_xform = a + 13;
    else if (strcmp(a, "--dump") == 0)
      val = &o->dump;
    else if (strcmp(a, "--update-points") == 0)
      val = &o->points;
    else if (strcmp(a, "--explain") == 0)
      o->explain = true;
    else if (strcmp(a, "--json") == 0)
      o->json = true;
    else if (strcmp(a, "-n") == 0 || strcmp(a, "--dry-run") == 0)
      o->dry_run = true;
    else if (strcmp(a, "--keep-temps") == 0)
      o->keep_temps = true;
    else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
      o->verbose = true;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 1;
    } else if (strcmp(a, "--version") == 0) {
      printf("dsu-diff %s (manifest format 1)\n", DSU_VERSION_STRING);
      return 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "dsu-diff: unknown option %s\n", a);
      return -1;
    } else if (npos < 2) {
      pos[npos++] = a;
    } else {
      fprintf(stderr, "dsu-diff: unexpected argument %s (OLD and NEW already given)\n", a);
      return -1;
    }
    if (val) {
      if (i + 1 >= argc) {
        fprintf(stderr, "dsu-diff: %s needs a value\n", a);
        return -1;
      }
      *val = argv[++i];
    }
  }
  if (o->points) {
    if (npos || o->dump) {
      fprintf(stderr, "dsu-diff: --update-points takes one binary and no OLD/NEW\n");
      return -1;
    }
    return 0;
  }
  if (o->dump) {
    if (npos) {
      fprintf(stderr, "dsu-diff: --dump takes one binary and no OLD/NEW\n");
      return -1;
    }
    return 0;
  }
  if (npos != 2) {
    fprintf(stderr, "dsu-diff: need OLD and NEW binaries\n");
    return -1;
  }
  o->old = pos[0];
  o->new = pos[1];
  if (o->emit_xform && o->xform) {
    fprintf(stderr, "dsu-diff: --emit-xform writes a transformer file, --xform builds with one: give one of them\n");
    return -1;
  }
  if (!o->output && !o->dry_run && !o->explain && !o->json && !o->emit_xform) {
    fprintf(stderr, "dsu-diff: no output: give -o PATCH.so (or --emit-xform/--dry-run/--explain/--json)\n");
    return -1;
  }
  if (!o->output)
    o->dry_run = true;
  return 0;
}

/* --dump: the TU manifests of a binary, or the manifest of a patch. */
static int dump(const char *path)
{
  json_t *pm = dsu_read_patch_manifest(path);
  if (pm) {
    json_dumpf(pm, stdout, JSON_INDENT(2));
    putchar('\n');
    json_decref(pm);
    return 0;
  }
  struct dsu_binary b;
  if (dsu_binary_load(&b, "dsu-diff", "BINARY", path) < 0) {
    dsu_binary_free(&b);
    return 2;
  }
  json_t *tus = json_array();
  for (size_t i = 0; i < b.ntus; i++)
    json_array_append_new(tus, json_pack("{s:O,s:I}", "manifest", b.tus[i].manifest, "bitcode_bytes",
                                         (json_int_t)b.tus[i].bitcode_len));
  json_t *doc = json_pack("{s:s,s:s,s:o}", "file", path, "version", b.version, "tus", tus);
  json_dumpf(doc, stdout, JSON_INDENT(2));
  putchar('\n');
  json_decref(doc);
  dsu_binary_free(&b);
  return 0;
}

/* --update-points: what each update point of a binary holds back. */
static int update_points(const char *path, bool json)
{
  struct dsu_binary b;
  if (dsu_binary_load(&b, "dsu-diff", "BINARY", path) < 0) {
    dsu_binary_free(&b);
    return 2;
  }
  json_t *doc = dsu_update_points(&b);
  if (json) {
    json_dumpf(doc, stdout, JSON_INDENT(2));
    putchar('\n');
  } else {
    dsu_report_points(stdout, doc);
  }
  json_decref(doc);
  dsu_binary_free(&b);
  return 0;
}

/* xxh3 of the --xform source, so it is part of the patch id. */
static char *hash_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "dsu-diff: --xform %s: cannot open: %s\n", path, strerror(errno));
    return NULL;
  }
  char *buf = NULL;
  size_t len = 0, cap = 0, n;
  char chunk[4096];
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (len + n > cap) {
      cap = (len + n) * 2;
      buf = realloc(buf, cap);
      if (!buf)
        abort();
    }
    memcpy(buf + len, chunk, n);
    len += n;
  }
  fclose(f);
  char *out = malloc(DSU_HASH_HEX_LEN + 1);
  dsu_hash_hex(buf ? buf : "", len, out);
  free(buf);
  return out;
}

/**
 * emit_xform() - --emit-xform: write the transformers of @a to @path.
 *
 * Each decision dsu cannot make is an #error line in the file and a note
 * here, so the user knows what to edit.
 *
 * Return: the number of decisions left to the user, or -1 after a message.
 */
static int emit_xform(const char *path, json_t *a)
{
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "dsu-diff: --emit-xform %s: cannot write: %s\n", path, strerror(errno));
    return -1;
  }
  xform_gen(f, a, NULL, 1);
  if (fclose(f) != 0) {
    fprintf(stderr, "dsu-diff: --emit-xform %s: cannot write: %s\n", path, strerror(errno));
    return -1;
  }
  size_t i, j, ndec = 0;
  json_t *c, *u;
  json_t *changes = json_object_get(a, "type_changes");
  json_array_foreach(changes, i, c) json_array_foreach(json_object_get(c, "undecided"), j, u) {
    fprintf(stderr, "dsu-diff: %s: %s: field '%s' needs your decision (#error line): %s\n", path,
            json_string_value(json_object_get(c, "name")), json_string_value(json_object_get(u, "field")),
            json_string_value(json_object_get(u, "why")));
    ndec++;
  }
  json_array_foreach(json_object_get(a, "moved_globals"), i, c) {
    if (strcmp(json_string_value(json_object_get(c, "action")), "decide") != 0)
      continue;
    fprintf(stderr, "dsu-diff: %s: global %s needs your decision (#error line in dsu_gxform_%s): %s\n", path,
            json_string_value(json_object_get(c, "id")), json_string_value(json_object_get(c, "key")),
            json_string_value(json_object_get(c, "why")));
    ndec++;
  }
  fprintf(stderr, "dsu-diff: wrote %s: %zu type transformer%s, %zu decision%s left to you\n", path,
          json_array_size(changes), json_array_size(changes) == 1 ? "" : "s", ndec, ndec == 1 ? "" : "s");
  return (int)ndec;
}

/* Compare two loaded binaries, report, and build the patch unless told not to. */
static int diff(const struct opts *o, struct dsu_binary *old, struct dsu_binary *new)
{
  char *xhash = NULL;
  if (o->xform && !(xhash = hash_file(o->xform)))
    return 2;
  int rc = 0;
  struct dsu_prefix p = {0};

  /* With --xform or --emit-xform, fields dsu cannot convert are the user's
   * to write, not a reason to refuse (--emit-xform -o refuses after writing
   * the file when such fields are left). */
  int by_hand = o->xform || o->emit_xform;
  json_t *a = dsu_analyse(old, new, by_hand);
  const char *result = json_string_value(json_object_get(a, "result"));
  json_t *manifest = dsu_patch_manifest(a, xhash);
  if (strcmp(result, "refused") != 0 && strcmp(result, "same-version") != 0)
    json_object_set(a, "patch_id", json_object_get(manifest, "patch_id"));

  if (o->json)
    dsu_report_json(stdout, a);
  if (o->explain)
    dsu_report_explain(stdout, a);
  else
    dsu_report_messages(a);
  fflush(stdout);

  if (strcmp(result, "refused") == 0) {
    fprintf(stderr, "dsu-diff: no patch from %s to %s: refused\n", o->old, o->new);
    rc = 1;
    goto out;
  }
  if (o->emit_xform) {
    int ndec = emit_xform(o->emit_xform, a);
    if (ndec < 0) {
      rc = 2;
      goto out;
    }
    if (ndec > 0 && o->output) {
      fprintf(stderr, "dsu-diff: no patch from %s to %s: %d decision%s left to you in %s; edit it, then build with --xform %s\n",
              o->old, o->new, ndec, ndec == 1 ? "" : "s", o->emit_xform, o->emit_xform);
      rc = 1;
      goto out;
    }
    if (!o->output)
      goto out;
  }
  if (strcmp(result, "same-version") == 0) {
    fprintf(stderr, "dsu-diff: %s and %s are the same version (%s): nothing to patch, no patch written\n",
            o->old, o->new, old->version);
    goto out;
  }
  if (strcmp(result, "no-changes") == 0)
    fprintf(stderr, "dsu-diff: no changes between OLD and NEW that need code; the patch only moves "
                    "the version from %s to %s\n", old->version, new->version);
  if (o->dry_run)
    goto out;

  if (dsu_prefix_locate(&p, "dsu-diff") < 0) {
    rc = 2;
    goto out;
  }
  struct build_opts bo = {o->output, o->xform, o->verbose, o->keep_temps, &p};
  rc = dsu_build_patch(a, manifest, new, &bo);
  size_t ntypes = json_array_size(json_object_get(manifest, "types"));
  char types_note[64] = "";
  size_t nmoved = json_array_size(json_object_get(manifest, "moved_globals"));
  if (ntypes)
    snprintf(types_note, sizeof types_note, ", %zu changed type%s", ntypes, ntypes == 1 ? "" : "s");
  if (nmoved)
    snprintf(types_note + strlen(types_note), sizeof types_note - strlen(types_note), ", %zu moved global%s",
             nmoved, nmoved == 1 ? "" : "s");
  if (rc == 0)
    fprintf(stderr, "dsu-diff: wrote %s (patch %s: %zu replaced, %zu added, %zu new globals%s)\n", o->output,
            json_string_value(json_object_get(manifest, "patch_id")),
            json_array_size(json_object_get(manifest, "replace")),
            json_array_size(json_object_get(manifest, "add")),
            json_array_size(json_object_get(manifest, "new_globals")), types_note);
out:
  dsu_prefix_free(&p);
  json_decref(manifest);
  json_decref(a);
  free(xhash);
  return rc;
}

int main(int argc, char **argv)
{
  struct opts o;
  int r = parse(argc, argv, &o);
  if (r > 0)
    return 0;
  if (r < 0) {
    usage(stderr);
    return 2;
  }
  if (o.dump)
    return dump(o.dump);
  if (o.points)
    return update_points(o.points, o.json);

  struct dsu_binary old, new;
  memset(&new, 0, sizeof new);
  if (dsu_binary_load(&old, "dsu-diff", "OLD", o.old) < 0 || dsu_binary_load(&new, "dsu-diff", "NEW", o.new) < 0)
    r = 2;
  else
    r = diff(&o, &old, &new);
  dsu_binary_free(&old);
  dsu_binary_free(&new);
  return r;
}
