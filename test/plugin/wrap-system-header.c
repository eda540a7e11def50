// With wrapping on, a struct of a system header keeps its layout (and is not
// recorded), while a project header's struct and a struct embedding both are
// wrapped.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -isystem %S/Inputs/sys -I %S/Inputs -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s
#include <sys_types.h>
#include "user.h"

// CHECK-DAG: %struct.sys_thing = type { i32, i64 }
// CHECK-DAG: %struct.user_rec = type { i32, i32, [12 x i8], i32, i64, i32 }
// CHECK-DAG: %struct.mine = type { i32, %struct.sys_thing, %struct.user_rec, i64, i64, i64, i64, i64, i64, i64 }
// CHECK-NOT: \22name\22:\22struct sys_thing\22
struct mine {
  struct sys_thing t;
  struct user_rec u;
};

struct mine m;
struct sys_thing st;
