/* defer/sig v3: scale's signature changes (long scale(long), x * 4), and its
 * callers with it.  worker() holds an update point in a loop and calls
 * scale() after it; main's own loop only calls report().  Arguments: LOG
 * TRIGGER STOP: worker runs until TRIGGER exists, main's loop until STOP does. */
#include <dsu.h>
#include <stdio.h>
#include <unistd.h>

long total;
int rounds;

__attribute__((noinline)) long scale(long x)
{
  return x * 4;
}

__attribute__((noinline)) void report(FILE *out)
{
  fprintf(out, "v3 rounds=%d total=%ld scale(7)=%ld\n", rounds, total, scale(7));
}

__attribute__((noinline)) int exists(const char *path)
{
  return access(path, F_OK) == 0;
}

__attribute__((noinline)) void worker(FILE *out, const char *trigger)
{
  while (!exists(trigger)) {
    if (dsu_update())
      fprintf(out, "updated in worker\n");
    total += scale(rounds % 10);
    rounds++;
    usleep(10000);
  }
}

int main(int argc, char **argv)
{
  if (argc < 4)
    return 2;
  FILE *out = fopen(argv[1], "w");
  if (!out)
    return 1;
  setvbuf(out, NULL, _IOLBF, 0);
  fprintf(out, "in worker\n");
  worker(out, argv[2]);
  fprintf(out, "left worker\n");
  for (int i = 0; i < 6000 && !exists(argv[3]); i++) { /* 60 s at most */
    if (dsu_update()) {
      fprintf(out, "updated in main\n");
      report(out);
    }
    usleep(10000);
  }
  return 0;
}
