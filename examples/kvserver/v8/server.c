/*
 * server.c - kvserver, version 8: a single-threaded line-based TCP
 * key-value server, updated live by dsu.
 *
 * Usage: kvserver PORT [PORTFILE]
 *   PORT 0 picks a free port; the port is printed ("listening on PORT") and,
 *   when PORTFILE is given, written to it once the server accepts clients.
 *
 * Commands, one per line: SET k v | GET k | DEL k | COUNT | VERSION | STATS | HITS k |
 * WHOAMI | QUIT.
 *
 * v2: GET of a missing key answers "NOTFOUND key" (was "NIL").
 * v3: new command STATS: commands served since v3 was loaded (new global
 *     served_since_v3, new function cmd_stats).
 * v4: replies are prefixed "+" ("-" for errors) by the inlined helper
 *     fmt_reply; COUNT (a callback in the command table) also reports the
 *     capacity: "+COUNT n/256".
 * v5: struct layouts change on live data: struct entry gains a GET counter
 *     (command HITS k), struct client a per-connection command counter
 *     (command WHOAMI).  Entries and clients that exist when the update
 *     lands are converted in place; their new fields start at 0.
 * v6: fields widen: values may be 127 bytes long (struct entry's val
 *     grows from 64 to 128 bytes) and the GET counter becomes 64-bit.
 * v7: fields are reordered in both structs (the counters first).
 * v8: globals change type: the store holds 1024 entries (was 256) and
 *     counts them in a long (was an int); COUNT says "+COUNT n/1024".
 *
 * Built with dsu-cc the loop reaches dsu_update() once per iteration.  Built
 * with -DDSU_PLAIN (plain clang, no dsu runtime) both dsu calls are no-ops.
 */
#include "store.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef DSU_PLAIN
#define dsu_update() 0
#define dsu_control_fd() (-1)
#else
#include <dsu.h>
#endif

#define MAX_CLIENTS 64
#define LINE_MAX_LEN 256

struct client {
  unsigned long cmds; /* commands served on this connection (new in v5) */
  size_t len;
  int fd; /* -1: free */
  char buf[LINE_MAX_LEN];
};

/* A command handler gets the words after the command name (NULL if none)
 * and writes its reply into @out.  Return: 0, or -1 to close the client. */
typedef int (*handler_fn)(char *arg1, char *arg2, char *out, size_t outsz);

struct command {
  const char *name;
  handler_fn handler;
};

static struct client clients[MAX_CLIENTS];

/* Commands served since this version was loaded (new in v3). */
unsigned long served_since_v3;

/* Format one reply line: "+STATUS", "+STATUS TEXT", or "-ERR TEXT".
 * Small, so the optimiser inlines it into every handler. */
static int fmt_reply(char *out, size_t outsz, const char *status, const char *text)
{
  return snprintf(out, outsz, "%c%s%s%s\n", strcmp(status, "ERR") ? '+' : '-', status,
                  text ? " " : "", text ? text : "");
}

static int cmd_set(char *key, char *val, char *out, size_t outsz)
{
  if (!key || !val)
    return fmt_reply(out, outsz, "ERR", "usage: SET key value"), 0;
  int r = store_set(key, val);
  if (r == -1)
    fmt_reply(out, outsz, "ERR", "store full");
  else if (r == -2)
    fmt_reply(out, outsz, "ERR", "key or value too long");
  else
    fmt_reply(out, outsz, "OK", NULL);
  return 0;
}

static int cmd_get(char *key, char *unused, char *out, size_t outsz)
{
  (void)unused;
  if (!key)
    return fmt_reply(out, outsz, "ERR", "usage: GET key"), 0;
  const char *v = store_get(key);
  if (v)
    fmt_reply(out, outsz, "VALUE", v);
  else
    fmt_reply(out, outsz, "NOTFOUND", key);
  return 0;
}

static int cmd_del(char *key, char *unused, char *out, size_t outsz)
{
  (void)unused;
  if (!key)
    return fmt_reply(out, outsz, "ERR", "usage: DEL key"), 0;
  fmt_reply(out, outsz, store_del(key) ? "DELETED" : "NIL", NULL);
  return 0;
}

static int cmd_count(char *unused1, char *unused2, char *out, size_t outsz)
{
  (void)unused1, (void)unused2;
  char n[32];
  snprintf(n, sizeof n, "%d/%d", store_count(), STORE_CAP);
  fmt_reply(out, outsz, "COUNT", n);
  return 0;
}

static int cmd_version(char *unused1, char *unused2, char *out, size_t outsz)
{
  (void)unused1, (void)unused2;
  fmt_reply(out, outsz, "VERSION", "kvserver 8");
  return 0;
}

static int cmd_quit(char *unused1, char *unused2, char *out, size_t outsz)
{
  (void)unused1, (void)unused2;
  fmt_reply(out, outsz, "BYE", NULL);
  return -1;
}

static int cmd_stats(char *unused1, char *unused2, char *out, size_t outsz)
{
  (void)unused1, (void)unused2;
  char text[48];
  snprintf(text, sizeof text, "served=%lu", served_since_v3);
  fmt_reply(out, outsz, "STATS", text);
  return 0;
}

/* The client whose command is being served (new in v5). */
static struct client *current;

static int cmd_hits(char *key, char *unused, char *out, size_t outsz)
{
  (void)unused;
  if (!key)
    return fmt_reply(out, outsz, "ERR", "usage: HITS key"), 0;
  long long h = store_hits(key);
  char n[32];
  snprintf(n, sizeof n, "%lld", h);
  fmt_reply(out, outsz, h < 0 ? "NOTFOUND" : "HITS", h < 0 ? key : n);
  return 0;
}

static int cmd_whoami(char *unused1, char *unused2, char *out, size_t outsz)
{
  (void)unused1, (void)unused2;
  char text[48];
  snprintf(text, sizeof text, "cmds=%lu", current ? current->cmds : 0UL);
  fmt_reply(out, outsz, "WHOAMI", text);
  return 0;
}

/* The dispatch table: handlers are reached through these pointers. */
static const struct command commands[] = {
  { "SET", cmd_set },     { "GET", cmd_get },         { "DEL", cmd_del },
  { "COUNT", cmd_count }, { "VERSION", cmd_version }, { "QUIT", cmd_quit },
  { "STATS", cmd_stats }, { "HITS", cmd_hits },       { "WHOAMI", cmd_whoami },
};

/* Run one command line; the reply goes to @out.  Return: -1 to close. */
static int dispatch(char *line, char *out, size_t outsz)
{
  char *save = NULL;
  char *name = strtok_r(line, " \t\r", &save);
  if (!name) {
    fmt_reply(out, outsz, "ERR", "empty command");
    return 0;
  }
  char *a1 = strtok_r(NULL, " \t\r", &save);
  char *a2 = strtok_r(NULL, " \t\r", &save);
  served_since_v3++;
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(commands[i].name, name) == 0)
      return commands[i].handler(a1, a2, out, outsz);
  fmt_reply(out, outsz, "ERR", "unknown command");
  return 0;
}

static int send_all(int fd, const char *p, size_t n)
{
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static void drop_client(struct client *c)
{
  close(c->fd);
  c->fd = -1;
  c->len = 0;
}

/* Read what @c sent and answer every complete line in it. */
static void serve_client(struct client *c)
{
  ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
  if (r < 0 && errno == EINTR)
    return;
  if (r <= 0) {
    drop_client(c);
    return;
  }
  c->len += (size_t)r;
  char *nl;
  while (c->fd >= 0 && (nl = memchr(c->buf, '\n', c->len))) {
    *nl = '\0';
    char out[LINE_MAX_LEN + 32];
    c->cmds++;
    current = c;
    int close_it = dispatch(c->buf, out, sizeof out);
    current = NULL;
    if (send_all(c->fd, out, strlen(out)) < 0 || close_it) {
      drop_client(c);
      return;
    }
    size_t used = (size_t)(nl + 1 - c->buf);
    memmove(c->buf, nl + 1, c->len - used);
    c->len -= used;
  }
  if (c->len == sizeof c->buf) {
    char out[64];
    fmt_reply(out, sizeof out, "ERR", "line too long");
    send_all(c->fd, out, strlen(out));
    drop_client(c);
  }
}

static void accept_client(int lfd)
{
  int fd = accept(lfd, NULL, NULL);
  if (fd < 0)
    return; /* EINTR, or the client gave up: nothing to do */
  for (int i = 0; i < MAX_CLIENTS; i++)
    if (clients[i].fd < 0) {
      clients[i].fd = fd;
      clients[i].len = 0;
      clients[i].cmds = 0;
      return;
    }
  const char *busy = "ERR too many clients\n";
  send_all(fd, busy, strlen(busy));
  close(fd);
}

static int listen_on(int port, int *chosen)
{
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t alen = sizeof a;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 16) < 0 ||
      getsockname(fd, (struct sockaddr *)&a, &alen) < 0) {
    close(fd);
    return -1;
  }
  *chosen = ntohs(a.sin_port);
  return fd;
}

static int write_port_file(const char *path, int port)
{
  /* Written to a temporary name and renamed, so a reader never sees a
   * half-written file. */
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *f = fopen(tmp, "w");
  if (!f)
    return -1;
  fprintf(f, "%d\n", port);
  if (fclose(f) != 0)
    return -1;
  return rename(tmp, path);
}

/* Mark every client slot free. */
static void clients_init(void)
{
  for (int i = 0; i < MAX_CLIENTS; i++)
    clients[i].fd = -1;
}

/* Fill @fds with the listening socket, the dsu control socket and every
 * connected client; @owner[i] is the client of fds[i] (NULL for the others).
 * Return: the number of entries. */
static nfds_t fill_pollset(int lfd, struct pollfd *fds, struct client **owner)
{
  nfds_t n = 0;
  fds[n] = (struct pollfd){ .fd = lfd, .events = POLLIN };
  owner[n++] = NULL;
  /* Readable when dsu-ctl connects: wakes the loop up for dsu_update(). */
  int cfd = dsu_control_fd();
  if (cfd >= 0) {
    fds[n] = (struct pollfd){ .fd = cfd, .events = POLLIN };
    owner[n++] = NULL;
  }
  for (int i = 0; i < MAX_CLIENTS; i++)
    if (clients[i].fd >= 0) {
      fds[n] = (struct pollfd){ .fd = clients[i].fd, .events = POLLIN };
      owner[n++] = &clients[i];
    }
  return n;
}

int main(int argc, char **argv)
{
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s PORT [PORTFILE]\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int port;
  int lfd = listen_on(atoi(argv[1]), &port);
  if (lfd < 0) {
    fprintf(stderr, "kvserver: cannot listen on 127.0.0.1:%s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  clients_init();
  printf("listening on %d\n", port);
  fflush(stdout);
  if (argc == 3 && write_port_file(argv[2], port) < 0) {
    fprintf(stderr, "kvserver: cannot write %s: %s\n", argv[2], strerror(errno));
    return 1;
  }

  for (;;) {
    struct pollfd fds[MAX_CLIENTS + 2];
    struct client *owner[MAX_CLIENTS + 2];
    nfds_t n = fill_pollset(lfd, fds, owner);
    int ready = poll(fds, n, -1);
    if (ready < 0 && errno != EINTR) {
      perror("kvserver: poll");
      return 1;
    }
    for (nfds_t i = 0; ready > 0 && i < n; i++) {
      if (!fds[i].revents)
        continue;
      if (fds[i].fd == lfd)
        accept_client(lfd);
      else if (owner[i])
        serve_client(owner[i]);
    }
    dsu_update(); /* quiescent: every request of this iteration is answered */
  }
}
