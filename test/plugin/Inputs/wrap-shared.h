/* Structs in a header included by two TUs: both must lay them out alike. */
struct session {
  int id;
  char user[16];
  double started;
};
typedef struct {
  short port;
  char host[6];
} Peer;
unsigned long session_size_a(void);
unsigned long session_size_b(void);
unsigned long peer_size_b(void);
int session_id_of(struct session *s);
int peer_port_of(Peer *p);
