#include <dsu.h>
#include <stdio.h>
__attribute__((noinline)) int scale(int x) { return x * 3; }
__attribute__((noinline)) int step(int i) { return scale(i); }
int main(void)
{
  printf("%d\n", step(2));
  dsu_update();
  return 0;
}
