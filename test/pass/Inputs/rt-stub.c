/* rt-stub.c - stand-in for the two runtime symbols instrumented code uses,
 * so the pass's link tests do not depend on libdsu_rt.a.  Counts slow-path
 * calls so a test can see that the update point was reached. */
#include <stdio.h>

struct dsu__point {
  const char *function, *file;
  unsigned line, index;
};

volatile int __dsu_pending;
int __dsu_stub_points;

int __dsu_update_point(const struct dsu__point *p) {
  __dsu_stub_points++;
  printf("update point %u in %s\n", p->index, p->function);
  return 0;
}
