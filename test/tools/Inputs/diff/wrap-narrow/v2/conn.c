#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
struct conn { int fd; int hits; };
static struct conn *conns[4];
struct conn *conn_new(int fd)
{
  struct conn *c = calloc(1, sizeof *c);
  c->fd = fd;
  return c;
}
long conn_value(struct conn *c) { return c->hits; }
int unrelated(int x) { return x * 3; }
int main(void)
{
  conns[0] = conn_new(3);
  for (int i = 0; i < 2; i++) {
    printf("%ld %d\n", conn_value(conns[0]), unrelated(i));
    dsu_update();
  }
  return 0;
}
