#include <stdio.h>
const char *greeting = "hello";
void first(void) { puts("one"); }
int target(int x) {
  printf("value %d\n", x);
  return x * 4;
}
