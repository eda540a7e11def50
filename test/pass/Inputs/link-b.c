/* link-b.c - second TU of the link test. */
#include <stdarg.h>

int triple(int x) { return 3 * x; }

int sum_ints(int n, ...) {
  va_list ap;
  int s = 0;
  va_start(ap, n);
  for (int i = 0; i < n; i++)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}

int (*b_handler(void))(int) { return triple; }
int (*b_sum(void))(int, ...) { return sum_ints; }

struct big { long a[8]; };
struct big twist(struct big b, int k) { b.a[0] += k; b.a[7] = b.a[1] * k; return b; }
struct big (*b_twist(void))(struct big, int) { return twist; }
