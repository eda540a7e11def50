/* A transformer for global counter that crashes (the others are generated). */
#include <stddef.h>

void dsu_gxform_counter(void *to, const void *from)
{
  (void)to;
  (void)from;
  *(volatile long *)NULL = 1;
}
