// A field of a wrapped struct nested in a wrapped global, read through a
// constant address (`ghold.c.hits`): both objects' tags are checked, the
// outer one first, as when the same access goes through a pointer.  (The
// outer check used to be missing: only the outermost constant GEP was made
// an instruction.)
// RUN: %clang -O2 -S -emit-llvm -fplugin=%plugin -fplugin-arg-dsu-wrap -fpass-plugin=%pass -fplugin=%pass \
// RUN:   -I%dsu-include %s -o - | FileCheck %s
struct conn {
  int fd;
  long hits;
};
struct holder {
  int n;
  struct conn c;
};
struct holder ghold;

// CHECK-LABEL: define {{.*}}i64 @get()
// CHECK: call void @__dsu_convert(ptr nonnull @ghold, ptr nonnull @__dsu_type.s.holder,
// CHECK: call void @__dsu_convert(ptr nonnull getelementptr inbounds (i8, ptr @ghold, i64 8), ptr nonnull @__dsu_type.s.conn,
// CHECK: load i64, ptr getelementptr inbounds (i8, ptr @ghold, i64 16)
long get(void) { return ghold.c.hits; }

// CHECK-LABEL: define {{.*}}i64 @getp(
// CHECK: call void @__dsu_convert(ptr nonnull %0, ptr nonnull @__dsu_type.s.holder,
// CHECK: call void @__dsu_convert(ptr nonnull %{{[0-9]+}}, ptr nonnull @__dsu_type.s.conn,
long getp(struct holder *h) { return h->c.hits; }
