/* worker's update point uses struct item after it, but main's loop holds
 * another one after which only worker() and report() are called (through
 * their slots): a patch that changes struct item can be applied there. */
#include <dsu.h>
#include <stdio.h>

struct item {
  int id;
  int qty;
  int hits;
};

struct item stock = {1, 10};

__attribute__((noinline)) void worker(void)
{
  for (int i = 0; i < 3; i++) {
    dsu_update();
    stock.qty++;
    stock.hits++;
  }
}

__attribute__((noinline)) void report(void)
{
  printf("%d\n", stock.qty);
}

int main(void)
{
  for (int r = 0; r < 2; r++) {
    dsu_update();
    worker();
  }
  report();
  return 0;
}
