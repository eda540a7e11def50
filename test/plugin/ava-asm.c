// Abstraction-violating aliases, rule 3 (docs/type-wrapping.md): an inline
// asm operand of a wrapped struct type or a pointer to one, one that points
// into a field, and a field as a memory operand pin the struct.  A field's
// value read into a register ("r"(c->hits)) is an ordinary checked read.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S \
// RUN:   -S -emit-llvm -o %t.ll %s 2> %t.err
// RUN: sed -e 's/\\22/"/g' %t.ll | cat %t.err - | FileCheck %s --check-prefixes=CHECK,JSON
struct counter {
  long hits;
  char name[8];
};
struct __attribute__((annotate("dsu_nowrap"))) plain {
  long v;
};

void prefetch(struct counter *c)
{
  __asm__ volatile("" : : "r"(c));
  // CHECK: ava-asm.c:[[#P:@LINE-1]]:31: warning: dsu: 'struct counter' cannot change layout later: an inline asm operand has type 'struct counter *', whose layout the assembly code uses without a version check (ava-asm.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'prefetch'
  // CHECK: ava-asm.c:8:8: note: 'struct counter' is defined here
}

void whole(struct counter *c)
{
  __asm__ volatile("" : "+m"(*c));
  // CHECK: ava-asm.c:[[#W:@LINE-1]]:30: warning: dsu: 'struct counter' cannot change layout later: an inline asm operand has type 'struct counter', whose layout the assembly code uses without a version check (ava-asm.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'whole'
}

void field_memory(struct counter *c)
{
  __asm__ volatile("incq %0" : "+m"(c->hits));
  // CHECK: ava-asm.c:[[#FM:@LINE-1]]:40: warning: dsu: 'struct counter' cannot change layout later: an inline asm operand points into its field 'hits' (ava-asm.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'field_memory'
}

void field_pointer(struct counter *c)
{
  __asm__ volatile("" : : "r"(c->name));
  // CHECK: ava-asm.c:[[#FP:@LINE-1]]:31: warning: dsu: 'struct counter' cannot change layout later: an inline asm operand points into its field 'name' (ava-asm.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'field_pointer'
}

long fine(struct counter *c, struct plain *p)
{
  long out;
  __asm__("mov %1, %0" : "=r"(out) : "r"(c->hits));
  __asm__ volatile("" : : "r"(p), "m"(p->v));
  return out;
}

// CHECK-NOT: warning:
// CHECK: 4 warnings generated.

// JSON: @__dsu_ast_types
// JSON-SAME: "name":"struct counter","pinned":[{"file":"ava-asm.c","line":[[#P]],"why":"an inline asm operand has type 'struct counter *', whose layout the assembly code uses without a version check"},{"file":"ava-asm.c","line":[[#W]],"why":"an inline asm operand has type 'struct counter', whose layout the assembly code uses without a version check"},{"file":"ava-asm.c","line":[[#FM]],"why":"an inline asm operand points into its field 'hits'"},{"file":"ava-asm.c","line":[[#FP]],"why":"an inline asm operand points into its field 'name'"}],"size"
// JSON-SAME: "name":"struct plain","size":8,"why_not"
