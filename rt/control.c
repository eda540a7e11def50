/*
 * control.c - the control channel: a listening abstract Unix socket
 * "\0dsu.PID" that wakes the program with a signal when a client connects.
 *
 * Wake-up without a thread: the listening socket has O_ASYNC set, its owner
 * is this process (F_SETOWN) and F_SETSIG names a realtime signal, so the
 * kernel raises that signal whenever a connection becomes acceptable
 * (verified on Linux 6.x: a connect() interrupts a poll() of the listener's
 * owner with EINTR).  The handler only sets __dsu_pending; it is installed
 * without SA_RESTART so that a program blocked in poll/accept/read returns
 * EINTR, goes round its loop and reaches its update point.
 *
 * The signal is SIGRTMIN+7 unless DSU_SIGNAL=N names another realtime
 * signal.  DSU_CONTROL=off disables the channel (no socket, no handler).
 *
 * After fork() the child must not serve the parent's socket: the atfork
 * child handler closes the inherited descriptor and opens "\0dsu.CHILDPID"
 * (only async-signal-safe calls, since the parent may be multi-threaded).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "rt_internal.h"

volatile int __dsu_pending;

/* Only async-signal-safe work here: one store. */
static void dsu_signal_handler(int sig)
{
  (void)sig;
  __dsu_pending = 1;
}

/* "dsu.PID" into @out (no NUL needed: abstract names are length-delimited).
 * Hand-formatted: snprintf is not async-signal-safe (fork child handler). */
static size_t control_name(char *out, pid_t pid)
{
  char digits[16];
  size_t n = 0, len = 0;
  unsigned long v = (unsigned long)pid;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  memcpy(out, "dsu.", 4);
  len = 4;
  while (n)
    out[len++] = digits[--n];
  return len;
}

/**
 * dsu_control_open() - create, bind and arm the listening socket of getpid().
 *
 * Async-signal-safe (used from the fork child handler).  On success sets
 * dsu_rt.control_fd and dsu_rt.owner_pid.
 *
 * Return: 0, or -errno of the call that failed.
 */
int dsu_control_open(void)
{
  pid_t pid = getpid();
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  size_t n = control_name(addr.sun_path + 1, pid); /* sun_path[0] = 0: abstract */
  socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);

  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -errno;
  if (bind(fd, (struct sockaddr *)&addr, alen) < 0 || listen(fd, 16) < 0)
    goto fail;
  /* Owner first, then the signal, then O_ASYNC: no event before it is routed. */
  if (fcntl(fd, F_SETOWN, pid) < 0 || fcntl(fd, F_SETSIG, dsu_rt.signo) < 0)
    goto fail;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_ASYNC) < 0)
    goto fail;
  dsu_rt.control_fd = fd;
  dsu_rt.owner_pid = pid;
  return 0;
fail:;
  int e = errno;
  close(fd);
  return -e;
}

/* fork() child: drop the parent's channel and open our own. */
static void dsu_atfork_child(void)
{
  __dsu_pending = 0;
  if (dsu_rt.control_fd >= 0) {
    close(dsu_rt.control_fd);
    dsu_rt.control_fd = -1;
    if (dsu_control_open() < 0) {
      static const char msg[] = "dsu: fork child: cannot open its control socket; channel disabled\n";
      ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
      (void)w;
    }
  }
  dsu_rt.owner_pid = getpid();
}

/* DSU_SIGNAL=N: a realtime signal number, or 0 when the value is invalid. */
static int choose_signal(void)
{
  const char *s = getenv("DSU_SIGNAL");
  if (!s || !*s)
    return SIGRTMIN + DSU_DEFAULT_SIGNAL_OFFSET;
  char *end;
  long v = strtol(s, &end, 10);
  if (*end || v < SIGRTMIN || v > SIGRTMAX) {
    dsu_err("DSU_SIGNAL=%s: not a realtime signal number (%d..%d); control channel disabled", s,
            SIGRTMIN, SIGRTMAX);
    return 0;
  }
  return (int)v;
}

void dsu_control_setup(void)
{
  const char *ctl = getenv("DSU_CONTROL");
  if (ctl && strcmp(ctl, "off") == 0) {
    dsu_log("DSU_CONTROL=off: control channel disabled");
    return;
  }
  int sig = choose_signal();
  if (!sig)
    return;

  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = dsu_signal_handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: blocking calls must return EINTR */
  if (sigaction(sig, NULL, &old) == 0 && old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN) {
    dsu_err("signal %d already has a handler; control channel disabled (set DSU_SIGNAL)", sig);
    return;
  }
  if (sigaction(sig, &sa, NULL) < 0) {
    dsu_err("sigaction(%d): %s; control channel disabled", sig, strerror(errno));
    return;
  }
  dsu_rt.signo = sig;
  int rc = dsu_control_open();
  if (rc < 0) {
    dsu_err("control socket @dsu.%d: %s; control channel disabled", (int)getpid(), strerror(-rc));
    dsu_rt.signo = 0;
    return;
  }
  static int atfork_done;
  if (!atfork_done) {
    atfork_done = 1;
    pthread_atfork(NULL, NULL, dsu_atfork_child);
  }
  dsu_log("control socket @dsu.%d (fd %d), wake-up signal %d", (int)dsu_rt.owner_pid,
          dsu_rt.control_fd, sig);
}

int dsu_control_fd(void)
{
  dsu_rt_init();
  return dsu_rt.control_fd;
}
