// Wrapping (-fplugin-arg-dsu-wrap): a 32-bit tag first, the user's fields,
// then slop as large as the unwrapped sizeof (default 100%) made of unnamed
// bit-fields (so initialisers do not miss it), at least 24 bytes, alignment at
// least 8 (struct big: 4 + 400 + 7 bytes, padded to 416); the manifest
// describes the tag and slop, gives a layout id (layout-id.c tests its
// value) and lists only the user's fields.  Without the
// argument nothing changes.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-slop=50 -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=HALF
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-slop=0 -fplugin-arg-dsu-wrap -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=NOSLOP
// RUN: %clang -O2 -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O2
// RUN: %clang -fplugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// Debug info describes the wrapped layout too (DWARF leaves unnamed bit-fields out).
// RUN: %clang -g -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o - %s | FileCheck %s --check-prefix=DEBUG

// CHECK: %struct.conn = type { i32, i32, [8 x i8], i64, i64, i64, i64 }
// CHECK: %struct.big = type <{ i32, [100 x i32], i64, [4 x i8] }>
// CHECK: %struct.Point = type { i32, i32, double, i64, i64 }
// CHECK: %struct.cacheline = type { i32, i32, i64, i64, i64, i32, [28 x i8] }
// CHECK: %struct.tight = type { i32, i16, i16, i64, i64 }
// CHECK: {"align":8,"fields":[{"kind":"int","name":"fd","offset":4,"size":4,"type":"int"},{"kind":"char_array","name":"name","offset":8,"size":8,"type":"char[8]"},{"kind":"int","name":"hits","offset":16,"size":8,"type":"long"}],"file":"wrap-layout.c","ir_name":"struct.conn","layout_id":"{{[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]}}","line":[[@LINE+11]],"name":"struct conn","size":48,"slop":24,"tag_offset":0,"tag_size":4,"user_size":24,"wrapped":true},
// CHECK-NEXT: {"align":8,"fields":[{"kind":"array","name":"v","offset":4,"size":400,"type":"int[100]"}],"file":"wrap-layout.c","ir_name":"struct.big","layout_id":"{{[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]}}","line":[[@LINE+18]],"name":"struct big","size":416,"slop":7,"tag_offset":0,"tag_size":4,"user_size":400,"wrapped":true},
// CHECK-NEXT: {"align":4,"fields":[{"kind":"int","name":"a","offset":0,"size":4,"type":"int"}],"file":"wrap-layout.c","ir_name":"struct.fixed","line":[[@LINE+22]],"name":"struct fixed","size":4,"why_not":"annotated dsu_nowrap at wrap-layout.c:[[@LINE+22]]","wrapped":false},
// CHECK-NEXT: {"align":1,"fields":[{"kind":"int","name":"a","offset":0,"size":1,"type":"char"},{"kind":"int","name":"b","offset":1,"size":4,"type":"int"}],"file":"wrap-layout.c","ir_name":"struct.wire","line":[[@LINE+26]],"name":"struct wire","size":5,"why_not":"packed: its layout is a format at wrap-layout.c:[[@LINE+26]]","wrapped":false},
// CHECK-NEXT: {"align":1,"fields":[{"kind":"int","name":"a","offset":0,"size":1,"type":"char"},{"kind":"int","name":"b","offset":1,"size":4,"type":"int"}],"file":"wrap-layout.c","ir_name":"struct.pragma_packed","line":[[@LINE+32]],"name":"struct pragma_packed","size":5,"why_not":"laid out under #pragma pack: its layout is a format at wrap-layout.c:[[@LINE+32]]","wrapped":false},
// CHECK-NEXT: {"align":4,"fields":[{"kind":"int","name":"n","offset":0,"size":4,"type":"int"},{"kind":"array","name":"data","offset":4,"size":0,"type":"int[]"}],"file":"wrap-layout.c","flexible":true,"ir_name":"struct.msg","line":[[@LINE+38]],"name":"struct msg","size":4,"why_not":"has a flexible array member: nothing may follow it at wrap-layout.c:[[@LINE+38]]","wrapped":false},
// CHECK-NEXT: {"align":4,"fields":[{"kind":"int","name":"i","offset":0,"size":4,"type":"int"},{"kind":"float","name":"f","offset":0,"size":4,"type":"float"}],"file":"wrap-layout.c","ir_name":"union.num","line":[[@LINE+43]],"name":"union num","size":4,"why_not":"not a struct (unions are never wrapped) at wrap-layout.c:[[@LINE+43]]","wrapped":false},
// CHECK-NEXT: {"align":8,"fields":[{"kind":"int","name":"x","offset":4,"size":4,"type":"int"},{"kind":"float","name":"y","offset":8,"size":8,"type":"double"}],"file":"wrap-layout.c","ir_name":"struct.Point","layout_id":"{{[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]}}","line":[[@LINE+49]],"name":"Point","size":32,"slop":16,"tag_offset":0,"tag_size":4,"user_size":16,"wrapped":true},
// CHECK-NEXT: {"align":16,"fields":[{"kind":"int","name":"a","offset":0,"size":4,"type":"int"}],"file":"wrap-layout.c","ir_name":"struct.aligned","line":[[@LINE+54]],"name":"struct aligned","size":16,"why_not":"has an explicit alignment attribute: its size is chosen by hand at wrap-layout.c:[[@LINE+54]]","wrapped":false},
// CHECK-NEXT: {"align":32,"fields":[{"kind":"int","name":"a","offset":4,"size":4,"type":"int"}],"file":"wrap-layout.c","ir_name":"struct.cacheline","layout_id":"{{[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]}}","line":[[@LINE+59]],"name":"struct cacheline","size":64,"slop":28,"tag_offset":0,"tag_size":4,"user_size":32,"wrapped":true},
// CHECK-NEXT: {"align":8,"fields":[{"kind":"int","name":"s","offset":4,"size":2,"type":"short"}],"file":"wrap-layout.c","ir_name":"struct.tight","layout_id":"{{[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]}}","line":[[@LINE+65]],"name":"struct tight","size":24,"slop":18,"tag_offset":0,"tag_size":4,"user_size":2,"wrapped":true}]
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

#pragma pack(push, 1)
struct pragma_packed {
  char a;
  int b;
};
#pragma pack(pop)
struct pragma_packed pp1;

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

/* An anonymous struct is wrapped under its typedef name. */
typedef struct {
  int x;
  double y;
} Point;
Point p1;

struct __attribute__((aligned(16))) aligned {
  int a;
};
struct aligned a1;

/* dsu_wrap overrides an explicit alignment; the slop keeps the alignment. */
struct __attribute__((aligned(32), annotate("dsu_wrap"), annotate("dsu_slop=28"))) cacheline {
  int a;
};
struct cacheline cl1;

/* dsu_slop=0: a tag only, but still 24 bytes: a smaller struct would be
   passed in registers, where no tag check sees it. */
struct __attribute__((annotate("dsu_slop=0"))) tight {
  short s;
};
struct tight t1;

// HALF: %struct.conn = type { i32, i32, [8 x i8], i64, i64, i32 }
// HALF: %struct.Point = type { i32, i32, double, i64 }
// NOSLOP: %struct.conn = type { i32, i32, [8 x i8], i64 }
// NOSLOP: %struct.big = type <{ i32, [100 x i32], i64, [4 x i8] }>
// NOSLOP: %struct.Point = type { i32, i32, double, i64 }
// O2: %struct.conn = type { i32, i32, [8 x i8], i64, i64, i64, i64 }
// O2: %struct.Point = type { i32, i32, double, i64, i64 }
// DEBUG-DAG: !DICompositeType(tag: DW_TAG_structure_type, name: "conn", {{.*}}, size: 384,
// DEBUG-DAG: !DIDerivedType(tag: DW_TAG_member, name: "fd", scope: ![[CONN:[0-9]+]], {{.*}}, size: 32, offset: 32)
// DEBUG-DAG: !DIDerivedType(tag: DW_TAG_member, name: "hits", scope: ![[CONN]], {{.*}}, size: 64, offset: 128)
// DEBUG-DAG: !DIDerivedType(tag: DW_TAG_member, name: "y", scope: ![[POINT:[0-9]+]], {{.*}}, size: 64, offset: 64)
// DEBUG-DAG: ![[POINT]] = distinct !DICompositeType(tag: DW_TAG_structure_type, {{.*}}, size: 256,
// OFF: %struct.conn = type { i32, [8 x i8], i64 }
// OFF: %struct.Point = type { i32, double }
// OFF-NOT: wrapped
