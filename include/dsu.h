/*
 * dsu.h - public interface of the dsu runtime.
 *
 * A program built with dsu-cc includes this header and calls dsu_update()
 * at quiescent points (typically once per event-loop iteration).  Patches
 * built by dsu-diff are applied there.  See docs/user-guide.md.
 */
#ifndef DSU_H
#define DSU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DSU_API_VERSION 1

/**
 * dsu_update() - an update point.
 *
 * Cheap when nothing is pending: the dsu pass lowers each call into an
 * inline test of one flag.  When a request arrived on the control channel,
 * it is served here: a patch is validated and, if valid, applied before
 * dsu_update() returns.
 *
 * Return: 1 if a patch was applied at this call, 0 otherwise.
 */
int dsu_update(void);

/**
 * dsu_control_fd() - the listening control socket of this process.
 *
 * A program that sleeps in poll()/epoll_wait() may add this descriptor to
 * its set (POLLIN): it becomes readable when dsu-ctl connects, so the loop
 * wakes up and reaches dsu_update().  Programs that do not do this are
 * woken by a signal instead (see docs/user-guide.md, "Blocking calls").
 *
 * Return: the descriptor, or -1 if the control channel is disabled.
 */
int dsu_control_fd(void);

/**
 * dsu_version() - identity of the code now running.
 *
 * Return: 16 hex digits: the version id of the binary, or of the last
 * patch applied (its "to" version).
 */
const char *dsu_version(void);

/*
 * State transformer.  A file given to `dsu-diff --xform FILE.c` may define
 * this function; it runs once, at the update point, after the new code is
 * installed.  Return 0 on success; any other value rolls the update back
 * (the slots are restored) and the patch is reported as failed, so a
 * transformer must not leave half-changed state behind when it fails.
 */
int dsu_state_transform(void);

/* ---- Internal: used by code the dsu pass emits.  Not a stable API. ---- */

/* One per update point in the program, emitted by the pass. */
struct dsu__point {
  const char *function; /* enclosing function */
  const char *file;     /* source file (from debug info or the TU id) */
  unsigned line;        /* 0 when unknown (no -g) */
  unsigned index;       /* index of the point within its TU */
};

/* Non-zero while a control request waits; set by the runtime's signal
 * handler, so it is only ever read here, never written by the program. */
extern volatile int __dsu_pending;

/* Slow path of an update point; POINT may be NULL (uninstrumented call). */
int __dsu_update_point(const struct dsu__point *point);

/*
 * Wrapped types (docs/type-wrapping.md, docs/runtime.md "Type versions and
 * conversion").  The compiler gives every wrapped struct a 32-bit layout
 * tag at offset 0 and emits one descriptor per type; compiled code calls
 * the two functions below.  Programs never call them themselves.
 */
#define DSU_TYPE_ABI 1

/* One per wrapped type: symbol __dsu_type.<key>, weak, exported. */
struct dsu__type {
  uint32_t abi;     /* DSU_TYPE_ABI */
  uint32_t base_id; /* layout id of the type in the module that defined this descriptor */
  uint64_t size;    /* wrapped sizeof: the same in every version */
  const char *name; /* "struct conn" */
  void *rt;         /* the runtime's state; NULL at start */
};

/* Slow path of a tag check: returns with OBJ at layout EXPECTED, or
 * prints why it cannot and aborts. */
void __dsu_convert(void *obj, struct dsu__type *t, uint32_t expected) __attribute__((cold));

/* After an allocation of T objects at P (NULL: nothing): write ID into the
 * tag of each new element.  HOW 0: libc heap, elements from
 * OLD_USABLE/size up to malloc_usable_size(P)/size; HOW 1: any other
 * allocator, REQ_BYTES/size elements. */
void __dsu_stamp_alloc(void *p, struct dsu__type *t, uint32_t id, size_t old_usable,
                       size_t req_bytes, int how);

#ifdef __cplusplus
}
#endif

#endif /* DSU_H */
