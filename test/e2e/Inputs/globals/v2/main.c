/* Loops, calling step() each iteration; main itself never touches the
 * globals (it holds the update point, so its running code is never replaced). */
#include <dsu.h>
#include <stdio.h>
#include <unistd.h>

void step(FILE *out);

int main(int argc, char **argv)
{
  if (argc < 3)
    return 2;
  FILE *out = fopen(argv[1], "w");
  if (!out)
    return 1;
  setvbuf(out, NULL, _IOLBF, 0);
  for (int i = 0; i < 6000; i++) { /* 60 s at most */
    step(out);
    if (dsu_update())
      fprintf(out, "updated\n");
    if (access(argv[2], F_OK) == 0)
      break;
    usleep(10000);
  }
  return 0;
}
