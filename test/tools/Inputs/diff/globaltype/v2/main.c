#include <dsu.h>
#include <stdio.h>
long total;
int add(int x) { total += x; return (int)total; }
int main(void)
{
  printf("%d\n", add(1));
  dsu_update();
  return 0;
}
