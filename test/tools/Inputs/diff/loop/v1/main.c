#include <dsu.h>
#include <stdio.h>

int step(int i) { return i + 1; }

int main(void)
{
  int x = 0;
  for (int i = 0; i < 3; i++) {
    x = step(x);
    dsu_update();
  }
  printf("%d\n", x);
  return 0;
}
