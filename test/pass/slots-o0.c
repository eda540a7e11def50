// Slots and calls through them at -O0: every defined function gets a strong,
// external, dso_local slot in llvm.used, initialised with the raw function;
// calls between program functions load the slot and call through it.
// RUN: %clang -S -emit-llvm -O0 -fpass-plugin=%pass -fplugin=%pass %s -o - | FileCheck %s

// CHECK-DAG: @__dsu_slot.leaf = dso_local global ptr @leaf, align 8
// CHECK-DAG: @__dsu_slot.middle = dso_local global ptr @middle, align 8
// CHECK-DAG: @__dsu_slot.main = dso_local global ptr @main, align 8
// CHECK-DAG: @llvm.used = appending global [{{[0-9]+}} x ptr] [{{.*}}ptr @__dsu_slot.leaf,{{.*}}ptr @__dsu_slot.middle,{{.*}}ptr @__dsu_slot.main,

int leaf(int x) { return x + 1; }

// CHECK-LABEL: define dso_local i32 @middle(
// CHECK: [[P:%.*]] = load ptr, ptr @__dsu_slot.leaf, align 8
// CHECK-NEXT: call i32 [[P]](i32 noundef
// CHECK-NOT: call i32 @leaf
// CHECK: ret i32
int middle(int x) { return leaf(x) * 2; }

// CHECK-LABEL: define dso_local i32 @main(
// CHECK: [[M:%.*]] = load ptr, ptr @__dsu_slot.middle, align 8
// CHECK-NEXT: call i32 [[M]](i32 noundef 20)
int main(void) { return middle(20); }
