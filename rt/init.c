/*
 * init.c - start-up of the runtime.
 *
 * Runs as a constructor, before main().  dsu_version() and dsu_control_fd()
 * also call dsu_rt_init(), so another constructor that runs earlier still
 * sees an initialised runtime.
 */
#include <execinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

struct dsu_rt dsu_rt = { .control_fd = -1 };

void dsu_rt_init(void)
{
  if (dsu_rt.initialised)
    return;
  dsu_rt.initialised = 1;
  const char *log = getenv("DSU_LOG");
  dsu_rt.log = log && strcmp(log, "1") == 0;
  dsu_rt.owner_pid = getpid();
  dsu_version_init();
  dsu_control_setup();
  /* The first backtrace() loads the unwinder with dlopen(), which must not
   * happen inside a signal handler (update points there are refused by
   * walking the stack: restrict.c). */
  void *ra[1];
  (void)backtrace(ra, 1);
}

__attribute__((constructor)) static void dsu_rt_constructor(void)
{
  dsu_rt_init();
}

const char *dsu_status_result(enum dsu_status st)
{
  switch (st) {
  case DSU_OK:
    return "applied";
  case DSU_ALREADY_APPLIED:
    return "already-applied";
  case DSU_REFUSED:
    return "refused";
  case DSU_FAILED:
    return "failed";
  case DSU_WITHDRAWN:
    return "withdrawn";
  case DSU_IO_ERROR:
    return "io-error";
  }
  return "unknown";
}
