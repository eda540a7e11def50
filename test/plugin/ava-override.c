// annotate("dsu_alias_ok") silences the alias analysis (docs/type-wrapping.md,
// "Abstraction-violating aliases") for aliases stored into the variable,
// parameter or field that carries it, and for every alias made in a function
// that carries it (on any of its declarations).  With the annotations the
// TU draws no diagnostic and no "pinned" or "field_aliases_held" record;
// without them (-DNO_OK) every use below is reported.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o %t.ll %s 2> %t.err
// RUN: count 0 < %t.err
// RUN: sed -e 's/\\22/"/g' %t.ll | FileCheck %s --check-prefix=OK
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S -fsyntax-only -DNO_OK %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOK
#include <stdint.h>

#ifdef NO_OK
#define ALIAS_OK
#else
#define ALIAS_OK __attribute__((annotate("dsu_alias_ok")))
#endif

struct conn {
  int fd;
  char name[16];
};
struct timer {
  long when;
};
struct ref {
  char *name ALIAS_OK;
};

int *cached_fd ALIAS_OK;

// A variable, a field, a local holding a field address.
void remember(struct conn *c, struct ref *r)
{
  cached_fd = &c->fd;
  // NOK-DAG: ava-override.c:[[@LINE-1]]:13: warning: dsu: 'struct conn' cannot change layout later: the address of its field 'fd' is stored in global variable 'cached_fd'
  r->name = c->name;
  // NOK-DAG: ava-override.c:[[@LINE-1]]:11: warning: dsu: 'struct conn' cannot change layout later: the address of its field 'name' is stored in field 'name' of 'struct ref'
  char *p ALIAS_OK = c->name;
  p[0] = 0;
}

// A variable receiving an integer turned into a pointer.
int fd_at(uintptr_t addr)
{
  struct conn *c ALIAS_OK = (struct conn *)addr;
  // NOK-DAG: ava-override.c:[[@LINE-1]]:29: warning: dsu: 'struct conn' cannot change layout later: an integer is converted to 'struct conn *'
  return c->fd;
}

// A parameter (annotated on the prototype only) that receives two structs.
static long stamp(void *obj ALIAS_OK, int kind);
static long stamp(void *obj, int kind)
{
  return kind ? ((struct timer *)obj)->when : ((struct conn *)obj)->fd;
}
// NOK-DAG: ava-override.c:[[@LINE-2]]:18: warning: dsu: 'struct timer' cannot change layout later: 'void *' parameter 'obj' of 'stamp' holds both
// NOK-DAG: ava-override.c:[[@LINE-3]]:48: warning: dsu: 'struct conn' cannot change layout later: 'void *' parameter 'obj' of 'stamp' holds both
long stamps(struct conn *c, struct timer *t) { return stamp(c, 0) + stamp(t, 1); }
// NOK-DAG: ava-override.c:[[@LINE-1]]:61: warning: dsu: 'struct conn' cannot change layout later: 'void *' parameter 'obj' of 'stamp'
// NOK-DAG: ava-override.c:[[@LINE-2]]:75: warning: dsu: 'struct timer' cannot change layout later: 'void *' parameter 'obj' of 'stamp'

// A function (annotated on its prototype): nothing made in it counts.
ALIAS_OK long low_level(struct conn *c, uintptr_t addr);
long low_level(struct conn *c, uintptr_t addr)
{
  c = addr ? (struct conn *)addr : c;
  // NOK-DAG: ava-override.c:[[@LINE-1]]:14: warning: dsu: 'struct conn' cannot change layout later: an integer is converted to 'struct conn *'
  __asm__ volatile("" : : "r"(c));
  // NOK-DAG: ava-override.c:[[@LINE-1]]:31: warning: dsu: 'struct conn' cannot change layout later: an inline asm operand has type 'struct conn *'
  return (long)&c->fd;
  // NOK-DAG: ava-override.c:[[@LINE-1]]:10: warning: dsu: 'struct conn' cannot change layout later: the address of its field 'fd' is converted to an integer
}

// NOK: 10 warnings generated.
// OK-NOT: "pinned"
// OK-NOT: "field_aliases_held"
// OK: @__dsu_ast_types
// OK-SAME: "name":"struct conn","size":48,
// OK-NOT: "pinned"
// OK-NOT: "field_aliases_held"
