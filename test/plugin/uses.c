// Concrete uses (wrap contract, "types_used"): the global __dsu_ast_uses maps
// each function to the sorted, unique C names of the wrapped types it uses
// concretely: a field access (. or ->), offsetof / __builtin_offsetof, an
// initialiser list or compound literal, a stamped allocation, a local
// variable (or array) of the type.  Passing pointers around, sizeof, and
// unwrapped types do not count; functions without uses are left out; no
// global at all without wrapping.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/\],"/],\n"/g' | FileCheck %s
// RUN: %clang -fplugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
#include <stddef.h>
#include <stdlib.h>

struct conn {
  int fd;
  long hits;
};
struct pair {
  int a, b;
};
typedef struct {
  struct pair p;
  int n;
} Box;
struct __attribute__((annotate("dsu_nowrap"))) raw {
  int x;
};

// CHECK: @__dsu_ast_uses = internal constant {{.*}} c"{"arrow":["struct conn"],
int arrow(struct conn *c) { return c->fd; }
// CHECK-NEXT: "dot":["struct conn"],
long dot(struct conn c) { return c.hits; }
// CHECK-NEXT: "init":["struct pair"],
void init(struct pair *out) { *out = (struct pair){1, 2}; }
// CHECK-NEXT: "initlist":["struct pair"],
int initlist(void) {
  /* An unwrapped local whose initialiser holds a list of struct pair. */
  struct {
    struct pair p;
    int z;
  } w = {{5, 6}, 7};
  return w.z;
}
// CHECK-NEXT: "local_array":["struct conn"],
int local_array(void) {
  struct conn cs[2];
  return (int)sizeof cs;
}
// CHECK-NEXT: "local_var":["struct pair"],
void local_var(struct pair *out) {
  struct pair tmp;
  tmp = *out;
  *out = tmp;
}
// CHECK-NEXT: "nested":["Box","struct pair"],
int nested(Box *b) { return b->p.a; }
// CHECK-NEXT: "nested_offsetof":["Box","struct pair"],
size_t nested_offsetof(void) { return __builtin_offsetof(Box, p.b); }
// CHECK-NEXT: "offset":["struct conn"],
size_t offset(void) { return offsetof(struct conn, hits); }
// CHECK-NEXT: "several":["Box","struct conn","struct pair"],
int several(struct conn *c, Box *b) {
  struct pair p = {c->fd, b->n};
  return p.a + p.b;
}
// CHECK-NEXT: "stamped":["struct conn"]}\00"
struct conn *stamped(void) { return malloc(sizeof(struct conn)); }

// No entry for these: pointers only, sizeof, an unwrapped type.
struct conn *pass(struct conn *c) { return c; }
size_t size(void) { return sizeof(struct conn); }
int unwrapped(struct raw *r) {
  struct raw copy = *r;
  return copy.x + r->x;
}
// CHECK-NOT: "pass"
// CHECK-NOT: "size"
// CHECK-NOT: "unwrapped"
// CHECK: @llvm.compiler.used = appending global [2 x ptr] [ptr @__dsu_ast_types, ptr @__dsu_ast_uses]

// OFF-NOT: __dsu_ast_uses
