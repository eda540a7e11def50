#include <dsu.h>
#include <stdio.h>
int compute(int x) { return x + 1; }
int main(void)
{
  printf("%d\n", compute(1));
  dsu_update();
  return 0;
}
