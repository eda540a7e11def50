#include "wrap-shared.h"
#include <stdio.h>
unsigned long session_size_a(void) { return sizeof(struct session); }
int main(void)
{
  struct session s = {42, "ada", 1.5};
  printf("a=%lu b=%lu id=%d\n", session_size_a(), session_size_b(), session_id_of(&s));
  return 0;
}
