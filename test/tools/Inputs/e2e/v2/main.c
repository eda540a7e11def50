/* A loop that prints a value computed by a function each iteration and
 * reaches an update point; bounded, so a failed test never leaves it behind. */
#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int helper(int x) { return x + 2; }
int compute(int i) { return helper(i) * 0 + 200; }

int main(int argc, char **argv)
{
  int iterations = argc > 1 ? atoi(argv[1]) : 2000;
  for (int i = 0; i < iterations; i++) {
    printf("value %d\n", compute(i));
    fflush(stdout);
    dsu_update();
    usleep(5000);
  }
  return 0;
}
