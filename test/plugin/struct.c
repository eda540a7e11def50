// A plain struct: name, IR name, size, alignment, position and every field.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s

// CHECK: @__dsu_ast_types = internal constant
// CHECK-NEXT: {"align":8,"fields":[{"kind":"char_array","name":"key","offset":0,"size":32,"type":"char[32]"},{"kind":"char_array","name":"val","offset":32,"size":32,"type":"char[32]"},{"kind":"uint","name":"hits","offset":64,"size":8,"type":"unsigned long"},{"kind":"pointer","name":"next","offset":72,"size":8,"type":"struct kv *"}],"file":"struct.c","ir_name":"struct.kv","line":[[@LINE+2]],"name":"struct kv","size":80}]\00", align 16
// CHECK: @llvm.compiler.used = appending global {{.*}} @__dsu_ast_types
struct kv {
  char key[32];
  char val[32];
  unsigned long hits;
  struct kv *next;
};

struct kv table[4];
