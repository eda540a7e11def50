/* worker's update point uses struct item after it; main's, after which
 * worker() is called through its slot, holds back worker's signature.  v2
 * changes both: each point waits for one of them. */
#include <dsu.h>
#include <stdio.h>

struct item {
  int id;
  int qty;
};

struct item stock = {1, 10};

__attribute__((noinline)) void worker(void)
{
  for (int i = 0; i < 3; i++) {
    dsu_update();
    stock.qty++;
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
