/*
 * channel.c - one request/reply exchange over "\0dsu.PID".
 *
 * On timeout the socket is simply closed: the runtime checks that its
 * client is still connected before it commits a patch, so closing is how a
 * request is withdrawn (docs/runtime.md, "Timeouts"), also one that is
 * waiting for old code to leave the stack ("Deferred updates"), which is
 * answered with progress lines before its reply.  The write side is
 * never shut down early, because the runtime reads a half-closed
 * connection as a withdrawn request.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

#define REPLY_MAX (16 * 1024 * 1024)

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int connect_to(pid_t pid)
{
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  int n = snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "dsu.%d", (int)pid);
  socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    fprintf(stderr, "dsu-ctl: socket: %s\n", strerror(errno));
    return -1;
  }
  if (connect(fd, (struct sockaddr *)&addr, alen) < 0) {
    if (errno == ECONNREFUSED || errno == ENOENT)
      fprintf(stderr, "dsu-ctl: process %d is not a dsu program (no control socket)\n", (int)pid);
    else
      fprintf(stderr, "dsu-ctl: cannot connect to process %d: %s\n", (int)pid, strerror(errno));
    close(fd);
    return -1;
  }
  /* The abstract name is not owned by anyone: check who answered. */
  struct ucred cred;
  socklen_t clen = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0) {
    fprintf(stderr, "dsu-ctl: SO_PEERCRED on the socket of process %d: %s\n", (int)pid,
            strerror(errno));
    close(fd);
    return -1;
  }
  if (cred.pid != pid) {
    fprintf(stderr, "dsu-ctl: the control socket @dsu.%d belongs to process %d, not %d; refusing\n",
            (int)pid, (int)cred.pid, (int)pid);
    close(fd);
    return -1;
  }
  return fd;
}

/* Bytes read from the connection and not yet returned as a line: the
 * runtime may send a progress line and the reply back to back. */
struct linebuf {
  char *buf;
  size_t len, cap;
};

/* Read up to '\n'.  Return: 0 with *@line (malloc()ed), 1 on timeout, -1 on error/EOF. */
static int read_line(int fd, double deadline, struct linebuf *lb, char **line)
{
  for (;;) {
    char *nl = lb->buf ? memchr(lb->buf, '\n', lb->len) : NULL;
    if (nl) {
      size_t n = (size_t)(nl - lb->buf);
      *line = malloc(n + 1);
      if (!*line)
        return -1;
      memcpy(*line, lb->buf, n);
      (*line)[n] = 0;
      lb->len -= n + 1;
      memmove(lb->buf, nl + 1, lb->len);
      return 0;
    }
    double left = deadline - now_s();
    if (left <= 0)
      return 1;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return -1;
    if (r == 0)
      continue; /* re-checks the deadline */
    if (lb->len + 1 >= lb->cap) {
      if (lb->cap >= REPLY_MAX)
        return -1;
      size_t cap = lb->cap ? lb->cap * 2 : 4096;
      char *nb = realloc(lb->buf, cap);
      if (!nb)
        return -1;
      lb->buf = nb;
      lb->cap = cap;
    }
    ssize_t n = read(fd, lb->buf + lb->len, lb->cap - lb->len - 1);
    if (n > 0)
      lb->len += (size_t)n;
    else if (n == 0 || errno != EINTR)
      return -1;
  }
}

static int parse_reply(pid_t pid, char *line, json_t **reply);

/* A progress line: {"result":"deferred", ...}. */
static int is_progress(json_t *j)
{
  const char *r = json_string_value(json_object_get(j, "result"));
  return r && strcmp(r, "deferred") == 0;
}

int ctl_request(pid_t pid, json_t *request, double timeout_s, json_t **reply, ctl_progress_fn progress,
                void *arg)
{
  struct linebuf lb = { 0 };
  int fd = connect_to(pid);
  if (fd < 0)
    return CTL_NOCONN;
  char *req = json_dumps(request, JSON_COMPACT);
  size_t len = strlen(req), off = 0;
  req[len] = '\n'; /* sent as len + 1 bytes, not used as a string again */
  while (off < len + 1) {
    ssize_t n = send(fd, req + off, len + 1 - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      /* The program may have answered (e.g. refused our uid) and closed
       * before the request was written: its reply is still readable. */
      int e = n < 0 ? errno : EPIPE;
      char *early = NULL;
      if (read_line(fd, now_s() + 1, &lb, &early) == 0) {
        free(req);
        free(lb.buf);
        close(fd);
        return parse_reply(pid, early, reply);
      }
      fprintf(stderr, "dsu-ctl: sending the request to process %d: %s\n", (int)pid, strerror(e));
      free(req);
      free(lb.buf);
      close(fd);
      return CTL_NOCONN;
    }
    off += (size_t)n;
  }
  free(req);

  /* Progress lines ("deferred") until the final reply, all within one
   * deadline: the timeout bounds the whole wait. */
  double deadline = now_s() + timeout_s;
  unsigned deferrals = 0;
  int rc;
  for (;;) {
    char *line = NULL;
    int r = read_line(fd, deadline, &lb, &line);
    if (r == 1) {
      if (deferrals)
        fprintf(stderr,
                "dsu-ctl: process %d: timed out waiting after %g s; the patch was withdrawn, the "
                "program is unchanged\n",
                (int)pid, timeout_s);
      else
        fprintf(stderr,
                "dsu-ctl: process %d did not reach an update point within %g s; the request was "
                "withdrawn\n",
                (int)pid, timeout_s);
      rc = CTL_TIMEOUT;
      break;
    }
    if (r < 0) {
      fprintf(stderr, "dsu-ctl: process %d closed the control connection without a reply\n",
              (int)pid);
      rc = CTL_NOCONN;
      break;
    }
    rc = parse_reply(pid, line, reply);
    if (rc != CTL_OK || !is_progress(*reply))
      break;
    deferrals++;
    if (progress)
      progress(*reply, arg);
    json_decref(*reply);
    *reply = NULL;
  }
  close(fd); /* on timeout this withdraws the request */
  free(lb.buf);
  return rc;
}

/* Parse the reply line @line (freed here). */
static int parse_reply(pid_t pid, char *line, json_t **reply)
{
  json_error_t jerr;
  *reply = json_loads(line, 0, &jerr);
  if (!*reply || !json_is_object(*reply)) {
    fprintf(stderr, "dsu-ctl: process %d sent a reply that is not a JSON object: %s\n", (int)pid,
            *reply ? "(not an object)" : jerr.text);
    json_decref(*reply);
    free(line);
    return CTL_NOCONN;
  }
  free(line);
  return CTL_OK;
}
