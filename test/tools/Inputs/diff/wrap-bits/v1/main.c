/* An anonymous struct named by a typedef, with a bit-field, a nested struct
 * and a pointer; an initialised global array of it, printed each iteration. */
#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
struct inner { int a; };
typedef struct { int x; unsigned flags : 3; struct inner in; char *s; } rec_t;
rec_t recs[2] = {{7, 5, {9}, "hi"}, {-3, 2, {4}, "yo"}};
void show(rec_t *r) { printf("v1 x=%d flags=%u a=%d s=%s\n", r->x, r->flags, r->in.a, r->s); }
int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 1;
  for (int i = 0; i < n; i++) {
    show(&recs[0]);
    show(&recs[1]);
    fflush(stdout);
    struct timespec ts = {0, 5000000};
    nanosleep(&ts, NULL);
    dsu_update();
  }
  return 0;
}
