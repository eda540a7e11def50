/*
 * report.h - --explain (for people) and --json (for scripts) views of an
 * analysis.
 */
#ifndef DSU_DIFF_REPORT_H
#define DSU_DIFF_REPORT_H

#include <jansson.h>
#include <stdio.h>

/** dsu_report_explain() - per TU, what changed and why each function is in the patch. */
void dsu_report_explain(FILE *out, json_t *analysis);

/** dsu_report_json() - the analysis as JSON (without the internal build lists). */
void dsu_report_json(FILE *out, json_t *analysis);

/** dsu_report_messages() - warnings and refusals, one per line, on stderr. */
void dsu_report_messages(json_t *analysis);

/** dsu_report_points() - the dsu_update_points() report, for people (points.c). */
void dsu_report_points(FILE *out, json_t *points);

#endif /* DSU_DIFF_REPORT_H */
