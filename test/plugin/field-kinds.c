// Every field record has a "kind" (wrap contract), wrapped or not: enums by
// their underlying type, _Bool "uint", arrays of char/signed char/unsigned
// char "char_array", other arrays (also char[2][3]) "array", structs and
// unions by value "struct", function pointers "pointer".
// RUN: %clang -fplugin=%plugin -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' -e 's/},{/},\n{/g' | FileCheck %s
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o - %s \
// RUN:   | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' -e 's/},{/},\n{/g' | FileCheck %s

enum color { RED, GREEN };
enum delta { DOWN = -1, UP = 1 };
union u { int ui; float uf; };
struct in { int a; };

// CHECK: {"align":{{[0-9]+}},"fields":[{"kind":"int","name":"i","offset":{{[0-9]+}},"size":4,"type":"int"},
// CHECK-NEXT: {"kind":"uint","name":"u","offset":{{[0-9]+}},"size":4,"type":"unsigned int"},
// CHECK-NEXT: {"kind":"int","name":"c","offset":{{[0-9]+}},"size":1,"type":"char"},
// CHECK-NEXT: {"kind":"uint","name":"uc","offset":{{[0-9]+}},"size":1,"type":"unsigned char"},
// CHECK-NEXT: {"kind":"uint","name":"b","offset":{{[0-9]+}},"size":1,"type":"_Bool"},
// CHECK-NEXT: {"kind":"uint","name":"e","offset":{{[0-9]+}},"size":4,"type":"enum color"},
// CHECK-NEXT: {"kind":"int","name":"d","offset":{{[0-9]+}},"size":4,"type":"enum delta"},
// CHECK-NEXT: {"bit_offset":{{[0-9]+}},"bit_width":3,"kind":"uint","name":"bits","offset":{{[0-9]+}},"size":4,"type":"unsigned int"},
// CHECK-NEXT: {"kind":"int","name":"ll","offset":{{[0-9]+}},"size":8,"type":"long long"},
// CHECK-NEXT: {"kind":"float","name":"f","offset":{{[0-9]+}},"size":4,"type":"float"},
// CHECK-NEXT: {"kind":"float","name":"ld","offset":{{[0-9]+}},"size":16,"type":"long double"},
// CHECK-NEXT: {"kind":"char_array","name":"s","offset":{{[0-9]+}},"size":4,"type":"char[4]"},
// CHECK-NEXT: {"kind":"char_array","name":"us","offset":{{[0-9]+}},"size":3,"type":"unsigned char[3]"},
// CHECK-NEXT: {"kind":"char_array","name":"ss","offset":{{[0-9]+}},"size":2,"type":"signed char[2]"},
// CHECK-NEXT: {"kind":"array","name":"grid","offset":{{[0-9]+}},"size":6,"type":"char[2][3]"},
// CHECK-NEXT: {"kind":"array","name":"ints","offset":{{[0-9]+}},"size":12,"type":"int[3]"},
// CHECK-NEXT: {"kind":"pointer","name":"p","offset":{{[0-9]+}},"size":8,"type":"char *"},
// CHECK-NEXT: {"kind":"pointer","name":"fn","offset":{{[0-9]+}},"size":8,"type":"int (*)(int)"},
// CHECK-NEXT: {"kind":"struct","name":"nested","offset":{{[0-9]+}},"size":{{[0-9]+}},"type":"struct in"},
// CHECK-NEXT: {"kind":"struct","name":"un","offset":{{[0-9]+}},"size":4,"type":"union u"},
// CHECK-NEXT: {"kind":"other","name":"z","offset":{{[0-9]+}},"size":16,"type":"_Complex double"}],{{.*}}"name":"struct all"
struct all {
  int i;
  unsigned u;
  char c;
  unsigned char uc;
  _Bool b;
  enum color e;
  enum delta d;
  unsigned bits : 3;
  long long ll;
  float f;
  long double ld;
  char s[4];
  unsigned char us[3];
  signed char ss[2];
  char grid[2][3];
  int ints[3];
  char *p;
  int (*fn)(int);
  struct in nested;
  union u un;
  _Complex double z;
};
struct all g;
