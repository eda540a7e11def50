#include <dsu.h>
#include <stdio.h>
struct conn { int fd; int state; long hits; };
struct conn conns[4];
int conn_state(int i) { return conns[i].state; }
int main(void)
{
  printf("%d\n", conn_state(0));
  dsu_update();
  return 0;
}
