/* Wrapping hazards: every way a struct value is created or copied must keep
 * the user's field values (test/plugin/wrap-run.test).  EXPECT_* are the
 * layout the build is expected to have, checked at compile time. */
#include <stdio.h>
#include <stddef.h>
#include <string.h>
struct conn { int fd; char name[8]; long hits; };
typedef struct { char c; short s; } Small;
_Static_assert(sizeof(struct conn) == EXPECT_SIZE, "sizeof(struct conn)");
_Static_assert(offsetof(struct conn, fd) == EXPECT_OFF_FD, "offsetof(struct conn, fd)");
_Static_assert(sizeof(Small) == EXPECT_SMALL, "sizeof(Small)");
struct conn g1 = {5, "abc", 7};
struct conn g2;
struct conn g3 = {.hits = 9, .fd = 3};
struct conn garr[4] = {[2] = {6, "g", 8}};
Small gsm[3] = {{'a', 1}, {'b', 2}, {'c', 3}};
struct outer { struct conn c; int x; };
struct conn ret(struct conn c) { c.hits++; return c; }
int main(void) {
  struct conn s = {1, "x", 2}, t, z = {0};
  t = s; t.fd = 10;
  struct conn arr[3] = {{1, "a", 1}, {2, "b", 2}};
  struct outer o = {{4, "o", 4}, 11};
  struct conn m; memcpy(&m, &g1, sizeof m);
  struct conn r = ret(s);
  char buf[sizeof(struct conn)];
  printf("sizeof=%zu off_fd=%zu off_name=%zu off_hits=%zu buf=%zu small=%zu/%zu\n", sizeof(struct conn),
         offsetof(struct conn, fd), offsetof(struct conn, name), offsetof(struct conn, hits), sizeof buf,
         sizeof(Small), _Alignof(Small));
  printf("%d %s %ld | %d %ld | %d %ld | %d %s %ld | %d %s | %d %d | %d %ld | %ld | %d %ld | %d %s %ld %d | %c %d\n",
         g1.fd, g1.name, g1.hits, g2.fd, g2.hits, g3.fd, g3.hits, t.fd, t.name, t.hits, arr[1].fd, arr[1].name,
         o.c.fd, o.x, m.fd, m.hits, r.hits, z.fd, z.hits, garr[2].fd, garr[2].name, garr[2].hits, garr[3].fd,
         gsm[2].c, gsm[2].s);
  return 0;
}
