#include "wrap-shared.h"
unsigned long session_size_b(void) { return sizeof(struct session); }
int session_id_of(struct session *s) { return s->id; }
