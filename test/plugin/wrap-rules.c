// Uses that make a wrapped struct unsafe are errors at the use that name the
// struct, the reason and the way out, with a note at the definition (where
// the annotation goes).  annotate("dsu_nowrap") keeps the struct unwrapped
// and the uses legal; annotate("dsu_wrap") wraps it and accepts the uses.
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fsyntax-only -DANNOT=dsu_nowrap %s 2>&1 | count 0
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -S -emit-llvm -o - -DANNOT=dsu_wrap %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FORCED
// Without wrapping the same code is fine.
// RUN: %clang -fplugin=%plugin -fsyntax-only %s 2>&1 | count 0
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef ANNOT
#define STR_(x) #x
#define STR(x) STR_(x)
#define A __attribute__((annotate(STR(ANNOT))))
#else
#define A
#endif

struct A hdr { int kind; int len; };
// CHECK-DAG: wrap-rules.c:[[@LINE-1]]:10: note: 'struct hdr' is defined here
struct A ping { int kind; int len; long stamp; };
// CHECK-DAG: wrap-rules.c:[[@LINE-1]]:10: note: 'struct ping' is defined here
struct A rec { int a; int b; };
struct A cell { int v; };
struct A row { int v; };
struct A frame { char bytes[8]; };
struct A packet { int n; };
union any { struct cell c; long l; };
// CHECK-DAG: wrap-rules.c:[[@LINE-1]]:25: error: dsu: 'struct cell' is wrapped for updating, but it is a member of 'union any', whose other members alias its layout; add __attribute__((annotate("dsu_nowrap"))) to its definition to keep its layout fixed
union rows { struct row r[2]; char raw[16]; };
// CHECK-DAG: wrap-rules.c:[[@LINE-1]]:25: error: dsu: 'struct row' is wrapped for updating, but it is a member of 'union rows'

long stamp_of(struct hdr *h)
{
  return ((struct ping *)h)->stamp;
  // CHECK-DAG: wrap-rules.c:[[@LINE-1]]:11: error: dsu: 'struct hdr' is wrapped for updating, but a cast from 'struct hdr *' to 'struct ping *' reads one struct's layout as another's; add __attribute__((annotate("dsu_nowrap"))) to its definition to keep its layout fixed
  // CHECK-DAG: wrap-rules.c:[[@LINE-2]]:11: error: dsu: 'struct ping' is wrapped for updating, but a cast from 'struct hdr *' to 'struct ping *'
}

struct hdr *hdr_of(struct ping *p)
{
  return (struct hdr *)p;
  // CHECK-DAG: wrap-rules.c:[[@LINE-1]]:10: error: dsu: 'struct ping' is wrapped for updating, but a cast from 'struct ping *' to 'struct hdr *'
}

void *opaque(struct hdr *h) { return (void *)h; }

void save(int fd, struct rec *r, int n)
{
  write(fd, r, n * sizeof(struct rec));
  // CHECK-DAG: wrap-rules.c:[[@LINE-1]]:20: error: dsu: 'struct rec' is wrapped for updating, but its size is passed to write(), so its layout is a file or wire format; add
}

size_t load(FILE *f, struct frame *fr)
{
  return fread(fr, sizeof *fr, 1, f);
  // CHECK-DAG: wrap-rules.c:[[@LINE-1]]:20: error: dsu: 'struct frame' is wrapped for updating, but its size is passed to fread()
}

long push(int s, struct packet *p)
{
  return send(s, p, sizeof(struct packet[4]), 0);
  // CHECK-DAG: wrap-rules.c:[[@LINE-1]]:21: error: dsu: 'struct packet' is wrapped for updating, but its size is passed to send()
}

// FORCED-NOT: error
// FORCED: %struct.ping = type { i32, i32, i32, i64, i64, i64 }
// FORCED: \22name\22:\22struct hdr\22,\22size\22:24,\22slop\22:12,\22tag_offset\22:0,\22tag_size\22:4,\22user_size\22:8,\22wrapped\22:true}
// CHECK: 9 errors generated.
