/*
 * types_prog.c - a program with one wrapped type, instrumented by hand the
 * way the dsu pass instruments compiled code: a descriptor
 * __dsu_type.s.item, a tag check before each field access (calling
 * __dsu_convert on a mismatch), __dsu_stamp_alloc after each allocation.
 * Built with plain clang, so the runtime is tested without the pass.
 *
 * struct item, layout 11111111 (v1): tag, int a, int b; wrapped size 32.
 * Patches (types_patch.c) change it to v2 and v3.
 *
 * Commands on stdin, one per line; each answers one line starting with its
 * own name (the test waits for it):
 *   new K A B      items[K] = malloc'd, stamped; set(K, A, B) through its slot
 *   bss K          items[K] = &zeroed[K] (a .bss object: tag 0)
 *   raw K TAG A B  items[K] = malloc'd, NOT stamped, tag TAG (hex), a, b written raw
 *   show K         show(K) through its slot
 *   peek K         reads a with v1 code that no patch replaces
 *   arr N          malloc N items, stamp; count tags over the usable size
 *   grow N M       malloc N, stamp, mark tags 7, realloc to M, stamp new slots
 *   crash          a NULL dereference (the default SIGSEGV action must be back)
 *   pool           stamp 3.x elements of a 5-element buffer as another allocator would
 */
#define _GNU_SOURCE
#include <dsu.h>
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ID1 0x11111111u

struct item {
  uint32_t dsu_tag;
  int a;
  int b;
  uint32_t pad;
  uint64_t dsu_slop[2];
};
_Static_assert(sizeof(struct item) == 32, "wrapped size");

/* What the pass emits: weak, exported, also defined (ignored) in patches. */
__attribute__((weak, visibility("default"))) struct dsu__type item_desc __asm__("__dsu_type.s.item") = {
  DSU_TYPE_ABI, ID1, sizeof(struct item), "struct item", NULL
};

/* The check the pass inserts before a field access. */
#define CHECK(p)                                                                                   \
  do {                                                                                             \
    if (__builtin_expect((p)->dsu_tag != ID1, 0))                                                  \
      __dsu_convert((p), &item_desc, ID1);                                                         \
  } while (0)

struct item *items[16];
static struct item zeroed[16];

static void show_v1(int k, struct item *p)
{
  CHECK(p);
  printf("show %d: v1 tag=%08x a=%d b=%d\n", k, p->dsu_tag, p->a, p->b);
}
static void set_v1(struct item *p, int a, int b)
{
  CHECK(p);
  p->a = a;
  p->b = b;
}
void (*slot_show)(int, struct item *) __asm__("__dsu_slot.show") = show_v1;
void (*slot_set)(struct item *, int, int) __asm__("__dsu_slot.set") = set_v1;

/* Count elements of @p[@from..@to) whose tag is @tag. */
static size_t count_tag(const struct item *p, size_t from, size_t to, uint32_t tag)
{
  size_t n = 0;
  for (size_t i = from; i < to; i++)
    n += p[i].dsu_tag == tag;
  return n;
}

static void command(char *line)
{
  char cmd[16] = "";
  long x = 0, y = 0, z = 0;
  unsigned tag = 0;
  int k = 0;
  sscanf(line, "%15s", cmd);
  if (strcmp(cmd, "new") == 0 && sscanf(line, "%*s %d %ld %ld", &k, &x, &y) == 3) {
    struct item *p = malloc(sizeof *p);
    __dsu_stamp_alloc(p, &item_desc, ID1, 0, sizeof *p, 0);
    items[k] = p;
    slot_set(p, (int)x, (int)y);
    printf("new %d\n", k);
  } else if (strcmp(cmd, "bss") == 0 && sscanf(line, "%*s %d", &k) == 1) {
    items[k] = &zeroed[k];
    printf("bss %d\n", k);
  } else if (strcmp(cmd, "raw") == 0 && sscanf(line, "%*s %d %x %ld %ld", &k, &tag, &x, &y) == 4) {
    struct item *p = calloc(1, sizeof *p);
    p->dsu_tag = tag;
    p->a = (int)x;
    p->b = (int)y;
    items[k] = p;
    printf("raw %d\n", k);
  } else if (strcmp(cmd, "show") == 0 && sscanf(line, "%*s %d", &k) == 1) {
    slot_show(k, items[k]);
  } else if (strcmp(cmd, "peek") == 0 && sscanf(line, "%*s %d", &k) == 1) {
    CHECK(items[k]);
    printf("peek %d: a=%d\n", k, items[k]->a);
  } else if (strcmp(cmd, "arr") == 0 && sscanf(line, "%*s %ld", &x) == 1) {
    struct item *p = malloc((size_t)x * sizeof *p);
    memset(p, 0xab, (size_t)x * sizeof *p);
    __dsu_stamp_alloc(p, &item_desc, ID1, 0, (size_t)x * sizeof *p, 0);
    size_t usable = malloc_usable_size(p) / sizeof *p;
    printf("arr %ld: usable_elems=%zu stamped=%zu\n", x, usable, count_tag(p, 0, usable, ID1));
    free(p);
  } else if (strcmp(cmd, "grow") == 0 && sscanf(line, "%*s %ld %ld", &x, &y) == 2) {
    struct item *p = malloc((size_t)x * sizeof *p);
    __dsu_stamp_alloc(p, &item_desc, ID1, 0, (size_t)x * sizeof *p, 0);
    size_t old_usable = malloc_usable_size(p), old_elems = old_usable / sizeof *p;
    for (size_t i = 0; i < old_elems; i++)
      p[i].dsu_tag = 7; /* marks "an object already here" */
    struct item *q = realloc(p, (size_t)y * sizeof *q);
    __dsu_stamp_alloc(q, &item_desc, ID1, old_usable, (size_t)y * sizeof *q, 0);
    size_t new_elems = malloc_usable_size(q) / sizeof *q;
    printf("grow %ld %ld: old_elems=%zu kept=%zu new_slots=%zu stamped=%zu\n", x, y, old_elems,
           count_tag(q, 0, old_elems, 7), new_elems - old_elems, count_tag(q, old_elems, new_elems, ID1));
    free(q);
  } else if (strcmp(cmd, "crash") == 0) {
    volatile int *volatile nowhere = NULL;
    printf("crash %d\n", *nowhere);
  } else if (strcmp(cmd, "pool") == 0) {
    struct item buf[5];
    memset(buf, 0xff, sizeof buf);
    __dsu_stamp_alloc(buf, &item_desc, ID1, 0, 3 * sizeof *buf + 5, 1);
    __dsu_stamp_alloc(NULL, &item_desc, ID1, 0, sizeof *buf, 1); /* must do nothing */
    printf("pool:");
    for (int i = 0; i < 5; i++)
      printf(" %08x", buf[i].dsu_tag);
    printf("\n");
  } else {
    printf("unknown command: %s\n", line);
  }
  fflush(stdout);
}

int main(void)
{
  printf("version %s pid %d\n", dsu_version(), (int)getpid());
  fflush(stdout);
  char buf[4096];
  size_t len = 0;
  for (;;) {
    dsu_update();
    struct pollfd p = { .fd = 0, .events = POLLIN };
    if (poll(&p, 1, -1) < 0) {
      if (errno == EINTR)
        continue;
      perror("poll");
      return 1;
    }
    ssize_t n = read(0, buf + len, sizeof buf - 1 - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return 0;
    len += (size_t)n;
    char *nl;
    while ((nl = memchr(buf, '\n', len))) {
      *nl = 0;
      command(buf);
      len -= (size_t)(nl + 1 - buf);
      memmove(buf, nl + 1, len);
    }
  }
}
