#include <dsu.h>
#include <stdio.h>
long total;
double ratio = 0.5;
char label[32] = "abc";
int hist[16];
static int peek(void) { return hist[0]; }
int add(int x) { total += x; hist[x % 16]++; return (int)total; }
int main(void)
{
  printf("%d %f %s %d\n", add(1), ratio, label, peek());
  dsu_update();
  return 0;
}
