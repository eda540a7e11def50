#include <dsu.h>
#include <stdio.h>

#ifndef GREETING
#define GREETING "hello"
#endif

int twice(int x);

int main(void)
{
  printf("%s %d\n", GREETING, twice(21));
  dsu_update();
  return 0;
}
