/*
 * patch_file.c - the checks on a patch file made before anything is loaded.
 *
 * The file is opened once, O_NOFOLLOW: dsu-ctl sends a path it resolved
 * with realpath(), so a symbolic link in its place means the file changed
 * between the request and the update point.  Every later step (fstat, the
 * ELF reader, dlopen through /proc/self/fd/N) uses this one descriptor, so
 * the file that was checked is the file that is loaded.
 */
#define _GNU_SOURCE
#include "patch_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_section.h"
#include "rt_internal.h"

#define FAIL(...)                                                                                  \
  do {                                                                                             \
    snprintf(msg, msglen, __VA_ARGS__);                                                            \
    goto fail;                                                                                     \
  } while (0)

static int check_file(int fd, const char *path, char *msg, size_t msglen)
{
  struct stat st;
  if (fstat(fd, &st) < 0)
    FAIL("patch %s: fstat: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode))
    FAIL("patch %s: not a regular file", path);
  if (st.st_uid != geteuid() && st.st_uid != 0)
    FAIL("patch %s: owned by uid %u, neither this program's uid %u nor root", path,
         (unsigned)st.st_uid, (unsigned)geteuid());
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    FAIL("patch %s: writable by group or others (mode %04o); refusing to load it", path,
         (unsigned)(st.st_mode & 07777));
  return 0;
fail:
  return -1;
}

/* Non-zero if @s is exactly 16 lowercase hex digits (an xxh3_64 id). */
static int is_hex16(const char *s)
{
  size_t n = strspn(s, "0123456789abcdef");
  return n == DSU_HASH_HEX_LEN && s[n] == 0;
}

/* Parse a replace[]/add[] array into @out. */
static int parse_swaps(json_t *m, const char *key, struct dsu_patch_swap **out, size_t *n,
                       const char *path, char *msg, size_t msglen)
{
  json_t *a = json_object_get(m, key);
  *out = NULL;
  *n = 0;
  if (!a)
    return 0; /* optional: an empty list */
  if (!json_is_array(a))
    FAIL("patch %s: manifest field \"%s\" is not an array", path, key);
  *out = calloc(json_array_size(a) + 1, sizeof **out);
  if (!*out)
    FAIL("out of memory");
  size_t i;
  json_t *e;
  json_array_foreach(a, i, e)
  {
    struct dsu_patch_swap *s = &(*out)[i];
    s->id = NULL;
    if (json_unpack(e, "{s?s, s:s, s:s}", "id", &s->id, "slot", &s->slot, "new", &s->newb) < 0)
      FAIL("patch %s: manifest %s[%zu] needs string fields \"slot\" and \"new\"", path, key, i);
    if (!s->id)
      s->id = s->slot;
  }
  *n = json_array_size(a);
  return 0;
fail:
  return -1;
}

/* Parse a layout id (8 lowercase hex digits, not 0) into @id; 0 or -1. */
static int parse_layout_id(const char *s, uint32_t *id)
{
  if (strspn(s, "0123456789abcdef") != 8 || s[8] != 0)
    return -1;
  *id = (uint32_t)strtoul(s, NULL, 16);
  return *id ? 0 : -1;
}

/* Parse the optional "types" array (wrapped types whose layout changes). */
static int parse_types(struct dsu_patch *p, const char *path, char *msg, size_t msglen)
{
  json_t *a = json_object_get(p->json, "types");
  if (!a || json_is_null(a))
    return 0;
  if (!json_is_array(a))
    FAIL("patch %s: manifest field \"types\" is not an array", path);
  p->types = calloc(json_array_size(a) + 1, sizeof *p->types);
  if (!p->types)
    FAIL("out of memory");
  size_t i;
  json_t *e;
  json_array_foreach(a, i, e)
  {
    struct dsu_patch_type *t = &p->types[i];
    json_int_t size;
    if (json_unpack(e, "{s:s, s:s, s:s, s:s, s:I, s:s}", "name", &t->name, "desc", &t->desc, "from",
                    &t->from_hex, "to", &t->to_hex, "size", &size, "xform", &t->xform) < 0)
      FAIL("patch %s: manifest types[%zu] needs string fields \"name\", \"desc\", \"from\", \"to\", "
           "\"xform\" and an integer \"size\"",
           path, i);
    if (parse_layout_id(t->from_hex, &t->from) < 0 || parse_layout_id(t->to_hex, &t->to) < 0)
      FAIL("patch %s: manifest types[%zu] (%s): \"from\" \"%s\" and \"to\" \"%s\" must be layout "
           "ids, 8 lowercase hex digits, not 00000000",
           path, i, t->name, t->from_hex, t->to_hex);
    if (t->from == t->to)
      FAIL("patch %s: manifest types[%zu] (%s): \"from\" and \"to\" are both %s", path, i, t->name,
           t->from_hex);
    if (size < (json_int_t)sizeof(uint32_t))
      FAIL("patch %s: manifest types[%zu] (%s): size %lld cannot hold a tag", path, i, t->name,
           (long long)size);
    t->size = (uint64_t)size;
  }
  p->ntypes = json_array_size(a);
  return 0;
fail:
  return -1;
}

/* Non-zero if @a is absent or an array of strings. */
static int string_array(json_t *a)
{
  if (!a)
    return 1;
  if (!json_is_array(a))
    return 0;
  size_t i;
  json_t *e;
  json_array_foreach(a, i, e) if (!json_is_string(e)) return 0;
  return 1;
}

/* Check the optional "changes" and "frames" (the stack check of
 * restrict.c reads them: a malformed one must not pass for "nothing"). */
static int check_restrictions(json_t *m, const char *path, char *msg, size_t msglen)
{
  static const char *const kinds[] = { "functions", "globals", "types" };
  json_t *c = json_object_get(m, "changes");
  if (c && !json_is_object(c))
    FAIL("patch %s: manifest field \"changes\" is not an object", path);
  for (int k = 0; c && k < 3; k++)
    if (!string_array(json_object_get(c, kinds[k])))
      FAIL("patch %s: manifest changes.%s is not an array of strings", path, kinds[k]);
  json_t *f = json_object_get(m, "frames");
  if (f && !json_is_array(f))
    FAIL("patch %s: manifest field \"frames\" is not an array", path);
  size_t i;
  json_t *e;
  json_array_foreach(f, i, e)
  {
    json_t *r = json_object_get(e, "restrict");
    if (!json_is_string(json_object_get(e, "sym")) || !json_is_string(json_object_get(e, "id")))
      FAIL("patch %s: manifest frames[%zu] needs string fields \"sym\" and \"id\"", path, i);
    if (r && !json_is_object(r))
      FAIL("patch %s: manifest frames[%zu] (%s): \"restrict\" is not an object", path, i,
           json_string_value(json_object_get(e, "sym")));
    for (int k = 0; r && k < 3; k++)
      if (!string_array(json_object_get(r, kinds[k])))
        FAIL("patch %s: manifest frames[%zu] (%s): restrict.%s is not an array of strings", path, i,
             json_string_value(json_object_get(e, "sym")), kinds[k]);
  }
  return 0;
fail:
  return -1;
}

static int parse_manifest(struct dsu_patch *p, const char *data, size_t size, const char *path,
                          char *msg, size_t msglen)
{
  /* A manifest put in place by a C string array ends in NUL(s): tolerate
   * trailing NULs, refuse one in the middle. */
  while (size && data[size - 1] == 0)
    size--;
  if (memchr(data, 0, size))
    FAIL("patch %s: dsu_patch section holds a NUL byte inside the manifest", path);
  json_error_t jerr;
  p->json = json_loadb(data, size, 0, &jerr);
  if (!p->json)
    FAIL("patch %s: dsu_patch manifest is not JSON: %s (line %d)", path, jerr.text, jerr.line);
  json_t *m = p->json;
  json_t *fmt = json_object_get(m, "format");
  if (!json_is_integer(fmt))
    FAIL("patch %s: manifest has no integer \"format\"", path);
  if (json_integer_value(fmt) != 1)
    FAIL("patch %s: manifest format %lld, this runtime supports format 1", path,
         (long long)json_integer_value(fmt));
  if (json_unpack(m, "{s:s, s:s, s:s}", "patch_id", &p->patch_id, "from", &p->from, "to",
                  &p->to) < 0)
    FAIL("patch %s: manifest needs string fields \"patch_id\", \"from\" and \"to\"", path);
  const char *ids[3] = { p->patch_id, p->from, p->to };
  static const char *const names[3] = { "patch_id", "from", "to" };
  for (int i = 0; i < 3; i++)
    if (!is_hex16(ids[i]))
      FAIL("patch %s: manifest field \"%s\" is \"%s\", not 16 lowercase hex digits", path, names[i], ids[i]);
  json_t *x = json_object_get(m, "state_transformer");
  if (x && !json_is_null(x) && !json_is_string(x))
    FAIL("patch %s: manifest field \"state_transformer\" is neither null nor a string", path);
  p->xform = json_string_value(x);
  if (parse_swaps(m, "replace", &p->replace, &p->nreplace, path, msg, msglen) < 0 ||
      parse_swaps(m, "add", &p->add, &p->nadd, path, msg, msglen) < 0)
    return -1;
  json_t *g = json_object_get(m, "new_globals");
  if (g && !json_is_array(g))
    FAIL("patch %s: manifest field \"new_globals\" is not an array", path);
  p->new_globals = calloc(json_array_size(g) + 1, sizeof *p->new_globals);
  if (!p->new_globals)
    FAIL("out of memory");
  size_t i;
  json_t *e;
  json_array_foreach(g, i, e)
  {
    if (json_unpack(e, "{s:s}", "sym", &p->new_globals[i]) < 0)
      FAIL("patch %s: manifest new_globals[%zu] needs a string field \"sym\"", path, i);
  }
  p->nnew_globals = json_array_size(g);
  if (parse_types(p, path, msg, msglen) < 0 || check_restrictions(m, path, msg, msglen) < 0)
    return -1;
  return 0;
fail:
  return -1;
}

int dsu_patch_open(const char *path, struct dsu_patch *p, char *msg, size_t msglen)
{
  void *data = NULL;
  size_t size = 0;

  memset(p, 0, sizeof *p);
  p->fd = -1;
  if (path[0] != '/')
    FAIL("patch %s: not an absolute path", path);
  p->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (p->fd < 0) {
    if (errno == ELOOP)
      FAIL("patch %s: is a symbolic link (the request must name the file itself)", path);
    FAIL("patch %s: %s", path, strerror(errno));
  }
  if (check_file(p->fd, path, msg, msglen) < 0)
    goto fail;
  enum dsu_elf_status st = dsu_elf_read_section(p->fd, "dsu_patch", &data, &size);
  if (st == DSU_ELF_NO_SECTION)
    FAIL("patch %s: no dsu_patch section: not a dsu patch", path);
  if (st != DSU_ELF_OK)
    FAIL("patch %s: %s", path, dsu_elf_strerror(st));
  if (parse_manifest(p, data, size, path, msg, msglen) < 0)
    goto fail;
  free(data);
  return 0;
fail:
  free(data);
  dsu_patch_close(p);
  return -1;
}

void dsu_patch_close(struct dsu_patch *p)
{
  if (p->fd >= 0)
    close(p->fd);
  json_decref(p->json);
  free(p->replace);
  free(p->add);
  free(p->new_globals);
  free(p->types);
  memset(p, 0, sizeof *p);
  p->fd = -1;
}
