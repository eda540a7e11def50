/* calc.c - calcd's commands.  An accumulator kept in memory: ADD n. */
#include "calc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long acc;
static const char version_text[] = "calcd 3";

static long fib(long n)
{
  /* v2: iterative */
  long a = 0, b = 1;
  while (n-- > 0) {
    long t = a + b;
    a = b;
    b = t;
  }
  return a;
}

static int say(char *out, size_t outsz, const char *what, long v)
{
  return snprintf(out, outsz, "%s=%ld\n", what, v); /* v3 */
}

int calc_line(char *line, char *out, size_t outsz)
{
  char *arg = strchr(line, ' ');
  long n = arg ? strtol(arg + 1, NULL, 10) : 0;
  if (strncmp(line, "ADD", 3) == 0) {
    acc += n;
    say(out, outsz, "ACC", acc);
  } else if (strncmp(line, "SUB", 3) == 0) {
    acc -= n;
    say(out, outsz, "ACC", acc);
  } else if (strncmp(line, "FIB", 3) == 0) {
    say(out, outsz, "FIB", fib(n));
  } else if (strncmp(line, "VER", 3) == 0) {
    snprintf(out, outsz, "%s\n", version_text);
  } else if (strncmp(line, "BYE", 3) == 0) {
    snprintf(out, outsz, "BYE\n");
    return -1;
  } else {
    snprintf(out, outsz, "ERR unknown: %s\n", line);
  }
  return 0;
}
