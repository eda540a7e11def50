// Updateability summaries (docs/manifest.md section 2, "restrict"): per
// function, the names used at instructions that may run after one of its
// calls returned; per update point, those after that point alone.  Code
// before the first call is excluded, code after a call included, a loop
// holding a call counts whole, a path that makes no call is excluded.  The
// pass runs before the optimiser, so -O0 and -O2 give the same summaries.
// RUN: %clang -c -g -O0 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-tu-id=flow.c %s -o %t0.o
// RUN: sh %S/Inputs/dsu-record.sh %t0.o | FileCheck %s
// RUN: %clang -c -g -O2 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-tu-id=flow.c %s -o %t2.o
// RUN: sh %S/Inputs/dsu-record.sh %t2.o | FileCheck %s
#include <dsu.h>

int before_g, after_g, read_g, addr_g, cond_g, tail_g, init_g, loop_g, end_g;
int work(int);
int other(int);
void sink(int *);

// CHECK-DAG: {"id":"straight",{{.*}}"restrict":{"functions":["other","sink"],"globals":["addr_g","after_g","read_g"],"types":[]}}
int straight(int x) {
  before_g = x; // before the first call: excluded
  int y = work(x);
  after_g = y;  // a store after it
  sink(&addr_g); // an address and a call after it
  return other(y) + read_g; // a read after it
}

// The path through cond_g makes no call.
// CHECK-DAG: {"id":"branch",{{.*}}"restrict":{"functions":[],"globals":["tail_g"],"types":[]}}
int branch(int x) {
  if (x > 3)
    return cond_g;
  work(x);
  return tail_g;
}

// No call at all: nothing.
// CHECK-DAG: {"id":"leaf",{{.*}}"restrict":{"functions":[],"globals":[],"types":[]}}
int leaf(int x) { return x + before_g + after_g; }

// Everything in the loop holding the update point counts, the code before
// the loop does not.  The second point sees only what follows it.
// CHECK-DAG: {"id":"event_loop",{{.*}}"update_points":2,{{.*}}"restrict":{"functions":["other","work"],"globals":["end_g","loop_g","tail_g"],"types":[]}}
int event_loop(int n) {
  int s = init_g;
  for (int i = 0; i < n; i++) {
    s += loop_g;
    // CHECK-DAG: {"index":0,"function":"event_loop","file":"{{.*}}restrict-flow.c","line":[[@LINE+1]],"restrict":{"functions":["other","work"],"globals":["end_g","loop_g","tail_g"],"types":[]}}
    dsu_update();
    s += work(i);
  }
  s += other(s) + tail_g;
  // CHECK-DAG: {"index":1,"function":"event_loop","file":"{{.*}}restrict-flow.c","line":[[@LINE+1]],"restrict":{"functions":[],"globals":["end_g"],"types":[]}}
  dsu_update();
  return s + end_g;
}
