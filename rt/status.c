/*
 * status.c - the "status" and "ping" replies (docs/manifest.md §4).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <unistd.h>

#include "rt_internal.h"

json_t *dsu_status_reply(void)
{
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  exe[n > 0 ? n : 0] = 0;
  json_t *r = json_pack("{s:b, s:i, s:s, s:s, s:s, s:i, s:o, s:o}", "ok", 1, "pid", (int)getpid(),
                         "program", exe, "base_version", dsu_rt.base_version, "version", dsu_rt.version,
                         "updates_applied", (int)dsu_rt.updates_applied, "history", dsu_history_json(),
                         "types", dsu_types_json());
  /* Only while a patch waits for old code to leave the stack (defer.c). */
  if (r && dsu_defer_active())
    json_object_set_new(r, "waiting", dsu_defer_status());
  return r;
}

json_t *dsu_ping_reply(void)
{
  return json_pack("{s:b, s:s}", "ok", 1, "version", dsu_rt.version);
}
