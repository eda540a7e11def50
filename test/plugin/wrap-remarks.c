// -fplugin-arg-dsu-wrap-remarks: a warning for each struct of the program
// that is not wrapped, with the reason; none for wrapped structs, none for
// system headers, and none at all without the argument.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-wrap-remarks -isystem %S/Inputs/sys \
// RUN:   -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -isystem %S/Inputs/sys -fsyntax-only %s 2>&1 | count 0
#include <sys_types.h>

// CHECK-NOT: sys_thing
struct wrapped_one { int a; };
// CHECK-NOT: wrapped_one
struct __attribute__((annotate("dsu_nowrap"))) kept { int a; };
// CHECK: wrap-remarks.c:[[@LINE-1]]:48: warning: dsu: 'struct kept' is not wrapped: annotated dsu_nowrap
struct __attribute__((packed)) wire { char c; int i; };
// CHECK: wrap-remarks.c:[[@LINE-1]]:32: warning: dsu: 'struct wire' is not wrapped: packed: its layout is a format
union u { int i; float f; };
// CHECK: wrap-remarks.c:[[@LINE-1]]:7: warning: dsu: 'union u' is not wrapped: not a struct (unions are never wrapped)
struct { int q; } loose;
// CHECK: wrap-remarks.c:[[@LINE-1]]:1: warning: dsu: 'anonymous struct' is not wrapped: anonymous struct without a typedef name: no name to update it by
typedef struct { int a; } Pair, PairArray[sizeof(int)];
// CHECK: wrap-remarks.c:[[@LINE-1]]:9: warning: dsu: 'Pair' is not wrapped: its typedef declares other names that may already use its size (declare the typedef on its own)
typedef struct { int a; } Named, *NamedPtr;
// CHECK-NOT: Named
struct __attribute__((aligned(8))) al { int a; };
// CHECK: wrap-remarks.c:[[@LINE-1]]:36: warning: dsu: 'struct al' is not wrapped: has an explicit alignment attribute: its size is chosen by hand
struct dsu__point_like { int a; };
// CHECK: wrap-remarks.c:[[@LINE-1]]:8: warning: dsu: 'struct dsu__point_like' is not wrapped: belongs to the dsu runtime's interface
void f(void)
{
  typedef struct { int l; } Local;
  // CHECK: wrap-remarks.c:[[@LINE-1]]:11: warning: dsu: 'anonymous struct' is not wrapped: anonymous struct inside a function or another struct: no name to update it by
  Local x = {1};
  (void)x;
}
// CHECK: 8 warnings generated.
