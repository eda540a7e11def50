// Uses that make a wrapped struct unsafe are errors that name the struct, the
// use and the way out; the dsu_nowrap annotation is that way out.
// RUN: not %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: %clang -fplugin=%plugin -fplugin-arg-dsu-wrap -fsyntax-only -DFIXED %s 2>&1 | count 0
#include <unistd.h>

#ifdef FIXED
#define NOWRAP __attribute__((annotate("dsu_nowrap")))
#else
#define NOWRAP
#endif

struct NOWRAP hdr { int kind; int len; };
struct NOWRAP ping { int kind; int len; long stamp; };
struct NOWRAP rec { int a; int b; };
struct NOWRAP cell { int v; };
union any { struct cell c; long l; };
// CHECK: wrap-rules.c:[[@LINE-1]]:25: error: dsu: 'cell' is wrapped for updating, but it is a member of union 'any', whose other members alias its layout

long stamp_of(struct hdr *h)
{
  // CHECK: wrap-rules.c:[[@LINE+1]]:11: error: dsu: 'hdr' is wrapped for updating, but a cast from 'struct hdr *' to 'struct ping *' reads one struct's layout as another's; add __attribute__((annotate("dsu_nowrap"))) to its definition to keep its layout fixed
  return ((struct ping *)h)->stamp;
  // CHECK: error: dsu: 'ping' is wrapped for updating, but a cast from 'struct hdr *' to 'struct ping *'
}

void save(int fd, struct rec *r, int n)
{
  // CHECK: wrap-rules.c:[[@LINE+1]]:20: error: dsu: 'rec' is wrapped for updating, but its size is passed to write(), so its layout is a file or wire format; add
  write(fd, r, n * sizeof(struct rec));
}

