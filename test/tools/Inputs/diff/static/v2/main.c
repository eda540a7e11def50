#include <dsu.h>
#include <stdio.h>
int from_a(int x);
int from_b(int x);
int main(void)
{
  printf("%d %d\n", from_a(1), from_b(1));
  dsu_update();
  return 0;
}
