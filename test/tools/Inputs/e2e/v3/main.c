/* A loop that prints a value computed by a function each iteration and
 * reaches an update point; bounded, so a failed test never leaves it behind. */
#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int bonus = 5;
int with_bonus(int v) { return v + bonus; }
static int helper(int x) { return x + 2; }
int compute(int i) { return with_bonus(helper(i) * 0 + 300); }

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
