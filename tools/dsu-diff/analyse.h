/*
 * analyse.h - compare the manifests of two binaries and decide what a
 * patch from OLD to NEW must contain, or why none can be made.
 */
#ifndef DSU_DIFF_ANALYSE_H
#define DSU_DIFF_ANALYSE_H

#include "dsu_binary.h"

#include <jansson.h>

/*
 * The analysis is one JSON document (printed as is by --json):
 * {
 *   "format": 1,
 *   "old": {"file", "version"}, "new": {"file", "version"},
 *   "result": "patch" | "refused" | "no-changes" | "same-version",
 *   "tus": [ {"tu", "status": "changed"|"unchanged"|"added"|"removed",
 *             "functions": [ {"id", "change", "why"?, "in_patch"} ],
 *             "globals":   [ {"id", "change"} ],
 *             "types":     [ {"name", "change", "detail"} ] } ],
 *   "replace": [ {"id", "slot", "sym", "why"} ],   (sym: the symbol in NEW)
 *   "add": [ {"id", "slot", "sym"} ],
 *   "new_globals": [ {"id", "sym"} ],
 *   "type_changes": [ {"name", "key", "desc", "from", "to", "size", "align", "detail",
 *                      "old_layout", "new_layout" (the type records),
 *                      "fields": [ {"name", "action": "copy"|"convert"|"new"|"dropped"|"decide",
 *                                  "old_type"?, "new_type"?, "old_offset"?, "new_offset"?, "why"?,
 *                                  "renamed_to"?} ],
 *                      "fields_new": [name], "fields_dropped": [name],
 *                      "undecided": [ {"field", "why"} ]} ],
 *   "frames": [ {"id", "sym" (in NEW), "kind": "body"|"copy", "file"?, "restrict"?} ],
 *   "changes": {"functions": [ids], "globals": [ids], "types": [names]},
 *   "warnings": [ "..." ], "refusals": [ "..." ]
 * }
 * Internal per-TU build lists are kept under "build":
 *   {"TUID": {"functions": [ir_name], "new_functions": [ir_name], "new_globals": [ir_name]}}
 */

/**
 * dsu_analyse() - compare @old and @new.
 * @by_hand: fields of changed types that dsu cannot convert are left to a
 *           transformer written by hand (--xform, --emit-xform) instead of
 *           refused
 *
 * Return: the analysis (never NULL).
 */
json_t *dsu_analyse(const struct dsu_binary *old, const struct dsu_binary *new, int by_hand);

/*
 * The update-point report (dsu-diff --update-points, points.c), printed as
 * is by --json:
 * {
 *   "format": 1, "file", "version",
 *   "update_points": [ {"tu", "index", "function", "file", "line",
 *                       "restrict": {"functions", "globals", "types"} | null,
 *                       "function_restrict": {...} | null} ],
 *   "types": [ {"name", "pinned": true|false, "why": ["..."]} ]
 * }
 * "restrict" is the point's own summary (null when the compiler wrote
 * none); "function_restrict" the summary of the function holding it as the
 * runtime checks its frame (with the field aliases its callees return).
 * "types" are the wrapped types, sorted, each with what pins it.
 */

/**
 * dsu_update_points() - what each update point of @b holds back, and which
 * wrapped types no update point lets change.
 *
 * Return: the report (never NULL).
 */
json_t *dsu_update_points(const struct dsu_binary *b);

#endif /* DSU_DIFF_ANALYSE_H */
