// An update point reachable from a signal handler installed in this TU is a
// compile error naming the handler, how it was installed and the call path:
// signal(), a store into a struct sigaction, a designated initialiser of one
// (copied from a constant), through a direct call of a helper.  A handler
// that only sets a flag, and the update point of the main loop, are fine.
// RUN: not %clang -c -O0 -g -fpass-plugin=%pass -fplugin=%pass -I%dsu-include %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=error:
// RUN: not %clang -c -O2 -g -fpass-plugin=%pass -fplugin=%pass -I%dsu-include %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=error:
// RUN: %clang -c -O2 -g -fpass-plugin=%pass -fplugin=%pass -I%dsu-include -DONLY_FLAGS %s -o %t.o
#include <dsu.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t flag;
static void on_usr(int s) { (void)s; flag = 1; }
#ifndef ONLY_FLAGS
static void helper(void) { dsu_update(); }
static void on_hup(int s) { (void)s; helper(); }
static void on_term(int s) { (void)s; dsu_update(); }
static void on_int(int s, siginfo_t *i, void *c) { (void)s, (void)i, (void)c, dsu_update(); }
#endif

int main(void) {
#ifndef ONLY_FLAGS
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  // CHECK-DAG: signal-handler.c:[[#@LINE-8]]:39: error: dsu: update point in signal handler 'on_term' (stored into a struct sigaction at {{.*}}signal-handler.c:[[#@LINE+1]], reached through on_term): a signal interrupts the program anywhere, so old code would be in the middle of its work below the update; call dsu_update() from the main loop and let the handler only set a flag
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, 0);
  // CHECK-DAG: signal-handler.c:[[#@LINE-10]]:79: error: dsu: update point in signal handler 'on_int' (stored into a struct sigaction at {{.*}}signal-handler.c:[[#@LINE+1]], reached through on_int)
  struct sigaction sb = {.sa_sigaction = on_int, .sa_flags = SA_SIGINFO};
  sigaction(SIGINT, &sb, 0);
  // CHECK-DAG: signal-handler.c:[[#@LINE-16]]:28: error: dsu: update point in signal handler 'on_hup' (passed to signal() at {{.*}}signal-handler.c:[[#@LINE+1]], reached through on_hup -> helper)
  signal(SIGHUP, on_hup);
#endif
  signal(SIGUSR1, on_usr);
  for (;;) {
    dsu_update();
    if (flag)
      break;
  }
  return 0;
}
