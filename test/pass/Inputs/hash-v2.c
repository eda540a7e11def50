#include <stdio.h>

void first(void) {
  puts("a new literal, numbered before the others");
  puts("one");
}
const char *greeting = "hello";



int target(int x) {
  printf("value %d\n", x);
  return x * 3;
}
