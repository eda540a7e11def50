// Structs of system headers are not recorded (their layout is fixed from
// outside); those of project headers are, under a name relative to the
// source root -- or as given when they lie outside it.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-source-root=%S -isystem %S/Inputs/sys -I %S/Inputs \
// RUN:   -S -emit-llvm -o - %s | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s
// RUN: cd %S/Inputs && %clang -fplugin=%plugin -isystem sys -I . -S -emit-llvm -o - ../system-header.c \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck --check-prefix=OUTSIDE %s
// RUN: cd %S && env DSU_SOURCE_ROOT=%S/Inputs %clang -fplugin=%plugin -isystem Inputs/sys -I Inputs \
// RUN:   -S -emit-llvm -o - system-header.c \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck --check-prefix=ENV %s
#include <sys_types.h>
#include "user.h"

// CHECK: @__dsu_ast_types =
// CHECK-NEXT: {"align":4,"fields":[{"kind":"int","name":"id","offset":0,"size":4,"type":"int"},{"kind":"char_array","name":"name","offset":4,"size":12,"type":"char[12]"}],"file":"Inputs/user.h","ir_name":"struct.user_rec","line":2,"name":"struct user_rec","size":16},
// CHECK-NEXT: {"align":8,"fields":[{"kind":"struct","name":"t","offset":0,"size":16,"type":"struct sys_thing"},{"kind":"struct","name":"u","offset":16,"size":16,"type":"struct user_rec"}],"file":"system-header.c","ir_name":"struct.mine","line":[[@LINE+8]],"name":"struct mine","size":32}]\00"
// CHECK-NOT: sys_thing",

// OUTSIDE: {{.*}}"file":"user.h",{{.*}}"name":"struct user_rec"
// OUTSIDE: "file":"../system-header.c",{{.*}}"name":"struct mine"

// ENV: {{.*}}"file":"user.h",{{.*}}"name":"struct user_rec"
// ENV: "file":"system-header.c",{{.*}}"name":"struct mine"
struct mine {
  struct sys_thing t;
  struct user_rec u;
};

struct mine m;
