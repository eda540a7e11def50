// Abstraction-violating aliases, rule 2 (docs/type-wrapping.md): a pointer
// to a wrapped struct made from an integer (directly or through void *), an
// integer computed with offsetof(T, ...) turned into a pointer, and pointer
// arithmetic by offsetof(T, ...) (container_of) pin T.  Constants (NULL, a
// sentinel such as (T *)-1) and structs that are not wrapped do not.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S \
// RUN:   -S -emit-llvm -o %t.ll %s 2> %t.err
// RUN: sed -e 's/\\22/"/g' %t.ll | cat %t.err - | FileCheck %s --check-prefixes=CHECK,JSON
#include <stddef.h>
#include <stdint.h>

struct conn {
  int fd;
  struct conn *next;
};
struct list {
  struct list *next;
};
struct job {
  int id;
  struct list link;
};
struct __attribute__((annotate("dsu_nowrap"))) raw {
  int x;
};

struct conn *from_int(uintptr_t handle)
{
  return (struct conn *)handle;
  // CHECK: ava-int-to-pointer.c:[[#FI:@LINE-1]]:10: warning: dsu: 'struct conn' cannot change layout later: an integer is converted to 'struct conn *', which may reach its objects without a version check (ava-int-to-pointer.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'from_int'
  // CHECK: ava-int-to-pointer.c:12:8: note: 'struct conn' is defined here
}

struct conn *through_void(long handle)
{
  struct conn *c = (void *)handle;
  // CHECK: ava-int-to-pointer.c:[[#TV:@LINE-1]]:20: warning: dsu: 'struct conn' cannot change layout later: an integer is converted to 'struct conn *', which may reach its objects without a version check (ava-int-to-pointer.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'through_void'
  return c;
}

int *field_by_number(uintptr_t base)
{
  return (int *)(base + offsetof(struct conn, fd));
  // CHECK: ava-int-to-pointer.c:[[#FN:@LINE-1]]:10: warning: dsu: 'struct conn' cannot change layout later: an integer computed with offsetof(struct conn, ...) is converted to a pointer, which reaches into its objects without a version check (ava-int-to-pointer.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'field_by_number'
}

struct job *job_of(struct list *l)
{
  return (struct job *)((char *)l - offsetof(struct job, link));
  // CHECK: ava-int-to-pointer.c:[[#CO:@LINE-1]]:35: warning: dsu: 'struct job' cannot change layout later: a pointer is moved by offsetof(struct job, ...), which reaches into its objects without a version check (ava-int-to-pointer.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'job_of'
  // CHECK: ava-int-to-pointer.c:19:8: note: 'struct job' is defined here
}

// None of these is an alias of an object.
struct conn *fine(uintptr_t handle, struct conn *c)
{
  struct raw *r = (struct raw *)handle;
  if (r && c == (struct conn *)-1)
    return (struct conn *)0;
  return c ? c : NULL;
}

// CHECK-NOT: warning:
// CHECK: 4 warnings generated.

// JSON: @__dsu_ast_types
// JSON-SAME: "name":"struct conn","pinned":[{"file":"ava-int-to-pointer.c","line":[[#FI]],"why":"an integer is converted to 'struct conn *', which may reach its objects without a version check"},{"file":"ava-int-to-pointer.c","line":[[#TV]],"why":"an integer is converted to 'struct conn *', which may reach its objects without a version check"},{"file":"ava-int-to-pointer.c","line":[[#FN]],"why":"an integer computed with offsetof(struct conn, ...) is converted to a pointer, which reaches into its objects without a version check"}],"size"
// JSON-SAME: "name":"struct list","size"
// JSON-SAME: "name":"struct job","pinned":[{"file":"ava-int-to-pointer.c","line":[[#CO]],"why":"a pointer is moved by offsetof(struct job, ...), which reaches into its objects without a version check"}],"size"
// JSON-SAME: "name":"struct raw","size":4,
