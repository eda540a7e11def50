// dsu_update() becomes an inline test of __dsu_pending (volatile load,
// unlikely branch); the slow path calls __dsu_update_point with a private
// struct dsu__point {function, file, line, index}; the value is 0 on the
// fast path.  Without debug info the file is the TU id and the line 0.
// RUN: %clang -S -emit-llvm -O0 -g -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-tu-id=up.c %s -o - \
// RUN:   | FileCheck %s
// RUN: %clang -S -emit-llvm -O0 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-tu-id=up.c %s -o - \
// RUN:   | FileCheck %s --check-prefix=NODBG
#include <dsu.h>

// CHECK-DAG: @__dsu_pending = external dso_local global i32
// CHECK-DAG: @[[FN:[^ ]+]] = private unnamed_addr constant [11 x i8] c"event_loop\00"
// CHECK-DAG: @[[FILE:[^ ]+]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"{{.*}}update-point.c\00"
// NODBG-DAG: @[[FILE:[^ ]+]] = private unnamed_addr constant [5 x i8] c"up.c\00"
// NODBG-DAG: @__dsu_up.{{[0-9a-f]+}}.0 = private constant { ptr, ptr, i32, i32 } { ptr @{{.*}}, ptr @[[FILE]], i32 0, i32 0 }
int event_loop(int n) {
  int applied = 0;
  for (int i = 0; i < n; i++) {
    // CHECK-DAG: @__dsu_up.[[TUH:[0-9a-f]+]].0 = private constant { ptr, ptr, i32, i32 } { ptr @[[FN]], ptr @[[FILE]], i32 [[@LINE+1]], i32 0 }, align 8
    applied += dsu_update();
    // CHECK-DAG: @__dsu_up.[[TUH]].1 = private constant { ptr, ptr, i32, i32 } { ptr @[[FN]], ptr @[[FILE]], i32 [[@LINE+1]], i32 1 }, align 8
    applied += dsu_update();
  }
  return applied;
}

// CHECK-LABEL: define dso_local i32 @event_loop(
// CHECK: [[P:%.*]] = load volatile i32, ptr @__dsu_pending, align 4
// CHECK-NEXT: [[C:%.*]] = icmp ne i32 [[P]], 0
// CHECK-NEXT: br i1 [[C]], label %[[SLOW:[0-9]+]], label %[[JOIN:[0-9]+]], !dbg !{{[0-9]+}}, !prof ![[W:[0-9]+]]
// CHECK: [[SLOW]]:
// CHECK-NEXT: [[R:%.*]] = call i32 @__dsu_update_point(ptr @__dsu_up.[[TUH]].0)
// CHECK-NEXT: br label %[[JOIN]]
// CHECK: [[JOIN]]:
// CHECK-NEXT: phi i32 [ 0, %{{[0-9]+}} ], [ [[R]], %[[SLOW]] ]
// CHECK: call i32 @__dsu_update_point(ptr @__dsu_up.[[TUH]].1)
// CHECK-NOT: call i32 @dsu_update()
// CHECK: ![[W]] = !{!"branch_weights", i32 1, i32 {{[0-9]+}}}
