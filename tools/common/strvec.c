/*
 * strvec.c - growable argument vectors.
 */
#include "strvec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Out of memory in a short-lived tool: nothing sensible to do but say so. */
static void oom(void)
{
  fputs("dsu: out of memory\n", stderr);
  abort();
}

char *xstrdup(const char *s)
{
  char *d = strdup(s);
  if (!d)
    oom();
  return d;
}

char *xasprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  int r = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (r < 0)
    oom();
  return s;
}

static void push_owned(struct strvec *sv, char *s)
{
  if (sv->n + 2 > sv->cap) {
    size_t cap = sv->cap ? sv->cap * 2 : 16;
    char **v = realloc(sv->v, cap * sizeof *v);
    if (!v)
      oom();
    sv->v = v;
    sv->cap = cap;
  }
  sv->v[sv->n++] = s;
  sv->v[sv->n] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
  push_owned(sv, xstrdup(s));
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *s = NULL;
  int r = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (r < 0)
    oom();
  push_owned(sv, s);
}

void strvec_free(struct strvec *sv)
{
  for (size_t i = 0; i < sv->n; i++)
    free(sv->v[i]);
  free(sv->v);
  sv->v = NULL;
  sv->n = sv->cap = 0;
}

/* Quote only what needs it, so the usual command stays readable and can
 * still be pasted into a shell. */
static void print_quoted(const char *s)
{
  if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                      "-_./=,:+@%") == strlen(s)) {
    fputs(s, stderr);
    return;
  }
  fputc('\'', stderr);
  for (; *s; s++) {
    if (*s == '\'')
      fputs("'\\''", stderr);
    else
      fputc(*s, stderr);
  }
  fputc('\'', stderr);
}

void strvec_print(const struct strvec *sv, const char *prefix)
{
  fputs(prefix, stderr);
  for (size_t i = 0; i < sv->n; i++) {
    if (i)
      fputc(' ', stderr);
    print_quoted(sv->v[i]);
  }
  fputc('\n', stderr);
}
