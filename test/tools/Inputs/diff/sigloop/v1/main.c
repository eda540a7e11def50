#include <dsu.h>
#include <stdio.h>
__attribute__((noinline)) int scale(int x) { return x * 3; }
int main(void)
{
  for (int i = 0; i < 3; i++) {
    printf("%d\n", scale(i));
    dsu_update();
  }
  return 0;
}
