// Updateability summaries across the TU's call graph: a call through a slot
// contributes only the callee's id (its own uses are in its own summary, for
// its own frame); a kept-direct call (docs/manifest.md section 1) runs old
// code that may be inlined, so one made after a call returned contributes the
// callee's whole use set, transitively, and one made before contributes the
// callee's own summary when it may reach an update point.  A kept-direct
// callee that makes no call (transitively) is no call.
// RUN: %clang -c -O1 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-tu-id=closure.c %s -o %t.o
// RUN: sh %S/Inputs/dsu-record.sh %t.o | FileCheck %s
// Without kept-direct calls every helper is reached through its slot.
// RUN: %clang -c -O1 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-tu-id=closure.c \
// RUN:   -mllvm -dsu-direct-max-insts=0 %s -o %t.off.o
// RUN: sh %S/Inputs/dsu-record.sh %t.off.o | FileCheck %s --check-prefix=OFF

int ext_a(int), ext_b(int);
int ga, gb, gc, gd;

// CHECK-DAG: {"id":"closure.c:leaf",{{.*}}"restrict":{"functions":[],"globals":[],"types":[]}}
static int leaf(int x) { return x + ga; }

// CHECK-DAG: {"id":"closure.c:calls_out",{{.*}}"slot_callees":["ext_a"],{{.*}}"restrict":{"functions":[],"globals":["gc"],"types":[]}}
static int calls_out(int x) {
  gb = x;
  return ext_a(x) + gc;
}

// CHECK-DAG: {"id":"closure.c:outer",{{.*}}"direct_callees":["closure.c:calls_out"],{{.*}}"restrict":{"functions":[],"globals":["gc"],"types":[]}}
static int outer(int x) { return calls_out(x) + 1; }

// Too large to stay direct: called through its slot.
// CHECK-DAG: {"id":"closure.c:big",{{.*}}"restrict":{"functions":[],"globals":[],"types":[]}}
static int big(int x) {
  int s = gd;
  for (int i = 0; i < x; i++)
    s += (i * 31) ^ (s >> 3) ^ (x * i) ^ (s << 2) ^ (i % 5) ^ (x / (i + 1)) ^ (s % 11) ^ (i & 9) ^ (s | 1);
  s += (s * 13) ^ (x >> 2) ^ (x << 5) ^ (s / 7) ^ (x % 3) ^ (s & 255) ^ (x | 17) ^ (s * x) ^ (s - x);
  return s;
}

// leaf makes no call: the first call is ext_b, nothing follows it.
// CHECK-DAG: {"id":"leaf_first",{{.*}}"direct_callees":["closure.c:leaf"],{{.*}}"restrict":{"functions":[],"globals":[],"types":[]}}
int leaf_first(int x) { return ext_b(leaf(x)); }

// leaf runs after ext_b returned: its whole use set.
// CHECK-DAG: {"id":"leaf_after",{{.*}}"restrict":{"functions":[],"globals":["ga"],"types":[]}}
int leaf_after(int x) { return leaf(ext_b(x)); }

// calls_out is the first call: its own summary (gc after ext_a), not gb.
// CHECK-DAG: {"id":"out_first",{{.*}}"restrict":{"functions":[],"globals":["gc"],"types":[]}}
int out_first(int x) { return calls_out(x); }

// Transitively through outer.
// CHECK-DAG: {"id":"nested_first",{{.*}}"restrict":{"functions":[],"globals":["gc"],"types":[]}}
int nested_first(int x) { return outer(x); }

// After ext_b: outer's whole use set (calls_out's: ext_a, gb, gc) and big's
// id, but not big's own uses (gd).
// CHECK-DAG: {"id":"slot_vs_direct",{{.*}}"direct_callees":["closure.c:outer"],"slot_callees":["closure.c:big","ext_b"],{{.*}}"restrict":{"functions":["closure.c:big","ext_a"],"globals":["gb","gc"],"types":[]}}
int slot_vs_direct(int x) {
  int y = ext_b(x);
  y += outer(y);
  return big(y);
}

// OFF-DAG: {"id":"leaf_first",{{.*}}"direct_callees":[],{{.*}}"restrict":{"functions":["ext_b"],"globals":[],"types":[]}}
// OFF-DAG: {"id":"leaf_after",{{.*}}"restrict":{"functions":["closure.c:leaf"],"globals":[],"types":[]}}
// OFF-DAG: {"id":"nested_first",{{.*}}"restrict":{"functions":[],"globals":[],"types":[]}}
// OFF-DAG: {"id":"slot_vs_direct",{{.*}}"direct_callees":[],{{.*}}"restrict":{"functions":["closure.c:big","closure.c:outer"],"globals":[],"types":[]}}
