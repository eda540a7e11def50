/*
 * defer_prog.c - a program for the deferred-update tests, built with plain
 * clang (no dsu pass): its slots and its dsu_tu record, with hand-written
 * updateability summaries, are written here.
 *
 * Phases, each left when its file appears in DIR:
 *   worker   (DIR/leave-worker)    loops on dsu_update(), calls g after it;
 *                                  summary: may call g, use counter and
 *                                  struct acct; it calls field, which
 *                                  returns a field address of struct val
 *   nosum    (DIR/leave-nosum)     loops on dsu_update(); no summary at all
 *   loop     (DIR/leave-loop)      calls the slot "loop" once; a patch may
 *                                  make it loop on dsu_update() itself
 *   main     (DIR/stop)            loops on dsu_update(); summary: calls
 *                                  worker, nosum, loop, report
 * Every dsu_update() that applies a patch prints "applied in PHASE"; then
 * report() prints "g(1)=N h(1)=M".
 */
#include <dsu.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static const char *dir;

static int g_v1(int x) { return x + 1; }
static int h_v1(int x) { return x + 2; }
static void loop_v1(const char *d) { (void)d; }
int (*slot_g)(int) __asm__("__dsu_slot.g") = g_v1;
int (*slot_h)(int) __asm__("__dsu_slot.h") = h_v1;
void (*slot_loop)(const char *) __asm__("__dsu_slot.loop") = loop_v1;

/* The program's dsu_tu record (docs/manifest.md section 2). */
#define MANIFEST                                                                                   \
  "{\"format\":1,\"tu\":\"defer_prog.c\",\"functions\":["                                        \
  "{\"id\":\"main\",\"sym\":\"main\",\"file\":\"defer_prog.c\",\"restrict\":"                     \
  "{\"functions\":[\"loop\",\"nosum\",\"report\",\"worker\"],\"globals\":[],\"types\":[]}},"     \
  "{\"id\":\"worker\",\"sym\":\"worker\",\"file\":\"defer_prog.c\","                              \
  "\"slot_callees\":[\"g\",\"field\"],\"restrict\":"                                               \
  "{\"functions\":[\"g\"],\"globals\":[\"counter\"],\"types\":[\"struct acct\"]}},"              \
  "{\"id\":\"field\",\"sym\":\"field\",\"file\":\"other.c\",\"restrict\":"                    \
  "{\"functions\":[],\"globals\":[],\"types\":[]},\"returns_field_alias\":[\"struct val\"]},"     \
  "{\"id\":\"nosum\",\"sym\":\"nosum\",\"file\":\"defer_prog.c\"},"                               \
  "{\"id\":\"report\",\"sym\":\"report\",\"file\":\"defer_prog.c\",\"restrict\":"                 \
  "{\"functions\":[],\"globals\":[],\"types\":[]}}"                                              \
  "]}"
struct tu_record {
  char magic[8];
  uint32_t manifest_len, bitcode_len;
  char manifest[sizeof MANIFEST - 1];
};
__attribute__((section("dsu_tu"), used, aligned(8))) static const struct tu_record record = {
  "DSUTU001", sizeof MANIFEST - 1, 0, MANIFEST
};

int counter;

static int there(const char *name)
{
  char p[4096];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  return access(p, F_OK) == 0;
}

__attribute__((noinline)) void report(void)
{
  printf("g(1)=%d h(1)=%d\n", slot_g(1), slot_h(1));
  fflush(stdout);
}

static void applied(const char *phase)
{
  printf("applied in %s\n", phase);
  report();
}

__attribute__((noinline)) void worker(void)
{
  while (!there("leave-worker")) {
    if (dsu_update())
      applied("worker");
    counter += slot_g(counter & 7);
    usleep(10000);
  }
}

__attribute__((noinline)) void nosum(void)
{
  while (!there("leave-nosum")) {
    if (dsu_update())
      applied("nosum");
    usleep(10000);
  }
}

int main(int argc, char **argv)
{
  if (argc < 2)
    return 2;
  dir = argv[1];
  printf("version %s pid %d\n", dsu_version(), (int)getpid());
  fflush(stdout);
  printf("in worker\n");
  fflush(stdout);
  worker();
  printf("in nosum\n");
  fflush(stdout);
  nosum();
  printf("in loop\n");
  fflush(stdout);
  slot_loop(dir);
  printf("in main\n");
  fflush(stdout);
  while (!there("stop")) {
    if (dsu_update())
      applied("main");
    usleep(10000);
  }
  return 0;
}
