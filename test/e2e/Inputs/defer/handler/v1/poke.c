#include <dsu.h>

/* The update point a signal handler reaches. */
void poke(void)
{
  dsu_update();
}

const char *report(void)
{
  return "v1 report";
}
