#include "wrap-shared.h"
#include <stdio.h>
unsigned long session_size_a(void) { return sizeof(struct session); }
int main(void)
{
  struct session s = {42, "ada", 1.5};
  Peer p = {8080, "h"};
  printf("a=%lu b=%lu id=%d peer a=%zu b=%lu port=%d\n", session_size_a(), session_size_b(), session_id_of(&s),
         sizeof(Peer), peer_size_b(), peer_port_of(&p));
  return 0;
}
