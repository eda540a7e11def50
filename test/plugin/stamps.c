// Allocation stamping (wrap contract, "Stamp"): an allocation call whose
// result is converted to a pointer to a wrapped struct becomes
// __dsu_alloc_stamp(<call>, "<C type name>"); other calls and unwrapped
// types are left alone; without wrapping nothing changes.  The rewritten
// program compiles without warnings and behaves the same (run with a
// stand-in for the pass's lowering).
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -fplugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -O2 -g -Wall -Wextra -Werror -fplugin=%plugin -fplugin-arg-dsu-wrap -c %s -o %t/stamps.o
// RUN: %clang -O2 -c %S/Inputs/stamp-rt.c -o %t/rt.o
// RUN: %clang %t/stamps.o %t/rt.o -o %t/prog
// RUN: %t/prog | FileCheck %s --check-prefix=EXEC
// RUN: %clang -O2 -Wall -Wextra -Werror -fplugin=%plugin %s -o %t/plain
// RUN: %t/plain | FileCheck %s --check-prefix=PLAIN
#include <alloca.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn {
  int fd;
  long hits;
};
typedef struct conn conn_t;
typedef struct {
  short s;
} Small;
struct __attribute__((annotate("dsu_nowrap"))) plain {
  int a;
};

void *my_alloc(size_t n) __attribute__((malloc));
void *my_pool(size_t n) __attribute__((annotate("dsu_alloc")));
char *my_chars(size_t n) __attribute__((alloc_size(1)));
void *not_alloc(size_t n);

static char pool[256];
void *my_alloc(size_t n) { return calloc(1, n); }
void *my_pool(size_t n) { return n <= sizeof pool ? pool : NULL; }
char *my_chars(size_t n) { return calloc(1, n); }
void *not_alloc(size_t n) { return calloc(1, n); }

// CHECK-DAG: @[[CONN:.str[.0-9]*]] = private unnamed_addr constant [12 x i8] c"struct conn\00"
// CHECK-DAG: @[[SMALL:.str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"Small\00"
// CHECK-LABEL: define {{.*}}@f_malloc(
// CHECK: [[C:%.*]] = call noalias ptr @malloc(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
// CHECK: declare ptr @__dsu_alloc_stamp(ptr noundef, ptr noundef)
struct conn *f_malloc(void) { return malloc(sizeof(struct conn)); }

// CHECK-LABEL: define {{.*}}@f_calloc(
// CHECK: [[C:%.*]] = call noalias ptr @calloc(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
struct conn *f_calloc(int n) { return calloc(n, sizeof(struct conn)); }

// CHECK-LABEL: define {{.*}}@f_realloc(
// CHECK: [[C:%.*]] = call ptr @realloc(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
struct conn *f_realloc(struct conn *c, int n) { return realloc(c, n * sizeof *c); }

// __attribute__((malloc)), explicit cast, typedef'd pointer type.
// CHECK-LABEL: define {{.*}}@f_attr(
// CHECK: [[C:%.*]] = call noalias ptr @my_alloc(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
conn_t *f_attr(void) { return (conn_t *)my_alloc(sizeof(conn_t)); }

// CHECK-LABEL: define {{.*}}@f_annotated(
// CHECK: [[C:%.*]] = call ptr @my_pool(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
struct conn *f_annotated(void) { return (struct conn *)(void *)(my_pool(sizeof(struct conn))); }

// alloc_size, returning char *: converted to void * and back.
// CHECK-LABEL: define {{.*}}@f_chars(
// CHECK: [[C:%.*]] = call ptr @my_chars(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
struct conn *f_chars(void) { return (struct conn *)my_chars(sizeof(struct conn)); }

// An anonymous struct is stamped under its typedef name.
// CHECK-LABEL: define {{.*}}@f_small(
// CHECK: [[C:%.*]] = call noalias ptr @malloc(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[SMALL]])
Small *f_small(void) { return malloc(sizeof(Small)); }

// Both arms of ?: are looked at.
// CHECK-LABEL: define {{.*}}@f_cond(
// CHECK: [[C:%.*]] = call noalias ptr @calloc(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
// CHECK: [[D:%.*]] = call noalias ptr @malloc(
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[D]], ptr noundef @[[CONN]])
struct conn *f_cond(int zero) { return zero ? calloc(1, sizeof(struct conn)) : malloc(sizeof(struct conn)); }

// CHECK-LABEL: define {{.*}}@f_alloca(
// CHECK: [[C:%.*]] = alloca i8, i64 32
// CHECK-NEXT: call ptr @__dsu_alloc_stamp(ptr noundef [[C]], ptr noundef @[[CONN]])
long f_alloca(void) {
  struct conn *c = alloca(sizeof *c);
  memset(c, 0, sizeof *c);
  return c->hits;
}

// Not an allocation function; not a wrapped type; not converted to T *.
// CHECK-LABEL: define {{.*}}@f_none(
// CHECK-NOT: __dsu_alloc_stamp
// CHECK: ret
struct conn *f_none(struct plain **pp, void **vp) {
  *pp = malloc(sizeof **pp);
  *vp = malloc(sizeof(struct conn));
  return not_alloc(sizeof(struct conn));
}

// OFF-NOT: __dsu_alloc_stamp

int main(void) {
  struct conn *a = f_malloc(), *b = f_calloc(2), *d = f_attr(), *e = f_annotated(), *g = f_chars();
  struct plain *p;
  void *v;
  a->fd = 1;
  b = f_realloc(b, 3);
  b[2].fd = 7;
  struct conn *n = f_none(&p, &v);
  Small *s = f_small();
  free(f_cond(1));
  s->s = 5;
  printf("%d %d %ld %d %ld\n", a->fd, b[2].fd, d->hits + e->hits + g->hits + n->hits, s->s, f_alloca());
  free(a), free(b), free(d), free(g), free(n), free(p), free(v), free(s);
  return 0;
}
// EXEC: stamp struct conn p
// EXEC-NEXT: stamp struct conn p
// EXEC-NEXT: stamp struct conn p
// EXEC-NEXT: stamp struct conn p
// EXEC-NEXT: stamp struct conn p
// EXEC-NEXT: stamp struct conn p
// EXEC-NEXT: stamp Small p
// EXEC-NEXT: stamp struct conn p
// EXEC-NEXT: stamp struct conn p
// EXEC-NEXT: 1 7 0 5 0
// PLAIN-NOT: stamp
// PLAIN: 1 7 0 5 0
