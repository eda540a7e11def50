// Bit-fields carry their bit offset from the start of the record and their
// width; "offset" is the byte holding the first bit, "size" that of the
// declared type.  Unnamed bit-fields are listed with an empty name.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-source-root=%S -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' -e 's/},{/},\n{/g' | FileCheck %s

// CHECK: @__dsu_ast_types =
// CHECK-NEXT: {"align":4,"fields":[{"bit_offset":0,"bit_width":3,"kind":"uint","name":"a","offset":0,"size":4,"type":"unsigned int"},
// CHECK-NEXT: {"bit_offset":3,"bit_width":5,"kind":"uint","name":"b","offset":0,"size":4,"type":"unsigned int"},
// CHECK-NEXT: {"bit_offset":32,"bit_width":0,"kind":"int","name":"","offset":4,"size":4,"type":"int"},
// CHECK-NEXT: {"bit_offset":32,"bit_width":9,"kind":"uint","name":"c","offset":4,"size":4,"type":"unsigned int"},
// CHECK-NEXT: {"bit_offset":41,"bit_width":3,"kind":"int","name":"","offset":5,"size":4,"type":"int"},
// CHECK-NEXT: {"kind":"int","name":"d","offset":6,"size":1,"type":"char"}],"file":"bitfields.c","ir_name":"struct.flags","line":[[@LINE+1]],"name":"struct flags","size":8}]\00"
struct flags {
  unsigned a : 3, b : 5;
  int : 0;
  unsigned c : 9;
  int : 3;
  char d;
};

struct flags f;
