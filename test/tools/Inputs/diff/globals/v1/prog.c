#include <dsu.h>
#include <stdio.h>
int total;
float ratio = 0.5f;
char label[8] = "abc";
int hist[10];
static int peek(void) { return hist[0]; }
int add(int x) { total += x; hist[x % 10]++; return total; }
int main(void)
{
  printf("%d %f %s %d\n", add(1), ratio, label, peek());
  dsu_update();
  return 0;
}
