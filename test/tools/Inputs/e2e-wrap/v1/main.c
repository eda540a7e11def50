/* A program with live heap objects of a wrapped struct; each iteration
 * updates and prints them, then reaches an update point. */
#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
struct conn { int fd; int count; char name[8]; };
static struct conn *conns[3];
struct conn *conn_new(int fd, const char *name)
{
  struct conn *c = calloc(1, sizeof *c);
  c->fd = fd;
  c->count = fd * 10;
  snprintf(c->name, sizeof c->name, "%s", name);
  return c;
}
void conn_tick(struct conn *c) { c->count++; }
void conn_show(struct conn *c) { printf("v1 fd=%d count=%d name=%s\n", c->fd, c->count, c->name); }
int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 10;
  conns[0] = conn_new(1, "alpha");
  conns[1] = conn_new(2, "beta");
  conns[2] = conn_new(3, "gamma");
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < 3; k++) {
      conn_tick(conns[k]);
      conn_show(conns[k]);
    }
    fflush(stdout);
    struct timespec ts = {0, 5000000};
    nanosleep(&ts, NULL);
    dsu_update();
  }
  return 0;
}
