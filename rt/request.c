/*
 * request.c - one control connection: check the peer, read one request
 * line, serve it, write one reply line, close.  An apply that has to wait
 * for old code to leave the stack answers a progress line instead and
 * leaves the connection open: defer.c answers it later.
 *
 * Every wait is bounded (DSU_REQ_WAIT_MS) and every request is bounded in
 * size (DSU_REQ_MAX), so a stuck or hostile client cannot hold the program
 * at its update point for long.  Replies are sent with MSG_NOSIGNAL: a
 * client that left must not kill the program with SIGPIPE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "rt_internal.h"

static long long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for @events on @fd until @deadline (ms).  Return: revents, 0 on timeout. */
static int wait_fd(int fd, short events, long long deadline)
{
  for (;;) {
    long long left = deadline - now_ms();
    if (left <= 0)
      return 0;
    struct pollfd p = { .fd = fd, .events = events };
    int r = poll(&p, 1, (int)left);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return r < 0 ? POLLERR : 0;
    return p.revents;
  }
}

int dsu_peer_gone(int fd)
{
  struct pollfd p = { .fd = fd, .events = POLLRDHUP };
  int r = poll(&p, 1, 0);
  return r > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

/**
 * read_request() - read one line (without its '\n') into a malloc()ed string.
 *
 * Return: the line, or NULL with @err set (timeout, too long, EOF, I/O).
 */
static char *read_request(int fd, const char **err)
{
  size_t cap = 1024, len = 0;
  char *buf = malloc(cap);
  long long deadline = now_ms() + DSU_REQ_WAIT_MS;
  if (!buf) {
    *err = "out of memory";
    return NULL;
  }
  for (;;) {
    char *nl = memchr(buf, '\n', len);
    if (nl) {
      *nl = 0;
      return buf;
    }
    if (len >= DSU_REQ_MAX) {
      *err = "request line longer than 64 KiB";
      break;
    }
    if (len + 1 >= cap) {
      cap *= 2;
      char *nb = realloc(buf, cap);
      if (!nb) {
        *err = "out of memory";
        break;
      }
      buf = nb;
    }
    ssize_t n = read(fd, buf + len, cap - len - 1);
    if (n > 0) {
      len += (size_t)n;
      continue;
    }
    if (n == 0) {
      *err = "client closed the connection before sending a whole request line";
      break;
    }
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      *err = "read error on the control connection";
      break;
    }
    if (!wait_fd(fd, POLLIN, deadline)) {
      *err = "no request line within 2 s";
      break;
    }
  }
  free(buf);
  return NULL;
}

/* Write @reply as one line; bounded wait.  Errors are logged only: the
 * client is the one who would have to hear about them. */
void dsu_send_line(int fd, json_t *reply)
{
  char *s = json_dumps(reply, JSON_COMPACT);
  if (!s)
    return;
  size_t len = strlen(s), off = 0;
  s[len] = '\n'; /* replaces the NUL: we send len + 1 bytes, never use it as a string */
  long long deadline = now_ms() + DSU_REQ_WAIT_MS;
  while (off < len + 1) {
    ssize_t n = send(fd, s + off, len + 1 - off, MSG_NOSIGNAL);
    if (n > 0) {
      off += (size_t)n;
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_fd(fd, POLLOUT, deadline))
      continue;
    dsu_log("reply not delivered: %s", n < 0 ? strerror(errno) : "short write");
    break;
  }
  free(s);
}

static json_t *error_reply(const char *result, const char *msg)
{
  return json_pack("{s:b, s:s, s:s}", "ok", 0, "result", result, "error", msg);
}

/* Only the program's owner (same euid) or root may use the channel. */
static int peer_allowed(int fd, char *msg, size_t n)
{
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
    snprintf(msg, n, "SO_PEERCRED: %s", strerror(errno));
    return 0;
  }
  if (cred.uid != 0 && cred.uid != geteuid()) {
    snprintf(msg, n, "permission denied: client uid %u is neither root nor this program's uid %u",
             (unsigned)cred.uid, (unsigned)geteuid());
    return 0;
  }
  return 1;
}

int dsu_serve_connection(int fd, const char *where)
{
  char msg[DSU_MSG_MAX];
  const char *err = NULL;
  json_t *reply = NULL;
  int applied = 0, kept = 0;

  if (!peer_allowed(fd, msg, sizeof msg)) {
    dsu_log("refused a client: %s", msg);
    reply = error_reply("refused", msg);
    goto out;
  }
  char *line = read_request(fd, &err);
  if (!line) {
    dsu_log("dropped a request: %s", err);
    goto out; /* nobody to answer, or an answer nobody will read */
  }
  json_error_t jerr;
  json_t *req = json_loads(line, 0, &jerr);
  free(line);
  const char *op = NULL;
  if (!req || json_unpack(req, "{s:s}", "op", &op) < 0) {
    snprintf(msg, sizeof msg, "request is not a JSON object with a string \"op\"%s%s",
             req ? "" : ": ", req ? "" : jerr.text);
    reply = error_reply("refused", msg);
  } else if (strcmp(op, "ping") == 0) {
    reply = dsu_ping_reply();
  } else if (strcmp(op, "status") == 0) {
    reply = dsu_status_reply();
  } else if (strcmp(op, "apply") == 0) {
    const char *path = NULL;
    if (json_unpack(req, "{s:s}", "patch", &path) < 0) {
      reply = error_reply("refused", "apply request without a string \"patch\"");
    } else {
      reply = dsu_apply(path, fd, where, &kept);
      const char *res = json_string_value(json_object_get(reply, "result"));
      applied = res && strcmp(res, "applied") == 0;
      if (res && strcmp(res, "withdrawn") == 0) {
        json_decref(reply); /* the client is gone: no one to answer */
        reply = NULL;
      }
    }
  } else {
    snprintf(msg, sizeof msg, "unknown op \"%s\" (expected apply, status or ping)", op);
    reply = error_reply("refused", msg);
  }
  json_decref(req);
out:
  if (reply) {
    dsu_send_line(fd, reply);
    json_decref(reply);
  }
  if (!kept)
    close(fd);
  return applied;
}
