/*
 * binary.c - split a binary's dsu_tu section into TU records.
 */
#include "dsu_binary.h"

#include "elf_section.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DSU_TU_MAGIC "DSUTU001"
#define DSU_FORMAT 1

static uint32_t le32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Read section @name of @path; prints errors unless the section is merely
 * absent and @quiet_absent is set.  Returns the elf status, or -1 for I/O. */
static int read_section(const char *tool, const char *label, const char *path, const char *name, void **data,
                        size_t *size, int quiet_absent)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "%s: %s %s: cannot open: %s\n", tool, label, path, strerror(errno));
    return -1;
  }
  enum dsu_elf_status st = dsu_elf_read_section(fd, name, data, size);
  close(fd);
  if (st == DSU_ELF_NO_SECTION && quiet_absent)
    return st;
  if (st == DSU_ELF_NO_SECTION && strcmp(name, "dsu_tu") == 0)
    fprintf(stderr, "%s: %s %s: no dsu_tu section: not built with dsu-cc\n", tool, label, path);
  else if (st != DSU_ELF_OK)
    fprintf(stderr, "%s: %s %s: %s: %s\n", tool, label, path, name, dsu_elf_strerror(st));
  return st;
}

/* Check and keep one record's manifest.  @off is the record's offset, for
 * messages about a damaged section. */
static int add_record(struct dsu_binary *b, size_t off, const char *json, size_t jlen,
                      const void *bc, size_t bclen)
{
  json_error_t err;
  json_t *m = json_loadb(json, jlen, 0, &err);
  if (!m || !json_is_object(m)) {
    fprintf(stderr, "%s: %s %s: dsu_tu record at offset %zu: bad manifest JSON: %s\n",
            b->tool, b->label, b->path, off, m ? "not an object" : err.text);
    json_decref(m);
    return -1;
  }
  json_t *fmt = json_object_get(m, "format");
  if (!json_is_integer(fmt) || json_integer_value(fmt) != DSU_FORMAT) {
    char have[32] = "missing"; /* formatted here: json_dumps would allocate */
    if (json_is_integer(fmt))
      snprintf(have, sizeof have, "%" JSON_INTEGER_FORMAT, json_integer_value(fmt));
    fprintf(stderr,
            "%s: %s %s: dsu_tu record at offset %zu: manifest format %s, this %s "
            "reads format %d\n",
            b->tool, b->label, b->path, off, have, b->tool, DSU_FORMAT);
    json_decref(m);
    return -1;
  }
  const char *tu = json_string_value(json_object_get(m, "tu"));
  if (!tu) {
    fprintf(stderr, "%s: %s %s: dsu_tu record at offset %zu: manifest without \"tu\"\n",
            b->tool, b->label, b->path, off);
    json_decref(m);
    return -1;
  }
  struct dsu_tu_rec *tus = realloc(b->tus, (b->ntus + 1) * sizeof *tus);
  if (!tus) {
    json_decref(m);
    return -1;
  }
  b->tus = tus;
  b->tus[b->ntus++] = (struct dsu_tu_rec){m, tu, bc, bclen};
  return 0;
}

int dsu_binary_load(struct dsu_binary *b, const char *tool, const char *label, const char *path)
{
  memset(b, 0, sizeof *b);
  b->tool = tool;
  b->label = label;
  b->path = path;
  if (read_section(tool, label, path, "dsu_tu", &b->section, &b->size, 0) != DSU_ELF_OK)
    return -1;
  dsu_hash_hex(b->section, b->size, b->version);

  const unsigned char *s = b->section;
  size_t off = 0;
  while (off < b->size) {
    if (s[off] == 0) { /* padding between records */
      off++;
      continue;
    }
    if (b->size - off < 16 || memcmp(s + off, DSU_TU_MAGIC, 8) != 0) {
      fprintf(stderr, "%s: %s %s: dsu_tu section damaged at offset %zu (no DSUTU001 record)\n",
              tool, label, path, off);
      return -1;
    }
    size_t mlen = le32(s + off + 8), blen = le32(s + off + 12);
    if (mlen > b->size - off - 16 || blen > b->size - off - 16 - mlen) {
      fprintf(stderr, "%s: %s %s: dsu_tu record at offset %zu runs past the section end\n",
              tool, label, path, off);
      return -1;
    }
    if (add_record(b, off, (const char *)s + off + 16, mlen, s + off + 16 + mlen, blen) < 0)
      return -1;
    off += 16 + mlen + blen;
  }
  if (b->ntus == 0) {
    fprintf(stderr, "%s: %s %s: dsu_tu section holds no records\n", tool, label, path);
    return -1;
  }
  for (size_t i = 0; i < b->ntus; i++)
    for (size_t j = 0; j < i; j++)
      if (strcmp(b->tus[i].tu, b->tus[j].tu) == 0) {
        fprintf(stderr,
                "%s: %s %s: TU %s appears twice (compiled twice into one binary?); "
                "its functions cannot be matched\n",
                tool, label, path, b->tus[i].tu);
        return -1;
      }
  return 0;
}

void dsu_binary_free(struct dsu_binary *b)
{
  for (size_t i = 0; i < b->ntus; i++)
    json_decref(b->tus[i].manifest);
  free(b->tus);
  free(b->section);
  memset(b, 0, sizeof *b);
}

const struct dsu_tu_rec *dsu_binary_find_tu(const struct dsu_binary *b, const char *tu)
{
  for (size_t i = 0; i < b->ntus; i++)
    if (strcmp(b->tus[i].tu, tu) == 0)
      return &b->tus[i];
  return NULL;
}

json_t *dsu_read_patch_manifest(const char *path)
{
  void *data;
  size_t size;
  if (read_section("dsu-diff", "BINARY", path, "dsu_patch", &data, &size, 1) != DSU_ELF_OK)
    return NULL;
  json_error_t err;
  json_t *m = json_loadb(data, size, 0, &err);
  free(data);
  if (!m)
    fprintf(stderr, "dsu-diff: %s: dsu_patch: bad JSON: %s\n", path, err.text);
  return m;
}
