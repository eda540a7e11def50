#include <dsu.h>
#include <stdio.h>
int total;
int add(int x) { total += x; return total; }
int main(void)
{
  printf("%d\n", add(1));
  dsu_update();
  return 0;
}
