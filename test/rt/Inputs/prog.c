/*
 * prog.c - a tiny updateable program for the runtime tests, built with
 * plain clang (no dsu pass): its one slot is written by hand.
 *
 * Reads decimal numbers, one per line, and prints "f(N)=f(N) hits=H" for
 * each, calling f through its slot.  H counts calls of f (state the
 * patches must preserve).  argv[1] picks how it waits for input:
 *   poll         poll() on stdin, no timeout (default)
 *   read         a blocking read() on stdin
 *   accept PATH  a blocking accept() on a Unix socket at PATH; each
 *                connection carries one number
 *   busy FILE    runs without reaching an update point until FILE exists,
 *                then behaves like "poll"
 *   fork         forks a child that only loops on dsu_update() (30 s),
 *                printing f(7) after a patch; the parent acts as "poll"
 *   send PATH N  client for "accept": sends N and exits
 * Every wait that returns EINTR goes round the loop to dsu_update().
 */
#define _GNU_SOURCE
#include <dsu.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int hits; /* state: exported (-rdynamic), patches use it */

static int f_v1(int x)
{
  hits++;
  return x + 1;
}
/* The slot, named as dsu names it (dots are not C identifiers). */
int (*slot_f)(int) __asm__("__dsu_slot.f") = f_v1;

static void handle(const char *line)
{
  int n = atoi(line);
  int r = slot_f(n);
  printf("f(%d)=%d hits=%d\n", n, r, hits);
  fflush(stdout);
}

/* Split @buf (holding @len bytes) into lines; keep the rest. */
static size_t consume(char *buf, size_t len)
{
  char *nl;
  while ((nl = memchr(buf, '\n', len))) {
    *nl = 0;
    handle(buf);
    len -= (size_t)(nl + 1 - buf);
    memmove(buf, nl + 1, len);
  }
  return len;
}

static int unix_addr(struct sockaddr_un *a, const char *path)
{
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  snprintf(a->sun_path, sizeof a->sun_path, "%s", path);
  return socket(AF_UNIX, SOCK_STREAM, 0);
}

static int run_accept(const char *path)
{
  struct sockaddr_un a;
  int l = unix_addr(&a, path);
  if (bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 8) < 0) {
    perror(path);
    return 1;
  }
  printf("listening\n");
  fflush(stdout);
  for (;;) {
    dsu_update();
    int c = accept(l, NULL, NULL);
    if (c < 0) {
      if (errno == EINTR) {
        printf("accept: EINTR\n");
        fflush(stdout);
        continue;
      }
      perror("accept");
      return 1;
    }
    char buf[64] = { 0 };
    ssize_t n = read(c, buf, sizeof buf - 1);
    if (n > 0)
      handle(buf);
    close(c);
  }
}

static int run_send(const char *path, const char *num)
{
  struct sockaddr_un a;
  int s = unix_addr(&a, path);
  if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
    perror(path);
    return 1;
  }
  return write(s, num, strlen(num)) < 0;
}

int main(int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "poll";
  if (strcmp(mode, "send") == 0)
    return argc > 3 ? run_send(argv[2], argv[3]) : 2;
  printf("version %s pid %d\n", dsu_version(), (int)getpid());
  fflush(stdout);
  if (strcmp(mode, "accept") == 0)
    return argc > 2 ? run_accept(argv[2]) : 2;
  if (strcmp(mode, "fork") == 0) {
    pid_t child = fork();
    if (child == 0) { /* updates itself through its own channel, never reads stdin */
      for (int i = 0; i < 3000; i++) {
        if (dsu_update()) {
          printf("child applied: f(7)=%d\n", slot_f(7));
          fflush(stdout);
        }
        usleep(10000);
      }
      return 0;
    }
    printf("child %d\n", (int)child);
    fflush(stdout);
  }
  if (strcmp(mode, "busy") == 0) {
    while (argc > 2 && access(argv[2], F_OK) != 0)
      usleep(20000); /* EINTR ends a sleep early; the loop does not update */
    printf("not busy any more\n");
    fflush(stdout);
  }
  int use_poll = strcmp(mode, "read") != 0;
  char buf[4096];
  size_t len = 0;
  for (;;) {
    dsu_update();
    if (use_poll) {
      struct pollfd p = { .fd = 0, .events = POLLIN };
      if (poll(&p, 1, -1) < 0) {
        if (errno == EINTR)
          continue;
        perror("poll");
        return 1;
      }
    }
    ssize_t n = read(0, buf + len, sizeof buf - 1 - len);
    if (n < 0 && errno == EINTR) {
      if (!use_poll) {
        printf("read: EINTR\n");
        fflush(stdout);
      }
      continue;
    }
    if (n <= 0)
      return 0; /* EOF: the test is over */
    len = consume(buf, len + (size_t)n);
  }
}
