/*
 * update_point.c - the slow path of an update point.
 *
 * Reached when __dsu_pending is set (a client connected).  Accepts every
 * waiting connection and serves each one (request.c) before returning, so
 * a patch is applied here, at a point the program chose, and nowhere else.
 * While a patch waits for old code to leave the stack (defer.c), the flag
 * is kept set, so every update point retries it first.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rt_internal.h"

/* One thread at a time; re-entry (a transformer calling dsu_update()) is a no-op. */
static atomic_flag in_update = ATOMIC_FLAG_INIT;

/* "func (file:line)" for @point; for an uninstrumented call, the caller's
 * symbol from the dynamic symbol table (programs are linked -rdynamic). */
static void describe_point(const struct dsu__point *point, void *ra, char *out, size_t n)
{
  if (point && point->line)
    snprintf(out, n, "%s (%s:%u)", point->function, point->file, point->line);
  else if (point)
    snprintf(out, n, "%s (%s)", point->function, point->file);
  else {
    Dl_info info;
    if (ra && dladdr(ra, &info) && info.dli_sname)
      snprintf(out, n, "%s (unknown location)", info.dli_sname);
    else
      snprintf(out, n, "unknown (unknown location)");
  }
}

/* Accept and serve every waiting connection.  Return: 1 if a patch was applied. */
static int serve(const struct dsu__point *point, void *ra)
{
  if (atomic_flag_test_and_set(&in_update))
    return 0;
  __dsu_pending = 0; /* before accept: a later connect sets it again */
  int applied = 0;
  if (dsu_rt.control_fd >= 0 && dsu_rt.owner_pid == getpid()) {
    char where[512];
    describe_point(point, ra, where, sizeof where);
    /* The waiting patch first: if it is applied or withdrawn here, an apply
     * request waiting behind it is served at once. */
    applied |= dsu_defer_retry(where);
    for (;;) {
      int c = accept4(dsu_rt.control_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (c < 0) {
        if (errno == EINTR || errno == ECONNABORTED)
          continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
          dsu_log("accept on the control socket: %s", strerror(errno));
        break;
      }
      applied |= dsu_serve_connection(c, where);
    }
  }
  if (dsu_defer_active())
    __dsu_pending = 1; /* retry at the next update point */
  atomic_flag_clear(&in_update);
  return applied;
}

int __dsu_update_point(const struct dsu__point *point)
{
  return serve(point, __builtin_return_address(0));
}

int dsu_update(void)
{
  return __dsu_pending ? serve(NULL, __builtin_return_address(0)) : 0;
}
