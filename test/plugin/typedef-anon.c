// An anonymous struct named by a typedef is recorded under the typedef name
// (known only at the end of the TU) with clang's IR name struct.TYPEDEF; a
// typedef of a tagged struct keeps the tag.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s

// CHECK: @__dsu_ast_types =
// CHECK-NEXT: {"align":8,"fields":[{"kind":"int","name":"x","offset":0,"size":4,"type":"int"},{"kind":"float","name":"y","offset":8,"size":8,"type":"double"}],"file":"typedef-anon.c","ir_name":"struct.Point","line":[[@LINE+4]],"name":"Point","size":16},
// CHECK-NEXT: {"align":8,"fields":[{"kind":"int","name":"a","offset":0,"size":2,"type":"short"},{"kind":"struct","name":"p","offset":8,"size":16,"type":"Point"}],"file":"typedef-anon.c","ir_name":"struct.tagged","line":[[@LINE+8]],"name":"struct tagged","size":24}]\00"
// CHECK-NOT: "name":"struct tagged"
// CHECK-NOT: "name":"Tagged"
typedef struct {
  int x;
  double y;
} Point;

typedef struct tagged {
  short a;
  Point p;
} Tagged;

Point origin;
Tagged t;
