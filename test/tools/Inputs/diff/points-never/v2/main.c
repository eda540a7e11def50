/* The only update point is in worker's loop, which uses struct item after
 * it: a patch that changes struct item waits there, and there is no other
 * update point where it could be applied. */
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

int main(void)
{
  worker();
  printf("%d\n", stock.qty);
  return 0;
}
