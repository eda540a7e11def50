#include <dsu.h>
#include <stdio.h>
long wide;
int table[16];
double precise = 1.0;
struct pt { int x, y; } origin;
int use(void) { return (int)wide + table[3] + (int)precise + origin.x; }
int main(void)
{
  printf("%d\n", use());
  dsu_update();
  return 0;
}
