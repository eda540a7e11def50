// base=FILE (wrap contract, "Fixed wrapped size across versions"): a type
// the base build wrapped keeps its wrapped size and alignment, the slop
// shrinking to make room for new fields; a type the base did not wrap stays
// unwrapped; a type absent from the base follows the default rules.  A
// change that does not fit, a larger alignment, or a type the base wrapped
// that cannot be wrapped now are errors; so is a base file that cannot be
// read or understood.
// RUN: rm -rf %t && mkdir -p %t
// RUN: echo '{"binary":"/old/prog","types":[{"name":"struct conn","size":48,"align":8,"wrapped":true,"user_size":24,"slop":24},{"name":"struct plain","size":4,"align":4,"wrapped":false},{"name":"struct gone","size":16,"align":8,"wrapped":true},{"name":"struct roomy","size":32,"align":16,"wrapped":true}]}' > %t/fit.json
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/fit.json -fplugin-arg-dsu-source-root=%S \
// RUN:   -DV2 -S -emit-llvm -o - %s | sed -e 's/\\22/"/g' -e 's/{"align"/\n{"align"/g' | FileCheck %s --check-prefix=FIT
// The same base, version 1: unchanged sizes.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/fit.json -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=V1
// RUN: echo '{"binary":"/old/prog","types":[{"name":"struct conn","size":24,"align":8,"wrapped":true}]}' > %t/small.json
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/small.json -DV2 -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OUTGROW
// RUN: echo '{"binary":"/old/prog","types":[{"name":"struct conn","size":48,"align":4,"wrapped":true}]}' > %t/align.json
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/align.json -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ALIGN
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/fit.json -DNOWRAP_NOW -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GONE
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/missing.json -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING -DT=%t
// RUN: echo '{"binary":"/old/prog","types":[' > %t/bad.json
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/bad.json -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADJSON -DT=%t
// RUN: echo '{"binary":"/old/prog","types":[{"name":"struct conn","wrapped":true}]}' > %t/nosize.json
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-base=%t/nosize.json -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOSIZE -DT=%t

#ifdef V2
struct conn {
  int fd;
  char name[8];
  long hits;
  int created;
};
#else
struct conn {
  int fd;
  char name[8];
  long hits;
};
#endif
// FIT-DAG: %struct.conn = type { i32, i32, [8 x i8], i64, i32, i32, i64, i64 }
// FIT-DAG: {"align":8,"fields":[{{.*}}{"kind":"int","name":"created","offset":24,"size":4,"type":"int"}],"file":"base.c",{{.*}}"name":"struct conn","size":48,"slop":20,"tag_offset":0,"tag_size":4,"user_size":32,"wrapped":true},
// V1: %struct.conn = type { i32, i32, [8 x i8], i64, i64, i64, i64 }
// OUTGROW: base.c:[[@LINE-16]]:8: error: dsu: 'struct conn' needs 28 bytes but its wrapped size in /old/prog is 24 (room for 20 bytes of fields): the change outgrows the slop; move the new fields to a struct of their own reached through a pointer, or restart from a new base
// ALIGN: base.c:[[@LINE-10]]:8: error: dsu: 'struct conn' needs alignment 8 but its alignment in the base build /old/prog is 4: objects of the running program cannot move (keep the alignment, or restart from a new base)

struct plain {
  int a;
};
// FIT-DAG: %struct.plain = type { i32 }
// FIT-DAG: {"align":4,{{.*}}"name":"struct plain","size":4,"why_not":"not wrapped in the base build /old/prog at base.c:[[@LINE-4]]","wrapped":false},

#ifdef NOWRAP_NOW
struct __attribute__((annotate("dsu_nowrap"))) gone {
#else
struct gone {
#endif
  int a;
};
// GONE: base.c:[[@LINE-6]]:48: error: dsu: 'struct gone' is wrapped in the base build /old/prog (16 bytes), but cannot be wrapped now: annotated dsu_nowrap; objects of the running program could not be converted in place (undo that change, or restart from a new base)
// GONE: 1 error generated.
// FIT-DAG: %struct.gone = type { i32, i32, i64 }

/* The base's alignment (16) is kept although the struct needs only 4. */
struct roomy {
  int a;
};
// FIT-DAG: %struct.roomy = type { i32, i32, i64, i64, i64 }
// FIT-DAG: {"align":16,{{.*}}"name":"struct roomy","size":32,"slop":24,{{.*}}"wrapped":true},

/* Absent from the base: the default rules (alignment 8, slop 100%, at
   least 24 bytes). */
typedef struct {
  short s;
} Tiny;
// FIT-DAG: {"align":8,{{.*}}"name":"Tiny","size":24,"slop":18,{{.*}}"wrapped":true}

// MISSING: error: dsu-plugin: base file '[[T]]/missing.json': cannot read it: No such file or directory
// BADJSON: error: dsu-plugin: base file '[[T]]/bad.json': invalid JSON: {{.+}}
// NOSIZE: error: dsu-plugin: base file '[[T]]/nosize.json': types[0] ('struct conn'): a wrapped type needs a positive "size" that is a multiple of its "align"

struct conn c;
struct plain p;
struct gone gn;
struct roomy r;
Tiny t;
