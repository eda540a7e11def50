/*
 * xform.h - type transformers: their C source (xform_gen.c) and their
 * place in the patch (xform_build.c).
 */
#ifndef DSU_DIFF_XFORM_H
#define DSU_DIFF_XFORM_H

#include "build.h"
#include "strvec.h"

#include <jansson.h>
#include <stdio.h>

/**
 * xform_gen() - write the C source of the type transformers of @analysis.
 * @out:      where to write
 * @analysis: the analysis; its "type_changes" say what to write
 * @only:     NULL for every changed type, else a JSON array of the type
 *            names to write (the others are left out)
 * @for_user: write the file for a person (--emit-xform): how to use it, an
 *            `#error` line at every decision dsu cannot make, and a state
 *            transformer to fill in
 *
 * Per type `struct dsu_old_<k>` and `struct dsu_new_<k>` spell out both
 * wrapped layouts (tag first, explicit padding, _Static_assert on the size
 * and every offset) and `void dsu_xform_<k>(void *to_, const void *from_)`
 * copies kept fields, converts safe widenings and lists new and dropped
 * fields (k: "struct_conn" for struct conn, the typedef name otherwise).
 */
void xform_gen(FILE *out, json_t *analysis, json_t *only, int for_user);

/**
 * xform_build() - compile the transformers of the patch into @objs.
 * @dir:      the build's temp dir
 * @manifest: the patch manifest; "state_transformer" is set to null when
 *            the --xform file only defines type transformers
 *
 * The --xform file (if any) is compiled first; the type transformers it does
 * not define are generated (xform_gen) and compiled too, unless dsu cannot
 * infer one, which is an error naming the type and field.
 *
 * Return: 0, 1 when the --xform file does not compile or lacks a
 * transformer (clang's diagnostics are shown), 2 on an internal error.
 */
int xform_build(const char *dir, json_t *analysis, json_t *manifest, const struct build_opts *o,
                struct strvec *objs);

#endif /* DSU_DIFF_XFORM_H */
