// A call to a function another TU defines goes through a weak slot this TU
// defines (the defining TU's strong slot wins at link time); calls to
// functions the target library knows (printf, strlen) and to intrinsics
// stay direct; the runtime's API is never slotted.
// RUN: %clang -S -emit-llvm -O2 -fpass-plugin=%pass -fplugin=%pass %s -o - | FileCheck %s
#include <stdio.h>
#include <string.h>
int elsewhere(const char *s);
int dsu_control_fd(void);

// CHECK-DAG: @__dsu_slot.elsewhere = weak dso_local global ptr @elsewhere, align 8
// CHECK-NOT: @__dsu_slot.printf
// CHECK-NOT: @__dsu_slot.strlen
// CHECK-NOT: @__dsu_slot.dsu_control_fd

// CHECK-LABEL: define dso_local {{.*}}i32 @user(
// CHECK: [[E:%.*]] = load ptr, ptr @__dsu_slot.elsewhere, align 8
// CHECK-NEXT: {{(tail )?}}call i32 [[E]](ptr noundef
// CHECK: call i32 (ptr, ...) @printf(
// CHECK: call i64 @strlen(
// CHECK: call i32 @dsu_control_fd()
int user(const char *s) {
  int n = elsewhere(s);
  printf("%d\n", n);
  return (int)strlen(s) + dsu_control_fd();
}
