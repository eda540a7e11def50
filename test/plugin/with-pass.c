// End to end with dsu's pass: the plugin's layouts end up in the TU manifest
// ("types", next to the pass's "ir_types") and __dsu_ast_types is gone.
// RUN: %clang -O2 -fplugin=%plugin -fplugin=%pass -fpass-plugin=%pass -mllvm -dsu-source-root=%S \
// RUN:   -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s | sed -e 's/\\22/"/g' | FileCheck %s

// CHECK-NOT: __dsu_ast_types
// CHECK: @__dsu_tu.{{[0-9a-f]+}} = private constant {{.*}}"tu":"with-pass.c"
// CHECK-SAME: "types":[{"align":2,"fields":[{"kind":"int","name":"x","offset":0,"size":2,"type":"short"},{"kind":"int","name":"y","offset":2,"size":2,"type":"short"}],"file":"with-pass.c","ir_name":"struct.pair","line":[[@LINE+3]],"name":"struct pair","size":4},{"align":4,"fields":[{"kind":"int","name":"a","offset":0,"size":4,"type":"int"},{"kind":"array","name":"b","offset":4,"size":8,"type":"struct pair[2]"}],"file":"with-pass.c","ir_name":"struct.holder","line":[[@LINE+6]],"name":"struct holder","size":12}],
// CHECK-SAME: "ir_types":{"struct.holder":"{ i32, [2 x %struct.pair] }"
// CHECK-NOT: __dsu_ast_types
struct pair {
  short x, y;
};
struct holder {
  int a;
  struct pair b[2];
};

struct holder h;
