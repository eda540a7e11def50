/*
 * sessiond.c - version 3: fields widen (session name 16 -> 32 bytes, msgs
 * 32 -> 64 bits) and struct note's fields are reordered.  A single-threaded TCP server whose state lives on
 * the heap: one malloc'd `struct session` per connection (a linked list,
 * allocated by a custom allocator) and a growing array of `struct note`
 * (realloc doubles it).  The end-to-end tests change both structs live.
 *
 * Usage: sessiond PORT PORTFILE.  One command per line:
 *   NAME x    name this session              -> +OK
 *   POST text append a note                   -> +NOTE i
 *   NOTE i    read note i                      -> +NOTE i <author> <text>
 *   ME        this session                     -> +ME <name> msgs=N bytes=B
 *   LIKE i    like note i                      -> +LIKES i n
 *   COUNT     sessions and notes               -> +COUNT sessions=S notes=N
 */
#include <dsu.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct session {
  int fd;
  char name[32];
  unsigned long long msgs;
  size_t len;
  char buf[128];
  struct session *next;
  unsigned long bytes_in; /* new in v2 */
};

struct note {
  int likes; /* new in v2; first since v3 */
  char text[32];
  char author[16];
};

static struct session *sessions;
static struct note *notes;
static size_t n_notes, cap_notes;

/* The program's allocator: dies instead of returning NULL. */
__attribute__((malloc, alloc_size(1))) static void *xmalloc(size_t n)
{
  void *p = malloc(n);
  if (!p) {
    perror("sessiond: malloc");
    exit(1);
  }
  return p;
}

__attribute__((format(printf, 2, 3))) static void reply(struct session *s, const char *fmt, ...)
{
  char out[160];
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(out, sizeof out, fmt, ap);
  va_end(ap);
  if (len > 0)
    send(s->fd, out, (size_t)len, MSG_NOSIGNAL);
}

static int add_note(const char *author, const char *text)
{
  if (n_notes == cap_notes) {
    size_t cap = cap_notes ? 2 * cap_notes : 2;
    struct note *grown = realloc(notes, cap * sizeof *grown);
    if (!grown)
      return -1;
    notes = grown;
    cap_notes = cap;
  }
  struct note *nt = &notes[n_notes];
  snprintf(nt->author, sizeof nt->author, "%s", author);
  snprintf(nt->text, sizeof nt->text, "%s", text);
  nt->likes = 0;
  return (int)n_notes++;
}

static void command(struct session *s, char *line)
{
  char *arg = strchr(line, ' ');
  if (arg)
    *arg++ = '\0';
  s->msgs++;
  if (!strcmp(line, "NAME") && arg) {
    snprintf(s->name, sizeof s->name, "%s", arg);
    reply(s, "+OK\n");
  } else if (!strcmp(line, "POST") && arg) {
    int i = add_note(s->name, arg);
    reply(s, "+NOTE %d\n", i);
  } else if (!strcmp(line, "NOTE") && arg) {
    size_t i = strtoul(arg, NULL, 10);
    if (i < n_notes)
      reply(s, "+NOTE %zu %s %s likes=%d\n", i, notes[i].author, notes[i].text, notes[i].likes);
    else
      reply(s, "-ERR no note %zu\n", i);
  } else if (!strcmp(line, "LIKE") && arg) {
    size_t i = strtoul(arg, NULL, 10);
    if (i < n_notes)
      reply(s, "+LIKES %zu %d\n", i, ++notes[i].likes);
    else
      reply(s, "-ERR no note %zu\n", i);
  } else if (!strcmp(line, "ME")) {
    reply(s, "+ME %s msgs=%llu bytes=%lu\n", s->name, s->msgs, s->bytes_in);
  } else if (!strcmp(line, "COUNT")) {
    unsigned n = 0;
    for (struct session *t = sessions; t; t = t->next)
      n++;
    reply(s, "+COUNT sessions=%u notes=%zu\n", n, n_notes);
  } else {
    reply(s, "-ERR unknown command\n");
  }
}

static void session_open(int lfd)
{
  int fd = accept(lfd, NULL, NULL);
  if (fd < 0)
    return;
  struct session *s = xmalloc(sizeof *s);
  s->fd = fd;
  snprintf(s->name, sizeof s->name, "anon%d", fd);
  s->msgs = 0;
  s->len = 0;
  s->bytes_in = 0;
  s->next = sessions;
  sessions = s;
}

static void session_close(struct session *s)
{
  struct session **pp = &sessions;
  while (*pp != s)
    pp = &(*pp)->next;
  *pp = s->next;
  close(s->fd);
  free(s);
}

static void session_read(struct session *s)
{
  ssize_t r = read(s->fd, s->buf + s->len, sizeof s->buf - s->len);
  if (r < 0 && errno == EINTR)
    return;
  if (r <= 0) {
    session_close(s);
    return;
  }
  s->len += (size_t)r;
  s->bytes_in += (unsigned long)r;
  char *nl;
  while ((nl = memchr(s->buf, '\n', s->len))) {
    *nl = '\0';
    command(s, s->buf);
    size_t used = (size_t)(nl + 1 - s->buf);
    memmove(s->buf, nl + 1, s->len - used);
    s->len -= used;
  }
  if (s->len == sizeof s->buf)
    session_close(s);
}

/* Poll the listener, dsu's control socket and every session once. */
static void serve_once(int lfd)
{
  struct pollfd fds[66];
  struct session *owner[66];
  nfds_t n = 0;
  fds[n] = (struct pollfd){ .fd = lfd, .events = POLLIN };
  owner[n++] = NULL;
  if (dsu_control_fd() >= 0) {
    fds[n] = (struct pollfd){ .fd = dsu_control_fd(), .events = POLLIN };
    owner[n++] = NULL;
  }
  for (struct session *s = sessions; s && n < 66; s = s->next) {
    fds[n] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
    owner[n++] = s;
  }
  if (poll(fds, n, -1) <= 0)
    return;
  for (nfds_t i = 0; i < n; i++) {
    if (!fds[i].revents)
      continue;
    if (fds[i].fd == lfd)
      session_open(lfd);
    else if (owner[i])
      session_read(owner[i]);
  }
}

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: %s PORT PORTFILE\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t alen = sizeof a;
  if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 16) < 0 ||
      getsockname(lfd, (struct sockaddr *)&a, &alen) < 0) {
    perror("sessiond: listen");
    return 1;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
  FILE *f = fopen(tmp, "w");
  if (!f || fprintf(f, "%d\n", ntohs(a.sin_port)) < 0 || fclose(f) != 0 || rename(tmp, argv[2]) != 0) {
    perror("sessiond: port file");
    return 1;
  }
  for (;;) {
    serve_once(lfd);
    dsu_update();
  }
}
