/*
 * hazards.c - version 1.  Every way an object of a wrapped struct comes to
 * exist or to move, held across a live update that changes the struct's
 * layout (v2).  Reads one command per line on stdin, answers on stdout:
 *
 *   INIT   create every object     DUMP   print every object
 *   CHURN  free one heap object and allocate another (the block is reused)
 *   GROW   grow the realloc'd array by two
 *   QUIT
 *
 * The objects: a .bss array, an initialised global, a struct embedded by
 * value in another, one malloc'd object, a calloc'd array filled by memcpy
 * from a stack object, a realloc-grown array; values made by a function
 * that returns a struct by value, copied by struct assignment, printed by a
 * function that takes one by value.
 */
#include <dsu.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct item {
  int id;
  char name[8];
  long value;
};

struct holder {
  int n;
  struct item embedded;
};

static struct item bss_items[3];
static struct item init_item = { 7, "init", 70 };
static struct holder holder;
static struct item *heap_one;
static struct item *heap_zeroed; /* 2 elements */
static struct item *heap_grown;
static size_t n_grown;

static struct item make_item(int id, const char *name)
{
  struct item it = { .id = id, .value = 10L * id };
  snprintf(it.name, sizeof it.name, "%s", name);
  return it;
}

static void print_item(const char *what, struct item it)
{
  printf(" %s=%d/%s/%ld", what, it.id, it.name, it.value);
}

static void create(void)
{
  for (int i = 0; i < 3; i++)
    bss_items[i] = make_item(i + 1, "bss");
  holder.n = 1;
  holder.embedded = make_item(9, "emb");
  heap_one = malloc(sizeof *heap_one);
  *heap_one = make_item(11, "one");
  heap_zeroed = calloc(2, sizeof *heap_zeroed);
  struct item local = make_item(12, "stack");
  memcpy(&heap_zeroed[1], &local, sizeof local);
  heap_grown = realloc(NULL, 2 * sizeof *heap_grown);
  n_grown = 2;
  for (size_t i = 0; i < n_grown; i++)
    heap_grown[i] = make_item(20 + (int)i, "grown");
}

static void dump(void)
{
  for (int i = 0; i < 3; i++)
    print_item("bss", bss_items[i]);
  print_item("init", init_item);
  print_item("emb", holder.embedded);
  print_item("one", *heap_one);
  print_item("zero", heap_zeroed[0]);
  print_item("z1", heap_zeroed[1]);
  for (size_t i = 0; i < n_grown; i++)
    print_item("g", heap_grown[i]);
  printf("\n");
}

static void churn(void)
{
  int id = heap_one->id + 100;
  free(heap_one);
  heap_one = malloc(sizeof *heap_one);
  *heap_one = make_item(id, "churn");
}

static void grow(void)
{
  heap_grown = realloc(heap_grown, (n_grown + 2) * sizeof *heap_grown);
  for (size_t i = n_grown; i < n_grown + 2; i++)
    heap_grown[i] = make_item(20 + (int)i, "grown");
  n_grown += 2;
}

/* Run one command.  Return: -1 to quit. */
static int command(const char *line)
{
  if (!strcmp(line, "INIT"))
    create();
  else if (!strcmp(line, "DUMP"))
    dump();
  else if (!strcmp(line, "CHURN"))
    churn();
  else if (!strcmp(line, "GROW"))
    grow();
  else if (!strcmp(line, "QUIT"))
    return -1;
  printf("ok %s\n", line);
  fflush(stdout);
  return 0;
}

int main(void)
{
  char line[64];
  size_t n = 0;
  for (;;) {
    ssize_t r = read(0, line + n, 1);
    if (r < 0 && errno == EINTR) {
      dsu_update(); /* woken up by dsu-ctl */
      continue;
    }
    if (r <= 0)
      return 0;
    if (line[n] != '\n' && n + 2 < sizeof line) {
      n++;
      continue;
    }
    line[n] = '\0';
    n = 0;
    if (command(line) < 0)
      return 0;
    dsu_update();
  }
}
