#include <dsu.h>
#include <stdio.h>
static int helper(int x) { return x * 3; }
static int mid(int x) { return helper(x) + 1; }
int api(int x) { return mid(x) * 10; }
int unrelated(int x) { return x - 1; }
int main(void)
{
  printf("%d %d\n", api(1), unrelated(1));
  dsu_update();
  return 0;
}
