// Statics are exported under __dsu_s.TUH.name (external, default
// visibility), including a function-local static (IR name fn.var); their
// slots and entries use the exported name.  TUH must be xxh3_64 of the TU id
// as libxxhash computes it (the runtime and dsu-diff use libxxhash, the pass
// LLVM's xxh3_64bits).
// RUN: %clang -O0 %S/Inputs/xxh3.c -lxxhash -o %t.xxh3
// RUN: %clang -S -emit-llvm -O0 -fpass-plugin=%pass -fplugin=%pass -mllvm -dsu-tu-id=dir/statics.c %s -o - \
// RUN:   | FileCheck %s -DTUH=$(%t.xxh3 dir/statics.c)

// CHECK-DAG: @__dsu_s.[[TUH]].counter = dso_local global i32 5, align 4
// CHECK-DAG: @__dsu_s.[[TUH]].bump.calls = dso_local global i32 0, align 4
// CHECK-DAG: @__dsu_slot.__dsu_s.[[TUH]].helper = dso_local global ptr @__dsu_s.[[TUH]].helper
// CHECK-DAG: @__dsu_s.[[TUH]].handlers = dso_local global [1 x ptr] [ptr @__dsu_entry.__dsu_s.[[TUH]].helper]
// CHECK-NOT: internal global
static int counter = 5;

// CHECK-DAG: define dso_local i32 @__dsu_s.[[TUH]].helper(i32 noundef
static int helper(int x) { return x + counter; }
static int (*handlers[])(int) = {helper};

int bump(void) {
  static int calls;
  return ++calls + handlers[0](1);
}
