// Abstraction-violating aliases, rule 1 (docs/type-wrapping.md): the address
// of a field of a wrapped struct that may outlive the call -- stored in a
// global, a static, a field or through a pointer, or turned into an integer --
// pins the struct: a warning at the use with a note at the definition, and a
// "pinned" entry in the type record.  One kept in a local variable or
// returned (the caller holds it) is only "held"; one passed to a call or
// dereferenced at once is neither.
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fplugin-arg-dsu-source-root=%S \
// RUN:   -S -emit-llvm -o %t.ll %s 2> %t.err
// The diagnostics, then the type records (one FileCheck run: the JSON checks
// use the line numbers the diagnostics matched).
// RUN: sed -e 's/\\22/"/g' %t.ll | cat %t.err - | FileCheck %s --check-prefixes=CHECK,JSON
// Without wrapping nothing is analysed.
// RUN: %clang -fplugin=%plugin -fsyntax-only %s 2>&1 | count 0
#include <stdio.h>
#include <stdint.h>
#include <string.h>

struct entry {
  int n;
  char key[16];
};
struct inner {
  int x;
  long y;
};
struct outer {
  int k;
  struct inner in;
};
struct ref {
  char *name;
};

int *last_n;
char *last_key;
struct entry global_entry;

int *by_init = &global_entry.n;
// CHECK: ava-field-escape.c:[[#G:@LINE-1]]:6: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'n' is stored in global variable 'by_init', which outlives the call (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to global variable 'by_init'
// CHECK: ava-field-escape.c:19:8: note: 'struct entry' is defined here

void to_global(struct entry *e)
{
  last_n = &e->n;
  // CHECK: ava-field-escape.c:[[#TG:@LINE-1]]:10: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'n' is stored in global variable 'last_n', which outlives the call (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to global variable 'last_n'
}

void to_static(struct entry *e)
{
  static char *seen;
  seen = e->key;
  // CHECK: ava-field-escape.c:[[#TS:@LINE-1]]:8: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'key' is stored in static variable 'seen', which outlives the call (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to static variable 'seen'
}

void to_field(struct ref *r, struct entry *e)
{
  r->name = e->key + 1;
  // CHECK: ava-field-escape.c:[[#TF:@LINE-1]]:11: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'key' is stored in field 'name' of 'struct ref', which may outlive the call (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to field 'name' of 'struct ref'
}

struct ref global_ref;
void to_global_struct(struct entry *e)
{
  global_ref = (struct ref){e->key};
  // CHECK: ava-field-escape.c:[[#TGS:@LINE-1]]:14: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'key' is stored in global variable 'global_ref', which outlives the call (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to global variable 'global_ref'
}

void through_pointer(int **out, struct entry *e)
{
  *out = &e->n;
  // CHECK: ava-field-escape.c:[[#TP:@LINE-1]]:8: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'n' is stored in memory reached through a pointer, which may outlive the call (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'through_pointer'
}

uintptr_t to_integer(struct entry *e)
{
  return (uintptr_t)&e->n;
  // CHECK: ava-field-escape.c:[[#TI:@LINE-1]]:10: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'n' is converted to an integer (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to function 'to_integer'
}

// A local that holds a field address carries it: held where it is set,
// pinned where it is stored.
void via_local(struct entry *e)
{
  char *p;
  p = e->key;
  last_key = p;
  // CHECK: ava-field-escape.c:[[#VL:@LINE-1]]:12: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'key' is stored in global variable 'last_key', which outlives the call (ava-field-escape.c:[[#@LINE-1]]); if this alias never lives across an update point, add __attribute__((annotate("dsu_alias_ok"))) to global variable 'last_key'
}

// A nested field pins both structs; the path names it in the outer one.
void nested(struct outer *o)
{
  last_n = &o->in.x;
  // CHECK: ava-field-escape.c:[[#N:@LINE-1]]:10: warning: dsu: 'struct inner' cannot change layout later: the address of its field 'x' is stored in global variable 'last_n', which outlives the call (ava-field-escape.c:[[#@LINE-1]]);
  // CHECK: ava-field-escape.c:[[#N]]:10: warning: dsu: 'struct outer' cannot change layout later: the address of its field 'in.x' is stored in global variable 'last_n', which outlives the call (ava-field-escape.c:[[#N]]);
}

// Returned: held by the caller, not pinned.  A caller in this TU that
// stores the result is seen.
char *key_of(struct entry *e)
{
  return e->key;
}

void keeps_result(struct entry *e)
{
  last_key = key_of(e);
  // CHECK: ava-field-escape.c:[[#KR:@LINE-1]]:12: warning: dsu: 'struct entry' cannot change layout later: the address of its field 'key' is stored in global variable 'last_key', which outlives the call (ava-field-escape.c:[[#@LINE-1]]);
}

// None of these outlives the call.
int helper(int *p);
int fine(struct entry *e, const char *k)
{
  strcpy(e->key, k);
  memcpy(e->key, k, 2);
  if (sscanf(k, "%d", &e->n) != 1)
    return -1;
  int *p = &e->n;
  *p = 1;
  char *q = e->key;
  q[0] = 'x';
  printf("%s\n", key_of(e));
  // offsetof spelled by hand is a constant, no object's address.
  return helper(&e->n) + (int)(uintptr_t)&((struct entry *)0)->key;
}

// CHECK-NOT: warning:
// CHECK: 11 warnings generated.

// JSON: @__dsu_ast_types
// JSON-SAME: {"align":8,"field_aliases_held":[{"field":"key","file":"ava-field-escape.c","function":"via_local","line":[[#VL-1]]},{"field":"key","file":"ava-field-escape.c","function":"key_of","line":[[#KR-5]]},{"field":"n","file":"ava-field-escape.c","function":"fine","line":[[#KR+12]]},{"field":"key","file":"ava-field-escape.c","function":"fine","line":[[#KR+14]]}],"fields":
// JSON-SAME: "name":"struct entry","pinned":[{"file":"ava-field-escape.c","line":[[#G]],"why":"the address of its field 'n' is stored in global variable 'by_init', which outlives the call"},{"file":"ava-field-escape.c","line":[[#TG]],"why":"the address of its field 'n' is stored in global variable 'last_n', which outlives the call"},{"file":"ava-field-escape.c","line":[[#TS]],"why":"the address of its field 'key' is stored in static variable 'seen', which outlives the call"},{"file":"ava-field-escape.c","line":[[#TF]],"why":"the address of its field 'key' is stored in field 'name' of 'struct ref', which may outlive the call"},{"file":"ava-field-escape.c","line":[[#TGS]],"why":"the address of its field 'key' is stored in global variable 'global_ref', which outlives the call"},{"file":"ava-field-escape.c","line":[[#TP]],"why":"the address of its field 'n' is stored in memory reached through a pointer, which may outlive the call"},{"file":"ava-field-escape.c","line":[[#TI]],"why":"the address of its field 'n' is converted to an integer"},{"file":"ava-field-escape.c","line":[[#VL]],"why":"the address of its field 'key' is stored in global variable 'last_key', which outlives the call"},{"file":"ava-field-escape.c","line":[[#KR]],"why":"the address of its field 'key' is stored in global variable 'last_key', which outlives the call"}],"size"
// JSON-SAME: "name":"struct inner","pinned":[{"file":"ava-field-escape.c","line":[[#N]],"why":"the address of its field 'x' is stored in global variable 'last_n', which outlives the call"}],"size"
// JSON-SAME: "name":"struct outer","pinned":[{"file":"ava-field-escape.c","line":[[#N]],"why":"the address of its field 'in.x' is stored in global variable 'last_n', which outlives the call"}],"size"
// A struct whose fields never escape has neither key.
// JSON-SAME: "fields":[{"kind":"pointer","name":"name","offset":8,"size":8,"type":"char *"}],"file":"ava-field-escape.c","ir_name":"struct.ref","layout_id":"{{[0-9a-f]+}}","line":31,"name":"struct ref","size":24,
