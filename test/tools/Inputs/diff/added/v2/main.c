#include <dsu.h>
#include <stdio.h>
int calls_served;
int bump(void) { return ++calls_served; }
int compute(int x) { return x + bump(); }
int main(void)
{
  printf("%d\n", compute(1));
  dsu_update();
  return 0;
}
