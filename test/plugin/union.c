// A union: every field at offset 0, size of the largest, IR name union.NAME.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s

// CHECK: @__dsu_ast_types =
// CHECK-NEXT: {"align":8,"fields":[{"kind":"int","name":"i","offset":0,"size":4,"type":"int"},{"kind":"float","name":"d","offset":0,"size":8,"type":"double"},{"kind":"char_array","name":"c","offset":0,"size":10,"type":"char[10]"}],"file":"union.c","ir_name":"union.value","line":[[@LINE+1]],"name":"union value","size":16}]\00"
union value {
  int i;
  double d;
  char c[10];
};

union value v;
