// Updateability summaries with type wrapping: a wrapped type's field access
// after a call is a use of the type; one before the first call is not; a
// use the IR does not show (offsetof) may be anywhere.  A field alias (a
// pointer into a wrapped object's field, not the object) that is held - in a
// local, passed to a call, merged in a phi or select - puts the type into
// the function's summary; one that is returned is held by the callers
// ("returns_field_alias", which the runtime adds to their summaries); one
// that may outlive the function (stored to non-local memory, converted to an
// integer, in a global's initialiser) pins the type ("pinned_types").
// RUN: %clang -c -g -O1 -fplugin=%plugin -fplugin-arg-dsu-wrap -fpass-plugin=%pass -fplugin=%pass \
// RUN:   -I%dsu-include -mllvm -dsu-tu-id=rw.c %s -o %t.o
// RUN: sh %S/Inputs/dsu-record.sh %t.o | FileCheck %s
// Without wrapping no type counts and nothing is pinned.
// RUN: %clang -c -g -O1 -fplugin=%plugin -fpass-plugin=%pass -fplugin=%pass \
// RUN:   -I%dsu-include -mllvm -dsu-tu-id=rw.c %s -o %t.plain.o
// RUN: sh %S/Inputs/dsu-record.sh %t.plain.o | FileCheck %s --check-prefix=PLAIN
#include <dsu.h>
#include <stddef.h>
#include <string.h>

struct conn {
  int fd;
  char name[8];
  long hits;
};
struct peer {
  int port;
};
struct holder {
  int n;
  struct conn c;
};

int work(int);
void take(int *);
int *saved;
struct conn gconn;
struct holder ghold;
struct conn *whole = &gconn; // the object itself: no alias

// CHECK-DAG: {"id":"before",{{.*}}"types_used":["struct conn"],{{.*}}"restrict":{"functions":["work"],"globals":[],"types":[]}}
int before(struct conn *c) {
  c->fd = 1;
  return work(0) + work(1);
}

// CHECK-DAG: {"id":"after",{{.*}}"types_used":["struct conn","struct peer"],{{.*}}"restrict":{"functions":[],"globals":[],"types":["struct conn"]}}
long after(struct conn *c, struct peer *p) {
  p->port = 80;
  work(0);
  return c->hits;
}

// offsetof leaves no trace in the IR: the plugin's view counts everywhere.
// CHECK-DAG: {"id":"offset",{{.*}}"restrict":{"functions":[],"globals":[],"types":["struct conn"]}}
size_t offset(void) {
  work(0);
  return offsetof(struct conn, hits);
}

// The loop holding the update point reads gconn's fields.
// CHECK-DAG: {"id":"serve",{{.*}}"restrict":{"functions":["work"],"globals":["gconn"],"types":["struct conn"]}}
int serve(void) {
  int s = 0;
  for (;;) {
    // CHECK-DAG: {"index":0,"function":"serve",{{.*}}"restrict":{"functions":["work"],"globals":["gconn"],"types":["struct conn"]}}
    dsu_update();
    s += work(gconn.fd);
  }
}

// Field aliases held across a call: the type counts although no field is
// accessed after the call.
// CHECK-DAG: {"id":"held_local",{{.*}}"restrict":{"functions":["work"],"globals":[],"types":["struct conn"]}}
int held_local(struct conn *c) {
  int *p = &c->fd;
  work(0);
  return work(*p);
}
// CHECK-DAG: {"id":"held_arg",{{.*}}"restrict":{"functions":["take"],"globals":[],"types":["struct conn"]}}
void held_arg(struct conn *c) { strcpy(c->name, "x"); take(&c->fd); }
// CHECK-DAG: {"id":"held_select",{{.*}}"restrict":{"functions":["work"],"globals":[],"types":["struct conn"]}}
int held_select(struct conn *c, struct conn *d, int k) {
  int *p = k ? &c->fd : &d->fd;
  return work(*p) + work(0);
}
// Direct field accesses before the first call, and a pointer to a whole
// object, are no aliases.
// CHECK-DAG: {"id":"no_alias",{{.*}}"restrict":{"functions":[],"globals":[],"types":[]}}
int no_alias(struct conn *c, struct conn **out) {
  c->name[2] = 'x';
  *out = c;
  return work(c->fd);
}

// Aliases that may outlive the function.
// CHECK-DAG: {"id":"pin_store",{{.*}}"line":[[#STORE:]],"restrict":{"functions":[],"globals":[],"types":[]}}
void pin_store(struct conn *c) { saved = &c->fd; }
// Returned: its callers hold it, no pin.
// CHECK-DAG: {"id":"ret_alias",{{.*}}"types_used":["struct conn"],"returns_field_alias":["struct conn"],
int *ret_alias(struct conn *c) { return &c->fd; }
// CHECK-DAG: {"id":"pin_int",{{.*}}"line":[[#INT:]],
long pin_int(struct conn *c) { return (long)&c->hits; }
// CHECK-DAG: {"id":"ret_nested",{{.*}}"returns_field_alias":["struct conn","struct holder"],
long *ret_nested(void) { return &ghold.c.hits; }
// CHECK-DAG: {"id":"pin_global_int",{{.*}}"line":[[#GINT:]],
long pin_global_int(void) { return (long)&gconn.name; }
int *init_alias = &gconn.fd;
// Pointer differences keep no address.
long diff(struct conn *c, char *p) { return p - c->name; }
long gdiff(char *p) { return p - gconn.name; }

// Sorted by type, then reason.
// CHECK: "pinned_types":[
// CHECK-NEXT: {"type":"struct conn","why":"address of field 'fd' stored in the initialiser of init_alias at {{.*}}restrict-wrap.c:[[#@LINE-7]]"},
// CHECK-NEXT: {"type":"struct conn","why":"address of field 'fd' stored to memory at {{.*}}restrict-wrap.c:[[#STORE]]"},
// CHECK-NEXT: {"type":"struct conn","why":"address of field 'hits' converted to an integer at {{.*}}restrict-wrap.c:[[#INT]]"},
// CHECK-NEXT: {"type":"struct conn","why":"address of field 'name' converted to an integer at {{.*}}restrict-wrap.c:[[#GINT]]"}]}

// PLAIN-DAG: {"id":"after",{{.*}}"restrict":{"functions":[],"globals":[],"types":[]}}
// PLAIN-DAG: {"id":"serve",{{.*}}"restrict":{"functions":["work"],"globals":["gconn"],"types":[]}}
// PLAIN-NOT: pinned_types
// PLAIN-NOT: returns_field_alias
