/*
 * log.c - the runtime's messages on stderr ("dsu: " prefix).
 *
 * Never called from the signal handler.  One write(2) per line so lines
 * from the runtime do not interleave with the program's own stderr output
 * in the middle.
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "rt_internal.h"

static void vline(const char *fmt, va_list ap)
{
  char buf[2048];
  int n = snprintf(buf, sizeof buf, "dsu: ");
  int m = vsnprintf(buf + n, sizeof buf - n - 1, fmt, ap);
  if (m < 0)
    return;
  n += m;
  if (n > (int)sizeof buf - 2)
    n = sizeof buf - 2;
  buf[n++] = '\n';
  ssize_t w = write(STDERR_FILENO, buf, n);
  (void)w; /* nothing sensible to do if stderr is gone */
}

void dsu_log(const char *fmt, ...)
{
  if (!dsu_rt.log)
    return;
  va_list ap;
  va_start(ap, fmt);
  vline(fmt, ap);
  va_end(ap);
}

void dsu_err(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vline(fmt, ap);
  va_end(ap);
}
