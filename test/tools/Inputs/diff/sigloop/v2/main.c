#include <dsu.h>
#include <stdio.h>
__attribute__((noinline)) long scale(long x) { return x * 4; }
int main(void)
{
  for (int i = 0; i < 3; i++) {
    printf("%d\n", (int)scale(i));
    dsu_update();
  }
  return 0;
}
