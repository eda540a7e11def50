/* Replies built from constants: a version string and a lookup table. */
#include <dsu.h>
#include <stdio.h>
#include <unistd.h>

static const char banner[] = "service 1.0.1 (patched)";
static const int limits[3] = {10, 25, 30};
static int served; /* state: must survive the update */

static const char *get_banner(void) { return banner; }
static int get_limit(int i) { return limits[i]; }

int main(int argc, char **argv)
{
  if (argc < 3)
    return 2;
  FILE *out = fopen(argv[1], "w");
  if (!out)
    return 1;
  setvbuf(out, NULL, _IOLBF, 0);
  for (int i = 0; i < 3000; i++) { /* 30 s at most */
    served++;
    fprintf(out, "banner=%s limit=%d served=%d\n", get_banner(), get_limit(1), served);
    if (dsu_update())
      fprintf(out, "updated\n");
    if (access(argv[2], F_OK) == 0)
      break;
    usleep(10000);
  }
  return 0;
}
