/*
 * report.c - human-readable output of the runtime's replies.
 * (--json prints the reply object itself; see main.c.)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

/* A string member, or @dflt when absent or not a string. */
static const char *str(json_t *o, const char *key, const char *dflt)
{
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : dflt;
}

/* A refusal or failure: "<result>: <error>" on stderr. */
static int report_error(json_t *reply)
{
  fprintf(stderr, "%s: %s\n", str(reply, "result", "refused"), str(reply, "error", "(no reason given)"));
  return CTL_REFUSED;
}

void ctl_report_progress(json_t *line, pid_t pid, int json)
{
  if (json) {
    json_object_set_new(line, "pid", json_integer(pid));
    char *s = json_dumps(line, JSON_COMPACT);
    if (s)
      puts(s);
    free(s);
    fflush(stdout);
    return;
  }
  fprintf(stderr, "dsu-ctl: deferred: %s (at %s)\n", str(line, "reason", "?"), str(line, "update_point", "?"));
}

/* ", deferred at N update points" for a patch that waited, else "". */
static const char *deferred_note(json_t *reply, char *buf, size_t n)
{
  json_int_t d = json_integer_value(json_object_get(reply, "deferred_points"));
  if (d <= 0)
    return "";
  snprintf(buf, n, " after waiting at %lld update point%s", (long long)d, d == 1 ? "" : "s");
  return buf;
}

int ctl_report_apply(pid_t pid, const char *patch, json_t *reply)
{
  const char *result = str(reply, "result", "");
  if (!json_is_true(json_object_get(reply, "ok")))
    return report_error(reply);
  if (strcmp(result, "applied") == 0) {
    char note[64];
    printf("applied %s (%s) at %s%s: pause %lld us (dlopen %lld us), now at version %s\n", patch,
           str(reply, "patch_id", "?"), str(reply, "update_point", "?"), deferred_note(reply, note, sizeof note),
           (long long)json_integer_value(json_object_get(reply, "pause_us")),
           (long long)json_integer_value(json_object_get(reply, "load_us")), str(reply, "version", "?"));
    return CTL_OK;
  }
  if (strcmp(result, "already-applied") == 0) {
    printf("already applied: %s (%s); process %d is at version %s\n", patch,
           str(reply, "patch_id", "?"), (int)pid, str(reply, "version", "?"));
    return CTL_OK;
  }
  fprintf(stderr, "dsu-ctl: unexpected result \"%s\" from process %d\n", result, (int)pid);
  return CTL_REFUSED;
}

/* The "types" array of a status reply: one line per type, after a header. */
static void report_types(json_t *types)
{
  if (!json_array_size(types)) {
    printf("types: none changed or checked\n");
    return;
  }
  printf("types:\n");
  size_t i;
  json_t *t;
  json_array_foreach(types, i, t)
  {
    printf("  %s: current %s (base %s), %zu step%s, converted %lld, slow path %lld, adopted %lld\n",
           str(t, "name", "?"), str(t, "current", "?"), str(t, "base", "?"),
           json_array_size(json_object_get(t, "steps")),
           json_array_size(json_object_get(t, "steps")) == 1 ? "" : "s",
           (long long)json_integer_value(json_object_get(t, "converted")),
           (long long)json_integer_value(json_object_get(t, "slow_path")),
           (long long)json_integer_value(json_object_get(t, "adopted")));
  }
}

/* The patch waiting for old code to leave the stack, if any. */
static void report_waiting(json_t *w)
{
  if (!json_is_object(w))
    return;
  json_int_t d = json_integer_value(json_object_get(w, "deferred_points"));
  printf("waiting: %s (%s), deferred at %lld update point%s, last at %s: %s\n", str(w, "patch", "?"),
         str(w, "patch_id", "?"), (long long)d, d == 1 ? "" : "s", str(w, "update_point", "?"),
         str(w, "reason", "?"));
}

int ctl_report_status(pid_t pid, json_t *reply)
{
  if (!json_is_true(json_object_get(reply, "ok")))
    return report_error(reply);
  printf("process %d: %s\n", (int)pid, str(reply, "program", "?"));
  printf("base version:    %s\n", str(reply, "base_version", "?"));
  printf("version:         %s\n", str(reply, "version", "?"));
  printf("updates applied: %lld\n", (long long)json_integer_value(json_object_get(reply, "updates_applied")));
  json_t *h = json_object_get(reply, "history");
  if (!json_array_size(h)) {
    printf("history: none\n");
    report_waiting(json_object_get(reply, "waiting"));
    report_types(json_object_get(reply, "types"));
    return CTL_OK;
  }
  printf("%-3s %-19s %-15s %9s %-16s %-28s %s\n", "#", "time", "result", "pause_us", "patch_id",
         "update point", "patch");
  size_t i;
  json_t *e;
  json_array_foreach(h, i, e)
  {
    char when[32] = "?";
    time_t t = (time_t)json_integer_value(json_object_get(e, "time"));
    struct tm tm;
    if (localtime_r(&t, &tm))
      strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    char pause[32] = "-";
    json_t *p = json_object_get(e, "pause_us");
    if (json_is_integer(p))
      snprintf(pause, sizeof pause, "%lld", (long long)json_integer_value(p));
    printf("%-3zu %-19s %-15s %9s %-16s %-28s %s\n", i + 1, when, str(e, "result", "?"), pause,
           str(e, "patch_id", "-"), str(e, "update_point", "?"), str(e, "patch", "?"));
    if (json_is_string(json_object_get(e, "error")))
      printf("    error: %s\n", str(e, "error", ""));
    json_int_t d = json_integer_value(json_object_get(e, "deferred_points"));
    if (d > 0)
      printf("    deferred at %lld update point%s\n", (long long)d, d == 1 ? "" : "s");
  }
  report_waiting(json_object_get(reply, "waiting"));
  report_types(json_object_get(reply, "types"));
  return CTL_OK;
}

int ctl_report_ping(pid_t pid, json_t *reply)
{
  if (!json_is_true(json_object_get(reply, "ok")))
    return report_error(reply);
  printf("process %d is a dsu program at version %s\n", (int)pid, str(reply, "version", "?"));
  return CTL_OK;
}
