/*
 * build.h - turn an analysis into a patch shared object.
 */
#ifndef DSU_DIFF_BUILD_H
#define DSU_DIFF_BUILD_H

#include "dsu_binary.h"
#include "prefix.h"

#include <jansson.h>
#include <stdbool.h>

struct strvec;

struct build_opts {
  const char *output;     /* PATCH.so */
  const char *xform;      /* --xform FILE.c, or NULL */
  bool verbose;           /* show every clang command */
  bool keep_temps;        /* keep the temp dir (its path is printed) */
  const struct dsu_prefix *prefix;
};

/**
 * dsu_patch_manifest() - the patch manifest (docs/manifest.md section 3)
 * for @analysis: computes the patch id and fills the "new" symbols.
 * @xform_hash: xxh3 of the --xform source, or NULL; part of the patch id so
 *              two patches that differ only in their transformer differ.
 */
json_t *dsu_patch_manifest(json_t *analysis, const char *xform_hash);

/**
 * dsu_build_patch() - compile and link the patch described by @manifest.
 *
 * Writes @o->output atomically (temp name, then rename): a failed build
 * leaves no file behind and an existing file untouched.
 *
 * Return: 0 on success, 1 when the --xform file does not compile or lacks a
 * transformer dsu cannot generate, 2 on a toolchain or I/O error (all
 * already printed).
 */
int dsu_build_patch(json_t *analysis, json_t *manifest, const struct dsu_binary *new,
                    const struct build_opts *o);

/**
 * build_run_clang() - run @cmd (clang) with its stderr in @errfile.
 * @what: what the command does, for the message when it fails, which is
 *        followed by clang's diagnostics
 *
 * Return: 0, or -1 after the message.
 */
int build_run_clang(struct strvec *cmd, const char *errfile, const struct build_opts *o, const char *what);

#endif /* DSU_DIFF_BUILD_H */
