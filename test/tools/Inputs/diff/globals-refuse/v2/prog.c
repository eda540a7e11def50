#include <dsu.h>
#include <stdio.h>
int wide;
int table[8];
float precise = 1.0f;
struct pt { int x, y, z; } origin;
int use(void) { return wide + table[3] + (int)precise + origin.x; }
int main(void)
{
  printf("%d\n", use());
  dsu_update();
  return 0;
}
