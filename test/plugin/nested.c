// Nested definitions are recorded before the struct that contains them.
// Anonymous members get a stable name (file:line:col, never an absolute
// path) used both for the record and for the field's type; they have no
// ir_name (LLVM numbers struct.anon.N in an order the plugin cannot know).
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s

// CHECK: @__dsu_ast_types =
// CHECK-NEXT: {"align":4,"fields":[{"kind":"int","name":"q","offset":0,"size":4,"type":"int"}],"file":"nested.c","ir_name":"struct.inner","line":[[@LINE+10]],"name":"struct inner","size":4},
// CHECK-NEXT: {"align":2,"fields":[{"kind":"int","name":"s","offset":0,"size":2,"type":"short"}],"file":"nested.c","line":[[@LINE+13]],"name":"struct (anonymous at nested.c:[[@LINE+13]]:3)","size":2},
// CHECK-NEXT: {"align":8,"fields":[{"kind":"int","name":"ui","offset":0,"size":4,"type":"int"},{"kind":"pointer","name":"up","offset":0,"size":8,"type":"void *"}],"file":"nested.c","line":[[@LINE+15]],"name":"union (anonymous at nested.c:[[@LINE+15]]:3)","size":8},
// CHECK-NEXT: {"align":8,"fields":[
// CHECK-SAME: {"kind":"struct","name":"in","offset":0,"size":4,"type":"struct inner"},
// CHECK-SAME: {"kind":"array","name":"in2","offset":4,"size":8,"type":"struct inner[2]"},
// CHECK-SAME: {"kind":"struct","name":"sm","offset":12,"size":2,"type":"struct (anonymous at nested.c:[[@LINE+8]]:3)"},
// CHECK-SAME: {"kind":"struct","name":"","offset":16,"size":8,"type":"union (anonymous at nested.c:[[@LINE+10]]:3)"}],
// CHECK-SAME: "file":"nested.c","ir_name":"struct.outer","line":[[@LINE+1]],"name":"struct outer","size":24}]\00"
struct outer {
  struct inner {
    int q;
  } in;
  struct inner in2[2];
  struct {
    short s;
  } sm;
  union {
    int ui;
    void *up;
  };
};

struct outer o;
