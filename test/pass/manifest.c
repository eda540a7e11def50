// The dsu_tu record: magic, lengths, the TU manifest of docs/manifest.md
// section 2, the pre-instrumentation bitcode, zero padding to 8 bytes; the
// section survives --gc-sections.
// RUN: rm -rf %t && mkdir -p %t/src
// RUN: cp %s %t/src/manifest.c
// RUN: cd %t && %clang -c -g -O1 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include src/manifest.c -o %t/m.o
// RUN: sh %S/Inputs/dsu-record.sh %t/m.o %t/m.bc | FileCheck %s
// RUN: llvm-dis %t/m.bc -o - | FileCheck %s --check-prefix=BITCODE
// RUN: readelf -S -W %t/m.o | FileCheck %s --check-prefix=SECTION
// RUN: %clang -O1 -Wl,--gc-sections -ffunction-sections %t/m.o %S/Inputs/rt-stub.c -o %t/m.exe
// RUN: readelf -S -W %t/m.exe | FileCheck %s --check-prefix=LINKED
// RUN: %t/m.exe
// The TU id is relative to the source root (the working directory here):
// RUN: cd %t/src && %clang -c -O0 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include manifest.c -o %t/m2.o
// RUN: sh %S/Inputs/dsu-record.sh %t/m2.o | FileCheck %s --check-prefix=ROOT
// RUN: cd %t && %clang -c -O0 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-source-root=%t/src \
// RUN:   %t/src/manifest.c -o %t/m3.o
// RUN: sh %S/Inputs/dsu-record.sh %t/m3.o | FileCheck %s --check-prefix=ROOT
// RUN: cd %t && %clang -c -O0 -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -mllvm -dsu-source-root=%t/src \
// RUN:   src/manifest.c -o %t/m4.o
// RUN: sh %S/Inputs/dsu-record.sh %t/m4.o | FileCheck %s --check-prefix=ROOT
#include <dsu.h>

struct kv {
  char key[8];
  long value;
};

static struct kv store[4] = {{"a", 1}};
const int limit = 4;
int hits;

static int find(const char *k) {
  for (int i = 0; i < limit; i++)
    if (store[i].key[0] == k[0])
      return i;
  return -1;
}

static int twice(int v) { return 2 * v; }

int lookup(const char *k) {
  hits++;
  int i = find(k);
  return i < 0 ? 0 : twice((int)store[i].value);
}

int main(void) {
  int s = 0;
  for (int i = 0; i < 3; i++) {
    s += lookup("a");
    dsu_update();
  }
  return s == 6 ? 0 : 1;
}

// CHECK: RECORD manifest_len={{[1-9][0-9]*}} bitcode_len={{[1-9][0-9]*}} pad={{[0-7]}}
// CHECK-NEXT: {"format":1,"tu":"src/manifest.c","tu_hash":"[[TUH:[0-9a-f]+]]","opt_level":1,"size_level":0,"functions":[
// CHECK-DAG: {"id":"src/manifest.c:find","sym":"__dsu_s.[[TUH]].find","ir_name":"find","static":true,"hash":"{{[0-9a-f]+}}","type":"i32 (ptr)","varargs":false,"slot":"__dsu_slot.__dsu_s.[[TUH]].find","entry":null,"direct_callees":[],"slot_callees":[],"globals_used":["src/manifest.c:store"],"update_points":0,"file":"src/manifest.c","line":33,"restrict":{"functions":[],"globals":[],"types":[]}},
// CHECK-DAG: {"id":"src/manifest.c:twice","sym":"__dsu_s.[[TUH]].twice","ir_name":"twice","static":true,"hash":"{{[0-9a-f]+}}","type":"i32 (i32)",{{.*}}"direct_callees":[],"slot_callees":[],"globals_used":[],"update_points":0,"file":"src/manifest.c","line":40,"restrict":{"functions":[],"globals":[],"types":[]}},
// CHECK-DAG: {"id":"lookup","sym":"lookup","ir_name":"lookup","static":false,"hash":"{{[0-9a-f]+}}","type":"i32 (ptr)","varargs":false,"slot":"__dsu_slot.lookup","entry":null,"direct_callees":["src/manifest.c:twice"],"slot_callees":["src/manifest.c:find"],"globals_used":["hits","src/manifest.c:store"],"update_points":0,"file":"src/manifest.c","line":42,"restrict":{"functions":[],"globals":["src/manifest.c:store"],"types":[]}},
// CHECK-DAG: {"id":"main","sym":"main","ir_name":"main","static":false,"hash":"{{[0-9a-f]+}}","type":"i32 ()","varargs":false,"slot":"__dsu_slot.main","entry":null,"direct_callees":[],"slot_callees":["lookup"],"globals_used":[],"update_points":1,"file":"src/manifest.c","line":48,"restrict":{"functions":["lookup"],"globals":[],"types":[]}}{{[],]}}
// CHECK-DAG: {"id":"src/manifest.c:store","sym":"__dsu_s.[[TUH]].store","ir_name":"store","static":true,"type":"[4 x %struct.kv]","size":64,"constant":false,"init_hash":"{{[0-9a-f][0-9a-f]+}}"}
// CHECK-DAG: {"id":"limit","sym":"limit","ir_name":"limit","static":false,"type":"i32","size":4,"constant":true,"init_hash":"{{[0-9a-f][0-9a-f]+}}"}
// CHECK-DAG: {"id":"hits","sym":"hits","ir_name":"hits","static":false,"type":"i32","size":4,"constant":false,"init_hash":"0"}
// CHECK-DAG: "types":[],"ir_types":{"struct.kv":"{ [8 x i8], i64 }"},"update_points":[
// CHECK-DAG: {"index":0,"function":"main","file":"src/manifest.c","line":52,"restrict":{"functions":["lookup"],"globals":[],"types":[]}}]}
// CHECK-NOT: __dsu_entry
// CHECK-NOT: "llvm.

// The embedded bitcode is the TU before dsu changed it.
// BITCODE: source_filename = "src/manifest.c"
// BITCODE: @store = internal global
// BITCODE-NOT: __dsu
// BITCODE-DAG: define internal i32 @find(
// BITCODE-DAG: call i32 @find(
// BITCODE-DAG: call i32 @dsu_update()

// SECTION: dsu_tu PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} {{[0-9a-f]+}} 00 AR 0 0 8
// LINKED: dsu_tu PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} {{[0-9a-f]+}} 00 A{{[Ro]?}} 0 0 8

// ROOT: "tu":"manifest.c"
