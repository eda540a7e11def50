/* State transformer for v2 -> v3: the new global starts at 10, not 5. */
#include <dsu.h>

extern int bonus;

int dsu_state_transform(void)
{
  bonus = 10;
  return 0;
}
