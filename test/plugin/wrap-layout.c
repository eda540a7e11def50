// Wrapping (-fplugin-arg-dsu-wrap): a 32-bit tag first, the user's fields,
// then slop as large as the fields (default 100%); the manifest describes
// the tag and slop and lists only the user's fields.  Without the argument
// nothing changes.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-slop=50 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=HALF
// RUN: %clang -O2 -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O2
// RUN: %clang -fplugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF

// CHECK: %struct.conn = type { i32, i32, [8 x i8], i64, [20 x i8] }
// CHECK: %struct.big = type { i32, [100 x i32], [7 x i8] }
// CHECK: {"align":8,"fields":[{"name":"fd","offset":4,"size":4,"type":"int"},{"name":"name","offset":8,"size":8,"type":"char[8]"},{"name":"hits","offset":16,"size":8,"type":"long"}],"fields_size":20,"file":"wrap-layout.c","ir_name":"struct.conn","line":20,"name":"struct conn","size":48,"slop":20,"tag_offset":0,"tag_size":4,"wrapped":true},
// CHECK-NEXT: {"align":4,"fields":[{"name":"v","offset":4,"size":400,"type":"int[100]"}],"fields_size":400,"file":"wrap-layout.c","ir_name":"struct.big","line":28,"name":"struct big","size":412,"slop":7,"tag_offset":0,"tag_size":4,"wrapped":true},
// CHECK-NEXT: {"align":4,"fields":[{"name":"a","offset":0,"size":4,"type":"int"}],"file":"wrap-layout.c","ir_name":"struct.fixed","line":33,"name":"struct fixed","size":4,"why_not":"annotated dsu_nowrap at wrap-layout.c:33","wrapped":false},
// CHECK-NEXT: {"align":1,"fields":[{"name":"a","offset":0,"size":1,"type":"char"},{"name":"b","offset":1,"size":4,"type":"int"}],"file":"wrap-layout.c","ir_name":"struct.wire","line":38,"name":"struct wire","size":5,"why_not":"packed: its layout is a format at wrap-layout.c:38","wrapped":false},
// CHECK-NEXT: {"align":4,"fields":[{"name":"n","offset":0,"size":4,"type":"int"},{"name":"data","offset":4,"size":0,"type":"int[]"}],"file":"wrap-layout.c","flexible":true,"ir_name":"struct.msg","line":44,"name":"struct msg","size":4,"why_not":"has a flexible array member: nothing may follow it at wrap-layout.c:44","wrapped":false},
// CHECK-NEXT: {"align":4,"fields":[{"name":"i","offset":0,"size":4,"type":"int"},{"name":"f","offset":0,"size":4,"type":"float"}],"file":"wrap-layout.c","ir_name":"union.num","line":50,"name":"union num","size":4,"why_not":"not a struct (unions are never wrapped) at wrap-layout.c:50","wrapped":false}]
struct conn {
  int fd;
  char name[8];
  long hits;
};
struct conn c1;

/* A per-type slop in bytes. */
struct __attribute__((annotate("dsu_slop=7"))) big {
  int v[100];
};
struct big b1;

struct __attribute__((annotate("dsu_nowrap"))) fixed {
  int a;
};
struct fixed f1;

struct __attribute__((packed)) wire {
  char a;
  int b;
};
struct wire w1;

struct msg {
  int n;
  int data[];
};
struct msg m1;

union num {
  int i;
  float f;
};
union num n1;

// HALF: %struct.conn = type { i32, i32, [8 x i8], i64, [10 x i8] }
// O2: %struct.conn = type { i32, i32, [8 x i8], i64, [20 x i8] }
// OFF: %struct.conn = type { i32, [8 x i8], i64 }
// OFF-NOT: wrapped
