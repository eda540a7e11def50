/* A worker loop holding an update point that, after it, calls scale(), uses
 * the global counter and touches struct item; report() calls a small static
 * helper directly, and holds the field address tag_of() returns.  v2 changes
 * the first three and report(); the helper stays as it is (the patch carries
 * its own copy of it). */
#include <dsu.h>
#include <stdio.h>

struct item {
  char tag[8];
  int id;
  int qty;
};

int counter;
struct item stock = {"stock", 1, 10};

__attribute__((noinline)) int scale(int x)
{
  return x * 3;
}

static int clamp(int x)
{
  return x > 100 ? 100 : x;
}

/* Returns the address of a field: its callers hold an alias into struct item. */
__attribute__((noinline)) char *tag_of(struct item *it)
{
  return it->tag;
}

__attribute__((noinline)) void report(void)
{
  printf("%d %d\n", clamp(counter), stock.qty);
  puts(tag_of(&stock));
}

__attribute__((noinline)) void worker(void)
{
  for (int i = 0; i < 3; i++) {
    dsu_update();
    counter += scale(i);
    stock.qty++;
  }
}

int main(void)
{
  worker();
  report();
  return 0;
}
