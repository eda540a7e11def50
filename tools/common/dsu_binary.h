/*
 * dsu_binary.h - the dsu_tu records of a binary built by dsu-cc (read by
 * dsu-diff, and by dsu-cc for --dsu-base)
 * (docs/manifest.md section 2).
 */
#ifndef DSU_TOOLS_BINARY_H
#define DSU_TOOLS_BINARY_H

#include "hash_hex.h"

#include <jansson.h>
#include <stddef.h>

struct dsu_tu_rec {
  json_t *manifest;    /* the TU manifest (owned) */
  const char *tu;      /* manifest "tu" */
  const void *bitcode; /* points into the section copy */
  size_t bitcode_len;
};

struct dsu_binary {
  const char *tool;  /* "dsu-diff" or "dsu-cc", for messages */
  const char *label; /* "OLD" or "NEW", for messages */
  const char *path;
  void *section;     /* malloc()ed copy of dsu_tu */
  size_t size;
  char version[DSU_HASH_HEX_LEN + 1];
  struct dsu_tu_rec *tus;
  size_t ntus;
};

/**
 * dsu_binary_load() - read and check every record of @path's dsu_tu section.
 * @tool:  the program name that starts each message
 * @label: "OLD", "NEW" or "BINARY", used in messages with the path
 *
 * Errors (missing file, not ELF, no dsu_tu section, a malformed record or
 * manifest, an unknown manifest format) are printed naming the file.
 *
 * Return: 0 on success, -1 on error.
 */
int dsu_binary_load(struct dsu_binary *b, const char *tool, const char *label, const char *path);

/** dsu_binary_free() - release what dsu_binary_load() allocated (also after a failed load). */
void dsu_binary_free(struct dsu_binary *b);

/** dsu_binary_find_tu() - the record of TU id @tu, or NULL. */
const struct dsu_tu_rec *dsu_binary_find_tu(const struct dsu_binary *b, const char *tu);

/**
 * dsu_read_patch_manifest() - the dsu_patch document of a patch, or NULL
 * (silently) when @path has no such section.
 */
json_t *dsu_read_patch_manifest(const char *path);

#endif /* DSU_TOOLS_BINARY_H */
