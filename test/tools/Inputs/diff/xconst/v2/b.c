#include <dsu.h>
#include <stdio.h>
extern const int shared_limit;
int get(void) { return shared_limit; }
int main(void)
{
  printf("%d\n", get());
  dsu_update();
  return 0;
}
