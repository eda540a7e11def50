/* link-a.c - first TU of the link test: main, a qsort callback, a table of
 * handlers that mixes this TU's and another TU's functions, slot swaps. */
#include <stdio.h>
#include <stdlib.h>

int triple(int x);                   /* link-b.c */
int sum_ints(int n, ...);            /* link-b.c, varargs */
int (*b_handler(void))(int);         /* link-b.c: returns &triple */
int (*b_sum(void))(int, ...);        /* link-b.c: returns &sum_ints */
struct big { long a[8]; };
struct big twist(struct big b, int k); /* link-b.c: byval and sret */
struct big (*b_twist(void))(struct big, int);

static int ascending(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static int descending(const void *a, const void *b) { return *(const int *)b - *(const int *)a; }
static int add_one(int x) { return x + 1; }

typedef int (*handler_t)(int);
static handler_t handlers[] = {add_one, triple};

/* What an update does: store a new body into a slot.  The slot of the static
 * ascending() is reached by its exported name, as a patch would. */
extern int (*slot_ascending)(const void *, const void *) __asm__("__dsu_slot.__dsu_s." TUH ".ascending");
extern int (*slot_triple)(int) __asm__("__dsu_slot.triple");

static int times_ten(int x) { return 10 * x; }

static void show(const char *what) {
  int v[4] = {3, 1, 4, 2};
  qsort(v, 4, sizeof *v, ascending);
  printf("%s: sorted %d %d %d %d; handlers %d %d; direct %d\n", what, v[0], v[1], v[2], v[3],
         handlers[0](5), handlers[1](5), triple(5));
}

int main(void) {
  show("before");
  printf("same address: %d\n", b_handler() == triple && handlers[1] == triple);
  printf("varargs through entry: %d\n", b_sum()(3, 10, 20, 30));
  struct big (*tw)(struct big, int) = twist;
  struct big b = {{1, 2}};
  b = tw(b, 5);
  printf("byval through entries: %ld %ld %d\n", b.a[0], b.a[7], tw == b_twist());
  slot_ascending = descending;
  slot_triple = times_ten;
  show("after");
  return 0;
}
