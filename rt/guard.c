/*
 * guard.c - run a function so that a crash inside it returns to the caller
 * instead of killing the process.
 *
 * Used for code the runtime calls on the program's behalf and must survive:
 * the smoke run of a type transformer during validation, the state
 * transformer at commit, a type transformer during lazy conversion (so that
 * the fatal message names the type and step rather than leaving a bare
 * SIGSEGV).
 *
 * How: handlers for SIGSEGV, SIGBUS, SIGFPE and SIGILL are installed for
 * the duration of the call (the previous ones are saved and put back), on
 * an alternate stack so a stack overflow is caught too; a handler that
 * runs while the guard is active siglongjmp()s back to sigsetjmp() in
 * dsu_guard_run(), which restores the signal mask.
 *
 * Guards nest (a state transformer may reach a lazy conversion): each
 * level keeps its own jump buffer and the innermost one catches.  The
 * "current guard" pointer is per thread, but the handlers themselves are
 * per process: two threads running guards at once may restore each
 * other's handlers early (see docs/runtime.md, locking rules).
 *
 * Limits: after a crash, whatever the function changed stays changed, and
 * a crash inside malloc() may leave its lock held.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

static const int guarded[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
#define NGUARDED (sizeof guarded / sizeof guarded[0])

struct guard {
  sigjmp_buf env;
  volatile sig_atomic_t signo;
};

static _Thread_local struct guard *volatile current;

/* Any signal of guarded[] while a guard is active: back to its sigsetjmp. */
static void on_crash(int signo)
{
  struct guard *g = current;
  if (!g) {
    /* Raised after the guard ended (another thread's handlers): die as the
     * default action would. */
    signal(signo, SIG_DFL);
    raise(signo);
    return;
  }
  g->signo = signo;
  siglongjmp(g->env, 1);
}

const char *dsu_signal_name(int signo)
{
  switch (signo) {
  case SIGSEGV: return "SIGSEGV";
  case SIGBUS: return "SIGBUS";
  case SIGFPE: return "SIGFPE";
  case SIGILL: return "SIGILL";
  default: return "signal";
  }
}

/*
 * The sigsetjmp() lives in a function of its own so that no local of
 * dsu_guard_run() is live across it (and clobbered by the siglongjmp()).
 */
static __attribute__((noinline)) void run_caught(struct guard *g, void (*fn)(void *), void *arg)
{
  struct guard *outer = current;
  if (sigsetjmp(g->env, 1) == 0) {
    current = g;
    fn(arg);
  }
  current = outer;
}

int dsu_guard_run(void (*fn)(void *), void *arg)
{
  struct sigaction old[NGUARDED], sa;
  stack_t alt = { 0 }, old_alt;
  size_t alt_size = SIGSTKSZ > 65536 ? SIGSTKSZ : 65536;
  void *alt_mem = malloc(alt_size);
  int have_alt = 0;

  /* A stack overflow can only be caught on another stack.  Keep a stack
   * the thread already has (an outer guard's, or the program's). */
  if (alt_mem && sigaltstack(NULL, &old_alt) == 0 && (old_alt.ss_flags & SS_DISABLE)) {
    alt.ss_sp = alt_mem;
    alt.ss_size = alt_size;
    have_alt = sigaltstack(&alt, NULL) == 0;
  }
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_crash;
  sa.sa_flags = SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < NGUARDED; i++)
    sigaction(guarded[i], &sa, &old[i]);

  struct guard g = { .signo = 0 };
  run_caught(&g, fn, arg);

  for (size_t i = 0; i < NGUARDED; i++)
    sigaction(guarded[i], &old[i], NULL);
  if (have_alt) {
    /* The handler ran on this stack and left by siglongjmp: the kernel
     * still considers it in use only while a handler runs on it. */
    stack_t off = { .ss_flags = SS_DISABLE };
    sigaltstack(&off, NULL);
  }
  free(alt_mem);
  return g.signo;
}
