/*
 * channel.c - one request/reply exchange over "\0dsu.PID".
 *
 * On timeout the socket is simply closed: the runtime checks that its
 * client is still connected before it commits a patch, so closing is how a
 * request is withdrawn (docs/runtime.md, "Timeouts").  The write side is
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

/* Read up to '\n'.  Return: 0 with *@line, 1 on timeout, -1 on error/EOF. */
static int read_line(int fd, double deadline, char **line)
{
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  if (!buf)
    return -1;
  for (;;) {
    char *nl = memchr(buf, '\n', len);
    if (nl) {
      *nl = 0;
      *line = buf;
      return 0;
    }
    double left = deadline - now_s();
    if (left <= 0) {
      free(buf);
      return 1;
    }
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      break;
    if (r == 0)
      continue; /* re-checks the deadline */
    if (len + 1 >= cap) {
      if (cap >= REPLY_MAX)
        break;
      cap *= 2;
      char *nb = realloc(buf, cap);
      if (!nb)
        break;
      buf = nb;
    }
    ssize_t n = read(fd, buf + len, cap - len - 1);
    if (n > 0)
      len += (size_t)n;
    else if (n == 0 || errno != EINTR)
      break;
  }
  free(buf);
  return -1;
}

static int parse_reply(pid_t pid, char *line, json_t **reply);

int ctl_request(pid_t pid, json_t *request, double timeout_s, json_t **reply)
{
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
      if (read_line(fd, now_s() + 1, &early) == 0) {
        free(req);
        close(fd);
        return parse_reply(pid, early, reply);
      }
      fprintf(stderr, "dsu-ctl: sending the request to process %d: %s\n", (int)pid, strerror(e));
      free(req);
      close(fd);
      return CTL_NOCONN;
    }
    off += (size_t)n;
  }
  free(req);

  char *line = NULL;
  int r = read_line(fd, now_s() + timeout_s, &line);
  close(fd); /* on timeout this withdraws the request */
  if (r == 1) {
    fprintf(stderr,
            "dsu-ctl: process %d did not reach an update point within %g s; the request was "
            "withdrawn\n",
            (int)pid, timeout_s);
    return CTL_TIMEOUT;
  }
  if (r < 0) {
    fprintf(stderr, "dsu-ctl: process %d closed the control connection without a reply\n",
            (int)pid);
    return CTL_NOCONN;
  }
  return parse_reply(pid, line, reply);
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
