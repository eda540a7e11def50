// -fplugin-arg-dsu-off disables the plugin; an unknown argument is an error
// naming it; -g does not describe the global (the pass erases it); a TU that
// defines no struct still gets an empty array; an erroneous TU gets nothing.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-off -S -emit-llvm -o - %s | FileCheck --check-prefix=OFF %s
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-bogus -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck --check-prefix=BAD %s
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-slop=lots -S -emit-llvm -o /dev/null %s 2>&1 \
// RUN:   | FileCheck --check-prefix=BADSLOP %s
// RUN: echo 'struct __attribute__((annotate("dsu_slop=x"))) t { int a; };' > %t.slop.c
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o /dev/null %t.slop.c 2>&1 \
// RUN:   | FileCheck --check-prefix=BADANNOT %s
// RUN: echo 'struct __attribute__((annotate("dsu_wrap"), annotate("dsu_nowrap"))) both { int a; };' > %t.both.c
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fsyntax-only %t.both.c 2>&1 | FileCheck --check-prefix=BOTH %s
// RUN: %clang -g -O2 -fplugin=%plugin -S -emit-llvm -o - %s | FileCheck --check-prefix=DEBUG %s
// RUN: echo 'int x;' > %t.empty.c
// RUN: %clang -fplugin=%plugin -S -emit-llvm -o - %t.empty.c | FileCheck --check-prefix=EMPTY %s
// RUN: echo 'struct s { int a; }; int x = ;' > %t.bad.c
// RUN: not %clang -fplugin=%plugin -S -emit-llvm -o - %t.bad.c 2>&1 | FileCheck --check-prefix=ERR %s

// OFF-NOT: __dsu_ast_types
// OFF: @g = {{.*}}global

// BAD: error: dsu-plugin: unknown argument 'bogus' (known: off, source-root=DIR, wrap, wrap-remarks, slop=PERCENT, base=FILE, ava-errors)
// BADSLOP: error: dsu-plugin: slop=lots: not a percentage
// BADANNOT: slop.c:1:48: error: dsu: annotation 'dsu_slop=x' on 'struct t': the slop must be a number of bytes

// BOTH: both.c:1:70: error: dsu: 'struct both' is annotated both dsu_wrap and dsu_nowrap

// DEBUG: @__dsu_ast_types = internal constant {{.*}}struct opt{{.*}}, align
// DEBUG-NOT: name: "__dsu_ast_types"
// DEBUG: !DIGlobalVariable(name: "g"

// EMPTY: @__dsu_ast_types = internal constant [3 x i8] c"[]\00"

// ERR: error: expected expression
// ERR-NOT: __dsu_ast_types
struct opt { int a; };
struct opt g;
