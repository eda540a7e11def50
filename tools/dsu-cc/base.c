/*
 * base.c - write the --dsu-base file from OLD's type records.
 */
#include "base.h"

#include "dsu_binary.h"
#include "strvec.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The keys of a type record that fix its size; a record of an unwrapped
 * build has no "wrapped" key and is written as not wrapped, so the plugin
 * keeps such a type unwrapped (its objects in OLD have no room to grow). */
static json_t *base_record(json_t *t)
{
  json_t *r = json_object();
  json_object_set(r, "name", json_object_get(t, "name"));
  json_object_set(r, "size", json_object_get(t, "size"));
  json_object_set(r, "align", json_object_get(t, "align"));
  json_object_set_new(r, "wrapped", json_boolean(json_is_true(json_object_get(t, "wrapped"))));
  const char *opt[] = {"user_size", "slop"};
  for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
    if (json_object_get(t, opt[i]))
      json_object_set(r, opt[i], json_object_get(t, opt[i]));
  return r;
}

/* Append @r to @types unless an equal record is already there. */
static int add_unique(json_t *types, json_t *r)
{
  size_t i;
  json_t *e;
  json_array_foreach(types, i, e) if (json_equal(e, r)) {
    json_decref(r);
    return 0;
  }
  json_array_append_new(types, r);
  return 1;
}

int cc_base_write(const char *old, struct cc_base *b)
{
  memset(b, 0, sizeof *b);
  char abs[PATH_MAX];
  if (!realpath(old, abs)) {
    fprintf(stderr, "dsu-cc: --dsu-base %s: %s\n", old, strerror(errno));
    return -1;
  }
  struct dsu_binary bin;
  if (dsu_binary_load(&bin, "dsu-cc", "--dsu-base", abs) < 0) {
    dsu_binary_free(&bin);
    return -1;
  }
  json_t *types = json_array();
  for (size_t t = 0; t < bin.ntus; t++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(bin.tus[t].manifest, "types"), i, e) {
      if (!json_is_string(json_object_get(e, "name")))
        continue;
      b->ntypes += add_unique(types, base_record(e));
      if (json_is_true(json_object_get(e, "wrapped")))
        b->any_wrapped = true;
    }
  }
  dsu_binary_free(&bin);
  json_t *doc = json_pack("{s:s,s:o}", "binary", abs, "types", types);

  const char *tmp = getenv("TMPDIR");
  b->file = xasprintf("%s/dsu-base-XXXXXX.json", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemps(b->file, 5);
  int rc = -1;
  if (fd < 0) {
    fprintf(stderr, "dsu-cc: --dsu-base: cannot create %s: %s\n", b->file, strerror(errno));
    goto out;
  }
  int werr = json_dumpfd(doc, fd, JSON_INDENT(1));
  if (close(fd) != 0 || werr != 0) {
    fprintf(stderr, "dsu-cc: --dsu-base: cannot write %s\n", b->file);
    unlink(b->file);
    goto out;
  }
  rc = 0;
out:
  if (rc < 0) {
    free(b->file);
    b->file = NULL;
  }
  json_decref(doc);
  return rc;
}
