#include <dsu.h>
#include <stdio.h>
static const char banner[] = "service 1.0.1 (patched)";
static const int limits[3] = {10, 25, 30};
const char *get_banner(void) { return banner; }
int get_limit(int i) { return limits[i]; }
int unrelated(int x) { return x + 1; }
int main(void)
{
  printf("%s %d %d\n", get_banner(), get_limit(1), unrelated(1));
  dsu_update();
  return 0;
}
