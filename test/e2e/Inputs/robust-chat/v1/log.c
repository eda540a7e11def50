/* log.c - chatd's log: numbered lines on stderr, printf-style. */
#include "chat.h"

#include <stdarg.h>
#include <stdio.h>

static unsigned long log_lines;

/* chat_log() - write one numbered log line "[LEVEL N] text". */
void chat_log(const char *level, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "[%s %lu] ", level, ++log_lines);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  fflush(stderr);
}
