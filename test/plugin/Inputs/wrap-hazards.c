/* Wrapping hazards: every way a struct value is created or copied must keep
 * the user's field values (test/plugin/wrap-run.test). */
#include <stdio.h>
#include <stddef.h>
#include <string.h>
struct conn { int fd; char name[8]; long hits; };
struct conn g1 = {5, "abc", 7};
struct conn g2;
struct conn g3 = {.hits = 9, .fd = 3};
struct outer { struct conn c; int x; };
struct conn ret(struct conn c) { c.hits++; return c; }
int main(void) {
  struct conn s = {1, "x", 2}, t;
  t = s; t.fd = 10;
  struct conn arr[3] = {{1, "a", 1}, {2, "b", 2}};
  struct outer o = {{4, "o", 4}, 11};
  struct conn m; memcpy(&m, &g1, sizeof m);
  struct conn r = ret(s);
  printf("sizeof=%zu off_fd=%zu off_name=%zu off_hits=%zu\n", sizeof(struct conn), offsetof(struct conn, fd), offsetof(struct conn, name), offsetof(struct conn, hits));
  printf("%d %s %ld | %d %ld | %d %ld | %d %s %ld | %d %s | %d %d | %d %ld | %ld\n", g1.fd, g1.name, g1.hits, g2.fd, g2.hits, g3.fd, g3.hits, t.fd, t.name, t.hits, arr[1].fd, arr[1].name, o.c.fd, o.x, m.fd, m.hits, r.hits);
  return 0;
}
