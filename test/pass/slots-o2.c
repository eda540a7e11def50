// At -O2 slots survive the optimiser: the calls stay indirect through a
// reload of the slot (not folded back, not inlined), and the slot keeps the
// raw function.
// RUN: %clang -S -emit-llvm -O2 -fpass-plugin=%pass -fplugin=%pass %s -o - | FileCheck %s

// CHECK-DAG: @__dsu_slot.leaf = dso_local global ptr @leaf, align 8
// CHECK-DAG: @__dsu_slot.middle = dso_local global ptr @middle, align 8

int leaf(int x) { return x + 1; }

// CHECK-LABEL: define dso_local {{.*}}i32 @middle(
// CHECK: [[P:%.*]] = load ptr, ptr @__dsu_slot.leaf, align 8
// CHECK-NEXT: [[R:%.*]] = {{(tail )?}}call i32 [[P]](i32 noundef %0)
// CHECK: ret i32
int middle(int x) { return leaf(x) * 2; }

// CHECK-LABEL: define dso_local {{.*}}i32 @main(
// CHECK: [[M:%.*]] = load ptr, ptr @__dsu_slot.middle, align 8
// CHECK-NEXT: {{(tail )?}}call i32 [[M]](i32 noundef 20)
// CHECK-NOT: call i32 @leaf
int main(void) { return middle(20); }
