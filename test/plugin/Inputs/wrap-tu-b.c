#include "wrap-shared.h"
unsigned long session_size_b(void) { return sizeof(struct session); }
unsigned long peer_size_b(void) { return sizeof(Peer); }
int session_id_of(struct session *s) { return s->id; }
int peer_port_of(Peer *p) { return p->port; }
