// Kept-direct policy: a small static helper called from a function without
// an update point stays a direct call and is inlined at -O2; a function that
// holds an update point calls the same helper through its slot; a large
// static helper goes through its slot.  -dsu-direct-max-insts=0 turns direct
// calls off.
// RUN: %clang -S -emit-llvm -O2 -fpass-plugin=%pass -fplugin=%pass %s -o - | FileCheck %s
// RUN: %clang -S -emit-llvm -O0 -fpass-plugin=%pass -fplugin=%pass %s -o - | FileCheck %s --check-prefix=O0
// RUN: %clang -S -emit-llvm -O2 -fpass-plugin=%pass -fplugin=%pass -mllvm -dsu-direct-max-insts=0 %s -o - \
// RUN:   | FileCheck %s --check-prefix=OFF
// RUN: %clang -c -O2 -fpass-plugin=%pass -fplugin=%pass -mllvm -dsu-tu-id=kept.c %s -o %t.o
// RUN: sh %S/Inputs/dsu-record.sh %t.o | FileCheck %s --check-prefix=MANIFEST
int dsu_update(void);

static int scale(int x) { return x * 7; }

static int big_helper(int x) {
  int s = 0;
  for (int i = 0; i < x; i++)
    s += (i * 31) ^ (s >> 3) ^ (x * i) ^ (s << 2) ^ (i % 5) ^ (x / (i + 1)) ^ (s % 11) ^ (i & 9) ^ (s | 1);
  s += (s * 13) ^ (x >> 2) ^ (x << 5) ^ (s / 7) ^ (x % 3) ^ (s & 255) ^ (x | 17) ^ (s * x) ^ (s - x);
  return s;
}

// The helper is inlined: no call, no slot load.
// CHECK-LABEL: define dso_local {{.*}}i32 @compute(
// CHECK-NOT: call
// CHECK-NOT: __dsu_slot.{{.*}}scale
// CHECK: mul nsw i32 %{{.*}}, 7
// CHECK: ret i32
// O0-LABEL: define dso_local i32 @compute(
// O0: call i32 @__dsu_s.{{[0-9a-f]+}}.scale(
// OFF-LABEL: define dso_local {{.*}}i32 @compute(
// OFF: load ptr, ptr @__dsu_slot.__dsu_s.{{[0-9a-f]+}}.scale
int compute(int x) { return scale(x) + 1; }

// CHECK-LABEL: define dso_local {{.*}}i32 @calls_big(
// CHECK: load ptr, ptr @__dsu_slot.__dsu_s.{{[0-9a-f]+}}.big_helper
int calls_big(int x) { return big_helper(x); }

// A function with an update point sees changed helpers at once.
// CHECK-LABEL: define dso_local {{.*}}i32 @loop(
// CHECK: load ptr, ptr @__dsu_slot.__dsu_s.{{[0-9a-f]+}}.scale
// CHECK: call i32 %
int loop(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    s += scale(i);
    dsu_update();
  }
  return s;
}

// MANIFEST: RECORD
// MANIFEST-DAG: {"id":"kept.c:scale",{{.*}}"direct_callees":[],"slot_callees":[],"globals_used":[],"update_points":0,
// MANIFEST-DAG: {"id":"compute",{{.*}}"direct_callees":["kept.c:scale"],"slot_callees":[],
// MANIFEST-DAG: {"id":"calls_big",{{.*}}"direct_callees":[],"slot_callees":["kept.c:big_helper"],
// MANIFEST-DAG: {"id":"loop",{{.*}}"direct_callees":[],"slot_callees":["kept.c:scale"],"globals_used":[{{.*}}],"update_points":1,
