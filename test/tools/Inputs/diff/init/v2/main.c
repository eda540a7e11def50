#include <dsu.h>
#include <stdio.h>
static int limit = 20;
int get_limit(void) { return limit; }
int main(void)
{
  printf("%d\n", get_limit());
  dsu_update();
  return 0;
}
