/*
 * rt_internal.h - state and helpers shared by the files of the dsu runtime.
 *
 * Locking rules (single-threaded programs, see docs/runtime.md):
 *  - Everything in struct dsu_rt is written only by the constructor, by the
 *    fork child handler and by the thread that is inside an update point.
 *  - An update point is entered by one thread at a time: rt_enter() is an
 *    atomic test-and-set, a second (or re-entrant, e.g. from a state
 *    transformer) caller returns at once without serving anything.
 *  - The signal handler touches nothing but __dsu_pending.
 *  - The type registry (types.c) has its own recursive mutex, taken by
 *    __dsu_convert() from any thread and by the update for a patch's types.
 */
#ifndef DSU_RT_INTERNAL_H
#define DSU_RT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "dsu.h"
#include "hash_hex.h"

/* Limits of one control request. */
#define DSU_REQ_MAX (64 * 1024)  /* bytes in a request line */
#define DSU_REQ_WAIT_MS 2000     /* wait for the request line / reply write */

/* Signal raised by the listening socket when a client connects. */
#define DSU_DEFAULT_SIGNAL_OFFSET 7 /* SIGRTMIN + 7 */

/*
 * Status codes of the runtime's operations.  Each operation that can fail
 * returns one of these and, where a person must read it, fills a message
 * buffer naming the file or symbol at fault.
 */
enum dsu_status {
  DSU_OK = 0,
  DSU_ALREADY_APPLIED, /* the patch_id is in the history as applied */
  DSU_REFUSED,         /* validation failed; nothing was changed */
  DSU_FAILED,          /* the state transformer failed; slots restored */
  DSU_WITHDRAWN,       /* the client left before the commit; nothing changed */
  DSU_IO_ERROR,        /* the control connection broke */
};

/** dsu_status_result() - the protocol's "result" word for @st. */
const char *dsu_status_result(enum dsu_status st);

/* Size of message buffers for refusals. */
#define DSU_MSG_MAX 1024

/* Global runtime state; see the locking rules above. */
struct dsu_rt {
  int initialised;
  pid_t owner_pid;     /* process the control socket belongs to */
  int control_fd;      /* listening socket, -1 when disabled */
  int signo;           /* wake-up signal, 0 when the channel is disabled */
  int log;             /* DSU_LOG=1 */
  char base_version[DSU_HASH_HEX_LEN + 1];
  char version[DSU_HASH_HEX_LEN + 1];
  unsigned updates_applied;
};

extern struct dsu_rt dsu_rt;

/* init.c */
/** dsu_rt_init() - idempotent start-up; the constructor calls it. */
void dsu_rt_init(void);

/* log.c */
/** dsu_log() - "dsu: " + printf-style line on stderr, only when DSU_LOG=1. */
void dsu_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** dsu_err() - "dsu: " + line on stderr, always (start-up errors). */
void dsu_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* version.c */
/** dsu_version_init() - hash the dsu_tu section into base_version/version. */
void dsu_version_init(void);

/* control.c */
/** dsu_control_open() - open the listening socket for getpid(); 0 or -1. */
int dsu_control_open(void);
/** dsu_control_setup() - read DSU_CONTROL/DSU_SIGNAL, install the handler, open the socket. */
void dsu_control_setup(void);

/* request.c */
/**
 * dsu_serve_connection() - serve one accepted control connection.
 * @fd:    the connection (non-blocking); closed by this function
 * @where: the update point, "func (file:line)"
 *
 * Return: 1 if a patch was applied, 0 otherwise.
 */
int dsu_serve_connection(int fd, const char *where);
/** dsu_peer_gone() - non-zero if the client of @fd has closed its end. */
int dsu_peer_gone(int fd);

/* apply.c */
/** dsu_send_line() - write @msg as one JSON line to @fd (bounded wait; errors only logged). */
void dsu_send_line(int fd, json_t *msg);

/* apply.c */
/**
 * dsu_apply() - serve an "apply" request.
 * @path:  the patch file named in the request
 * @fd:    the client connection, checked for a withdrawn request before commit
 * @where: the update point
 * @kept:  set to 1 when the patch waits (old code on the stack is in the
 *         way): the connection now belongs to defer.c, which answers it
 *
 * Return: the reply object (a new reference): the final one, or with
 * @kept the first progress line ("result": "deferred").
 */
json_t *dsu_apply(const char *path, int fd, const char *where, int *kept);

/* defer.c: the patch that waits for old code to leave the stack. */
/** dsu_defer_active() - non-zero while a patch waits. */
int dsu_defer_active(void);
/**
 * dsu_defer_retry() - at an update point: withdraw the waiting patch if its
 * client left, else try its commit again; answers the client.
 *
 * Return: 1 if it was applied now.
 */
int dsu_defer_retry(const char *where);
/** dsu_defer_describe() - "patch P (ID) is waiting ..." for messages. */
void dsu_defer_describe(char *out, size_t n);
/** dsu_defer_status() - the status reply's "waiting" (new reference; null when none). */
json_t *dsu_defer_status(void);

/* status.c */
/** dsu_status_reply() - the reply to {"op":"status"}. */
json_t *dsu_status_reply(void);
/** dsu_ping_reply() - the reply to {"op":"ping"}. */
json_t *dsu_ping_reply(void);

/* history.c */
struct dsu_history_entry {
  char *patch;          /* path as requested */
  char *patch_id;       /* NULL when the manifest was not read */
  char *from, *to;      /* NULL likewise */
  int64_t time;         /* UNIX seconds */
  long long pause_us;   /* -1 when no pause was measured */
  long long load_us;    /* the dlopen() within the pause; -1 likewise */
  enum dsu_status result;
  char *error;          /* NULL on success */
  char *update_point;
  unsigned deferred_points; /* update points at which it waited */
};
/** dsu_history_add() - append a copy of @e (strings are duplicated). */
void dsu_history_add(const struct dsu_history_entry *e);
/** dsu_history_applied() - non-zero if @patch_id was applied before. */
int dsu_history_applied(const char *patch_id);
/** dsu_history_json() - the history as a JSON array (new reference). */
json_t *dsu_history_json(void);

/* guard.c */
/**
 * dsu_guard_run() - call @fn(@arg) with SIGSEGV, SIGBUS, SIGFPE and SIGILL
 * caught; the previous handlers are restored afterwards.
 *
 * Return: 0 if @fn returned, else the number of the signal it raised (the
 * call was abandoned at that point).
 */
int dsu_guard_run(void (*fn)(void *), void *arg);
/** dsu_signal_name() - "SIGSEGV" etc. for the signals dsu_guard_run() catches. */
const char *dsu_signal_name(int signo);

/* types.c: one registry entry per wrapped type that changed or was checked (desc->rt). */
typedef void (*dsu_xform_fn)(void *to, const void *from);
struct dsu_type_step {
  uint32_t from, to;
  dsu_xform_fn xform;
  char patch_id[DSU_HASH_HEX_LEN + 1];
  uint64_t converted;   /* objects this step converted */
};
struct dsu_type_rt {
  struct dsu__type *desc;
  uint32_t current;     /* layout id of the newest code; starts at desc->base_id */
  struct dsu_type_step *steps;
  size_t nsteps, cap;
  uint64_t slow_path, converted, adopted;
  struct dsu_type_rt *next;
};
/** dsu_types_lock() - the registry lock (recursive); held by every reader and writer. */
void dsu_types_lock(void);
void dsu_types_unlock(void);
/** dsu_type_rt() - the entry of @t, created on first use; NULL if out of memory.  Lock held. */
struct dsu_type_rt *dsu_type_rt(struct dsu__type *t);
/** dsu_type_current() - the layout id the newest code expects for @t.  Lock held. */
uint32_t dsu_type_current(const struct dsu__type *t);
/** dsu_type_reserve() - make room for one more step of @t: 0, or -1 if out of memory.  Lock held. */
int dsu_type_reserve(struct dsu__type *t);
/** dsu_type_push_step() - append a step (room reserved before); current becomes @to.  Lock held. */
void dsu_type_push_step(struct dsu__type *t, uint32_t from, uint32_t to, dsu_xform_fn x,
                        const char *patch_id);
/** dsu_type_pop_step() - undo the last dsu_type_push_step() of @t.  Lock held. */
void dsu_type_pop_step(struct dsu__type *t);
/** dsu_types_json() - the status "types" array (new reference); takes the lock. */
json_t *dsu_types_json(void);

/* apply.c: symbol checks shared with type_patch.c */
struct link_map;
/** dsu_defined_in() - non-zero if @addr lies in the loaded object @lm. */
int dsu_defined_in(void *addr, struct link_map *lm);
/**
 * dsu_patch_sym() - look @sym up in the patch @h itself (not the program,
 * not another patch).  @what names the symbol's role in the message.
 *
 * Return: its address, or NULL with @msg filled.
 */
void *dsu_patch_sym(void *h, struct link_map *lm, const char *sym, const char *what,
                    const char *path, char *msg, size_t n);

/* type_patch.c */
struct dsu_patch;
/* A validated layout change, ready to be registered. */
struct dsu_type_change {
  struct dsu__type *desc;
  uint32_t from, to;
  dsu_xform_fn xform;
};
/**
 * dsu_types_prepare() - validate @p's "types" against the loaded patch @h
 * and the running program; smoke-run each transformer; reserve room.
 * @out: one entry per p->types[]
 *
 * Return: 0, or -1 with @msg filled (nothing registered).
 */
int dsu_types_prepare(const struct dsu_patch *p, void *h, const char *path,
                      struct dsu_type_change *out, char *msg, size_t n);
/** dsu_types_commit() - register the steps of @c (after dsu_types_prepare()). */
void dsu_types_commit(const struct dsu_patch *p, const struct dsu_type_change *c);
/** dsu_types_rollback() - take the steps of @c back (the commit failed). */
void dsu_types_rollback(const struct dsu_patch *p, const struct dsu_type_change *c);

#endif /* DSU_RT_INTERNAL_H */
