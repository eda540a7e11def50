/* A loop whose behaviour comes from a qsort comparator, a handler stored in a
 * table, and a small static helper the optimiser inlines into its caller. */
#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
  return *(const int *)a - *(const int *)b;
}

static int scale(int x)
{
  return x * 2;
}

/* No update point here, so the call to scale() stays direct (and inlined). */
static int compute(int x)
{
  return scale(x) + 1;
}

int greet(char *buf, size_t n)
{
  return snprintf(buf, n, "hello");
}

struct handler {
  const char *name;
  int (*fn)(char *, size_t);
};
static struct handler table[] = {{"greet", greet}};
static int served;

int main(int argc, char **argv)
{
  if (argc < 3)
    return 2;
  FILE *out = fopen(argv[1], "w");
  if (!out)
    return 1;
  setvbuf(out, NULL, _IOLBF, 0);
  for (int i = 0; i < 3000; i++) { /* 30 s at most */
    int v[4] = {3, 1, 4, 2};
    char buf[32];
    qsort(v, 4, sizeof v[0], cmp);
    table[0].fn(buf, sizeof buf);
    served++;
    fprintf(out, "sorted=%d%d%d%d compute=%d greet=%s served=%d\n", v[0], v[1], v[2], v[3], compute(5), buf,
            served);
    if (dsu_update())
      fprintf(out, "updated\n");
    if (access(argv[2], F_OK) == 0)
      break;
    usleep(10000);
  }
  return 0;
}
