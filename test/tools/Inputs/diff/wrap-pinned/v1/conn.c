#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
struct conn { int fd; char name[8]; };
struct job { int id; };
static int *last_fd; /* keeps a field address: pins struct conn */
struct conn *conn_new(int fd)
{
  struct conn *c = calloc(1, sizeof *c);
  c->fd = fd;
  last_fd = &c->fd;
  return c;
}
/* A job handle made from an integer: pins struct job. */
struct job *job_of(unsigned long h) { return (struct job *)h; }
int main(void)
{
  struct conn *c = conn_new(3);
  for (int i = 0; i < 2; i++) {
    printf("%d %d\n", c->fd, *last_fd);
    dsu_update();
  }
  return job_of(0) != 0;
}
