/*
 * strvec.h - a growable, NULL-terminated vector of malloc()ed strings: the
 * argument lists dsu-cc and dsu-diff hand to clang.
 */
#ifndef DSU_STRVEC_H
#define DSU_STRVEC_H

#include <stddef.h>

struct strvec {
  char **v;   /* NULL-terminated once anything was pushed */
  size_t n;   /* number of strings, not counting the NULL */
  size_t cap;
};

/** strvec_push() - append a copy of @s.  Aborts on out-of-memory. */
void strvec_push(struct strvec *sv, const char *s);

/** strvec_pushf() - append a printf-formatted string. */
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** strvec_free() - free every string and the vector itself. */
void strvec_free(struct strvec *sv);

/** strvec_print() - print @sv as a shell-quoted command line, after @prefix, to stderr. */
void strvec_print(const struct strvec *sv, const char *prefix);

/** xstrdup(), xasprintf() - allocation that aborts on out-of-memory. */
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* DSU_STRVEC_H */
