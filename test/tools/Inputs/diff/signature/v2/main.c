#include <dsu.h>
#include <stdio.h>
__attribute__((noinline)) long scale(long x, int k) { return x * k; }
__attribute__((noinline)) int step(int i) { return (int)scale(i, 4); }
int main(void)
{
  printf("%d\n", step(2));
  dsu_update();
  return 0;
}
