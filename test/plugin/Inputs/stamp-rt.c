/* A stand-in for the pass's lowering of __dsu_alloc_stamp
 * (test/plugin/stamps.c): report each stamped allocation and return it. */
#include <stdio.h>
void *__dsu_alloc_stamp(void *p, const char *type);
void *__dsu_alloc_stamp(void *p, const char *type)
{
  printf("stamp %s %s\n", type, p ? "p" : "null");
  return p;
}
