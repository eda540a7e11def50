// Abstraction-violating aliases, rule 4 (docs/type-wrapping.md): a void *
// field, parameter, variable or function result that receives a pointer to
// one struct and is converted to a pointer to a struct, with two different
// structs among them, pins the wrapped ones.  The same program holding only
// struct conn in each (no -DMIXED) draws nothing; nor does a void * that is
// only stored into (free) or only converted out of (a pool).
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S \
// RUN:   -S -emit-llvm -o %t.only.ll %s 2> %t.only.err
// RUN: count 0 < %t.only.err
// RUN: sed -e 's/\\22/"/g' %t.only.ll | FileCheck %s --check-prefix=ONLY
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S -DMIXED \
// RUN:   -S -emit-llvm -o %t.mixed.ll %s 2> %t.mixed.err
// RUN: sed -e 's/\\22/"/g' %t.mixed.ll | cat %t.mixed.err - | FileCheck %s --check-prefix=MIXED
#include <stdlib.h>

struct conn {
  int fd;
};
struct timer {
  long when;
};
struct box {
  void *item;
};

// A field.
void put_conn(struct box *b, struct conn *c) { b->item = c; }
#ifdef MIXED
void put_timer(struct box *b, struct timer *t) { b->item = t; }
#endif
struct conn *get_conn(struct box *b) { return b->item; }
// MIXED-DAG: ava-void-launder.c:27:58: warning: dsu: 'struct conn' cannot change layout later: 'void *' field 'item' of 'struct box' holds both 'struct conn *' and 'struct timer *' (the other at ava-void-launder.c:29), so one may be read as the other (ava-void-launder.c:27); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to field 'item' of 'struct box'
// MIXED-DAG: ava-void-launder.c:29:60: warning: dsu: 'struct timer' cannot change layout later: 'void *' field 'item' of 'struct box' holds both 'struct timer *' and 'struct conn *' (the other at ava-void-launder.c:31), so one may be read as the other (ava-void-launder.c:29); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to field 'item' of 'struct box'
// MIXED-DAG: ava-void-launder.c:31:47: warning: dsu: 'struct conn' cannot change layout later: 'void *' field 'item' of 'struct box' holds both 'struct conn *' and 'struct timer *' (the other at ava-void-launder.c:29), so one may be read as the other (ava-void-launder.c:31); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to field 'item' of 'struct box'
// MIXED-DAG: ava-void-launder.c:16:8: note: 'struct conn' is defined here
// MIXED-DAG: ava-void-launder.c:19:8: note: 'struct timer' is defined here

// A parameter: the callers in this TU are what it receives.
static int fd_of(void *arg)
{
  struct conn *c = arg;
  return c->fd;
}
int use(struct conn *c, struct timer *t)
{
  (void)t;
  return fd_of(c)
#ifdef MIXED
         + fd_of(t)
#endif
      ;
}
// MIXED-DAG: ava-void-launder.c:41:20: warning: dsu: 'struct conn' cannot change layout later: 'void *' parameter 'arg' of 'fd_of' holds both 'struct conn *' and 'struct timer *' (the other at ava-void-launder.c:49), so one may be read as the other (ava-void-launder.c:41); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to parameter 'arg' of 'fd_of'
// MIXED-DAG: ava-void-launder.c:47:16: warning: dsu: 'struct conn' cannot change layout later: 'void *' parameter 'arg' of 'fd_of'
// MIXED-DAG: ava-void-launder.c:49:18: warning: dsu: 'struct timer' cannot change layout later: 'void *' parameter 'arg' of 'fd_of' holds both 'struct timer *' and 'struct conn *' (the other at ava-void-launder.c:41)

// A variable.
void *current;
void set_current(struct conn *c) { current = c; }
struct conn *current_conn(void) { return current; }
#ifdef MIXED
long current_when(void) { return ((struct timer *)current)->when; }
#endif
// MIXED-DAG: ava-void-launder.c:59:46: warning: dsu: 'struct conn' cannot change layout later: 'void *' global variable 'current' holds both 'struct conn *' and 'struct timer *' (the other at ava-void-launder.c:62)
// MIXED-DAG: ava-void-launder.c:60:42: warning: dsu: 'struct conn' cannot change layout later: 'void *' global variable 'current'
// MIXED-DAG: ava-void-launder.c:62:35: warning: dsu: 'struct timer' cannot change layout later: 'void *' global variable 'current' holds both 'struct timer *' and 'struct conn *'

// A function's result.
void *opaque(struct conn *c) { return c; }
#ifdef MIXED
struct timer *confused(struct conn *c) { return opaque(c); }
#endif
// MIXED-DAG: ava-void-launder.c:69:39: warning: dsu: 'struct conn' cannot change layout later: the 'void *' result of 'opaque' holds both 'struct conn *' and 'struct timer *' (the other at ava-void-launder.c:71), so one may be read as the other (ava-void-launder.c:69); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'opaque'
// MIXED-DAG: ava-void-launder.c:71:49: warning: dsu: 'struct timer' cannot change layout later: the 'void *' result of 'opaque' holds both 'struct timer *' and 'struct conn *' (the other at ava-void-launder.c:69)

// Only stored into, or only converted out of, in this TU: not laundering.
void *pool_take(void);
void release(struct conn *c, struct timer *t)
{
  free(c);
  free(t);
}
struct conn *new_conn(void) { return pool_take(); }
struct timer *new_timer(void) { return pool_take(); }

// Initialisers (at the end of the file, lines 114-115): a nested designated
// field, a union member.
// MIXED-DAG: ava-void-launder.c:114:35: warning: dsu: 'struct conn' cannot change layout later: 'void *' field 'item' of 'struct box'
// MIXED-DAG: ava-void-launder.c:114:50: warning: dsu: 'struct timer' cannot change layout later: 'void *' field 'p' of 'union slot' holds both 'struct timer *' and 'struct conn *' (the other at ava-void-launder.c:115)
// MIXED-DAG: ava-void-launder.c:115:10: warning: dsu: 'struct conn' cannot change layout later: 'void *' field 'p' of 'union slot'

// MIXED-NOT: warning:
// MIXED: 14 warnings generated.
// MIXED: @__dsu_ast_types
// MIXED-SAME: "name":"struct conn","pinned":[{"file":"ava-void-launder.c","line":27,"why":"'void *' field 'item' of 'struct box' holds both 'struct conn *' and 'struct timer *' (the other at ava-void-launder.c:29), so one may be read as the other"},{"file":"ava-void-launder.c","line":31,
// MIXED-SAME: "name":"struct timer","pinned":[{"file":"ava-void-launder.c","line":29,"why":"'void *' field 'item' of 'struct box' holds both 'struct timer *' and 'struct conn *' (the other at ava-void-launder.c:31), so one may be read as the other"},{"file":"ava-void-launder.c","line":49,
// MIXED-SAME: "name":"struct box","size"

// ONLY: @__dsu_ast_types
// ONLY-SAME: "name":"struct conn","size"
// ONLY-SAME: "name":"struct timer","size"

union slot {
  void *p;
  long l;
};
struct pair {
  struct box b;
  union slot s;
};
struct conn *from_pair(struct conn *c, struct timer *t)
{
#ifdef MIXED
  struct pair pr = {.b = {.item = c}, .s = {.p = t}};
  return pr.s.p;
#else
  struct pair pr = {.b = {.item = c}, .s = {.p = c}};
  return pr.s.p;
#endif
}
