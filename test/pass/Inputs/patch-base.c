/* patch-base.c - the NEW version of a TU a patch is compiled from. */
#include <stdio.h>
int dsu_update(void);
int kv_get(const char *k); /* defined in another TU */

static int store[4];
int stats_served;                /* new in this version */
static const char *banner = "v2"; /* existing, unchanged */

static void log_line(const char *m) { printf("log %s %s\n", banner, m); }
static int scale(int x) { return x * 3; }
static const int weights[2] = {7, 9}; /* a constant: the patch keeps its own copy */
int cmd_stats(void) { return stats_served * weights[stats_served & 1]; } /* new in this version */

int handle(int x) {
  stats_served++;
  log_line("handle");
  store[0] += scale(x);
  return kv_get("a") + cmd_stats();
}

typedef int (*handler_t)(int);
handler_t handlers[] = {handle};
int (*stats_hook)(void);

void install(void) { stats_hook = cmd_stats; }

int main(void) {
  while (!dsu_update())
    handlers[0](1);
  return 0;
}
