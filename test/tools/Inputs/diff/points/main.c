/* Two update points that hold back different names: worker's (after it:
 * scale() through a slot, the global served, struct item) and main's (after
 * it: the static last_fd and struct conn).  struct item is wrapped; struct
 * conn is wrapped and pinned (a field address kept in a static). */
#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>

struct item {
  int id;
  int qty;
};

struct conn {
  int fd;
  char name[8];
};

static int *last_fd;
int served;
struct item stock = {1, 10};

__attribute__((noinline)) int scale(int x)
{
  return x * 3;
}

__attribute__((noinline)) struct conn *conn_new(int fd)
{
  struct conn *c = calloc(1, sizeof *c);
  c->fd = fd;
  last_fd = &c->fd;
  return c;
}

__attribute__((noinline)) void worker(void)
{
  for (int i = 0; i < 3; i++) {
    dsu_update();
    served += scale(i);
    stock.qty++;
  }
}

int main(void)
{
  struct conn *c = conn_new(3);
  worker();
  for (int i = 0; i < 2; i++) {
    dsu_update();
    printf("%d %d\n", c->fd, *last_fd);
  }
  return 0;
}
