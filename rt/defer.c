/*
 * defer.c - the patch that waits until the old code in its way has left
 * the stack (docs/runtime.md, "Deferred updates").
 *
 * apply.c validates and loads a patch, then finds an activation on the
 * stack that may use, after its call returns, something the patch changes
 * (restrict.c).  The patch is then kept here, loaded but not committed,
 * together with the client's connection.  __dsu_pending stays set
 * (update_point.c), so every later update point calls dsu_defer_retry(),
 * which withdraws the patch if the client left and otherwise checks the
 * stack again and commits when it is clear.  The client gets one progress
 * line per distinct reason, then the final reply.
 *
 * One patch waits at a time (another apply is refused meanwhile: its
 * validation would not hold once the first is applied).  Touched only by
 * the thread inside an update point (rt_internal.h).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"

static struct {
  int active;
  pid_t owner;                 /* the process that kept it (not a fork child) */
  int fd;                      /* the client connection */
  struct dsu_loaded l;
  unsigned points;             /* update points at which it waited */
  json_t *sent;                /* reasons the client was told, as keys */
  char reason[DSU_MSG_MAX];    /* the last one */
  char where[512];             /* where it last waited */
  int64_t since;               /* UNIX time of the first deferral */
} w;

int dsu_defer_active(void)
{
  return w.active;
}

/* The progress line of one deferral. */
static json_t *progress(const struct dsu_conflict *c, const char *where)
{
  dsu_log("deferred %s (%s) at %s: %s", w.l.path, w.l.p.patch_id, where, c->reason);
  return json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}", "ok", 1, "result", "deferred",
                   "reason", c->reason, "name", c->name, "frame", c->frame, "update_point", where,
                   "patch", w.l.path, "patch_id", w.l.p.patch_id, "deferred_points", (int)w.points);
}

/* Remember @c as the last reason; non-zero if the client has not heard it. */
static int note(const struct dsu_conflict *c, const char *where)
{
  snprintf(w.reason, sizeof w.reason, "%s", c->reason);
  snprintf(w.where, sizeof w.where, "%s", where);
  if (json_object_get(w.sent, c->reason))
    return 0;
  json_object_set_new(w.sent, c->reason, json_true());
  return 1;
}

json_t *dsu_defer_start(struct dsu_loaded *l, int fd, const char *where, const struct dsu_conflict *c)
{
  w.active = 1;
  w.owner = getpid();
  w.fd = fd;
  w.l = *l;
  memset(l, 0, sizeof *l);
  w.points = 1;
  w.since = (int64_t)time(NULL);
  w.sent = json_object();
  note(c, where);
  return progress(c, where);
}

/* Forget the waiting patch (its loaded state was released already). */
static void clear(void)
{
  close(w.fd);
  json_decref(w.sent);
  memset(&w, 0, sizeof w);
  w.fd = -1;
}

int dsu_defer_retry(const char *where)
{
  if (!w.active)
    return 0;
  if (w.owner != getpid()) {
    /* A fork child: the request and its client are the parent's. */
    dsu_loaded_abandon(&w.l);
    clear();
    return 0;
  }
  long long t0 = dsu_now_us();
  json_t *reply;
  if (dsu_peer_gone(w.fd)) {
    char msg[DSU_MSG_MAX + 256];
    snprintf(msg, sizeof msg,
             "the client left (dsu-ctl timed out) while the patch waited (deferred at %u update "
             "point%s: %s); nothing changed",
             w.points, w.points == 1 ? "" : "s", w.reason);
    reply = dsu_loaded_withdraw(&w.l, where, msg, w.points);
    json_decref(reply); /* nobody to read it */
    clear();
    return 0;
  }
  struct dsu_conflict c;
  reply = dsu_loaded_try(&w.l, w.fd, where, t0, w.points, &c);
  if (!reply) {
    w.points++;
    if (note(&c, where)) {
      json_t *line = progress(&c, where);
      dsu_send_line(w.fd, line);
      json_decref(line);
    }
    return 0;
  }
  const char *res = json_string_value(json_object_get(reply, "result"));
  int applied = res && strcmp(res, "applied") == 0;
  if (!res || strcmp(res, "withdrawn") != 0)
    dsu_send_line(w.fd, reply);
  json_decref(reply);
  clear();
  return applied;
}

void dsu_defer_describe(char *out, size_t n)
{
  if (!w.active) {
    snprintf(out, n, "no patch is waiting");
    return;
  }
  snprintf(out, n, "patch %s (%s) is waiting to be applied (deferred at %u update point%s: %s)", w.l.path,
           w.l.p.patch_id, w.points, w.points == 1 ? "" : "s", w.reason);
}

json_t *dsu_defer_status(void)
{
  if (!w.active)
    return json_null();
  return json_pack("{s:s, s:s, s:s, s:s, s:I, s:i, s:s, s:s}", "patch", w.l.path, "patch_id",
                   w.l.p.patch_id, "from", w.l.p.from, "to", w.l.p.to, "since", (json_int_t)w.since,
                   "deferred_points", (int)w.points, "reason", w.reason, "update_point", w.where);
}
