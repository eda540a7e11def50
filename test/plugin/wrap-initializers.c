// Initialisers of a wrapped struct, positional and designated, partial and
// complete, draw no warning under -Wall -Wextra: the tag and the slop are
// unnamed bit-fields, which C initialisers skip (a named slop array drew
// -Wmissing-field-initializers and broke -Werror builds).  The values land
// in the user's fields, and the wrapped size is the same.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -Wall -Wextra -Werror -o %t %s
// RUN: %t | FileCheck %s
// CHECK: sizes 48 24
// CHECK-NEXT: g 1 ab 2
// CHECK-NEXT: d 3 cd 0
// CHECK-NEXT: s 7
#include <stdio.h>

struct conn {
  int fd;
  char name[8];
  long hits;
};
struct small {
  short s;
};

struct conn g = {1, "ab", 2};

int main(void) {
  struct conn d = {.fd = 3, .name = "cd"};
  struct small s = {7};
  printf("sizes %zu %zu\n", sizeof(struct conn), sizeof(struct small));
  printf("g %d %s %ld\n", g.fd, g.name, g.hits);
  printf("d %d %s %ld\n", d.fd, d.name, d.hits);
  printf("s %d\n", s.s);
  return 0;
}
