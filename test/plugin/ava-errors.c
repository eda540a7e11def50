// -fplugin-arg-dsu-ava-errors turns the alias analysis's warnings into errors
// (the compile fails); without it they are warnings; without wrapping the
// argument changes nothing.
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-ava-errors \
// RUN:   -fplugin-arg-dsu-source-root=%S -fsyntax-only %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ERR
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-ava-errors -fsyntax-only %s 2>&1 | count 0
struct conn {
  int fd;
};

int *last;
void keep(struct conn *c) { last = &c->fd; }
// ERR: ava-errors.c:[[@LINE-1]]:34: error: dsu: 'struct conn' cannot change layout later: the address of its field 'fd' is stored in global variable 'last', which outlives the call (ava-errors.c:[[@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to global variable 'last'
// ERR: ava-errors.c:9:8: note: 'struct conn' is defined here
// ERR: 1 error generated.
// WARN: ava-errors.c:14:34: warning: dsu: 'struct conn' cannot change layout later: the address of its field 'fd' is stored in global variable 'last'
// WARN: 1 warning generated.
