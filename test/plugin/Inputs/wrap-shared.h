/* One struct in a header included by two TUs: both must lay it out alike. */
struct session {
  int id;
  char user[16];
  double started;
};
unsigned long session_size_a(void);
unsigned long session_size_b(void);
int session_id_of(struct session *s);
