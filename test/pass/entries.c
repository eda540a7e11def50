// Stable entries: a function stored in a table or passed to qsort is
// replaced by __dsu_entry.F (same prototype, weak, loads the slot and
// musttail-calls through it); the slot and llvm.used keep the raw function.
// RUN: %clang -S -emit-llvm -O0 -fpass-plugin=%pass -fplugin=%pass %s -o - | FileCheck %s
// RUN: %clang -S -emit-llvm -O2 -fpass-plugin=%pass -fplugin=%pass %s -o - | FileCheck %s --check-prefix=O2
#include <stdlib.h>

int add1(int x) { return x + 1; }
int twice(int x) { return 2 * x; }
int by_value(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int not_taken(int x) { return x; }

typedef int (*op)(int);
op table[] = {add1, twice};

// CHECK-DAG: @table = dso_local global [2 x ptr] [ptr @__dsu_entry.add1, ptr @__dsu_entry.twice]
// CHECK-DAG: @__dsu_slot.add1 = dso_local global ptr @add1, align 8
// CHECK-DAG: @__dsu_slot.by_value = dso_local global ptr @by_value, align 8
// CHECK-DAG: @llvm.used = {{.*}}ptr @__dsu_entry.add1
// CHECK-NOT: __dsu_entry.not_taken
// O2: @table = dso_local {{(local_unnamed_addr )?}}global [2 x ptr] [ptr @__dsu_entry.add1, ptr @__dsu_entry.twice]

// CHECK-LABEL: define dso_local void @sort(
// CHECK: call void @qsort(ptr noundef %{{.*}}, i64 noundef %{{.*}}, i64 noundef 4, ptr noundef @__dsu_entry.by_value)
// O2-LABEL: define dso_local void @sort(
// O2: call void @qsort(ptr noundef %{{.*}}, i64 noundef %{{.*}}, i64 noundef 4, ptr noundef nonnull @__dsu_entry.by_value)
void sort(int *v, size_t n) { qsort(v, n, sizeof *v, by_value); }

// Comparing addresses compares entries on both sides.
// CHECK-LABEL: define dso_local i32 @is_add1(
// CHECK: icmp eq ptr %{{.*}}, @__dsu_entry.add1
int is_add1(op f) { return f == add1; }

// CHECK-LABEL: define weak dso_local i32 @__dsu_entry.add1(i32 noundef %0)
// CHECK-NEXT: [[T:%.*]] = load ptr, ptr @__dsu_slot.add1, align 8
// CHECK-NEXT: [[R:%.*]] = musttail call i32 [[T]](i32 noundef %0)
// CHECK-NEXT: ret i32 [[R]]
// CHECK-LABEL: define weak dso_local i32 @__dsu_entry.by_value(ptr noundef %0, ptr noundef %1)
// CHECK-NEXT: [[T:%.*]] = load ptr, ptr @__dsu_slot.by_value, align 8
// CHECK-NEXT: [[R:%.*]] = musttail call i32 [[T]](ptr noundef %0, ptr noundef %1)
// O2-LABEL: define weak dso_local i32 @__dsu_entry.add1(
// O2: load ptr, ptr @__dsu_slot.add1
// O2: musttail call i32
