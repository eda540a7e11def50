/* defer/handler: an update point reached from a signal handler.  The
 * handler lives in handler.c and reaches dsu_update() through poke() in
 * poke.c, so no single TU shows the compiler the path (the pass refuses it
 * when one does).  main() runs without update points until the file argv[2]
 * exists, then calls dsu_update() once per round.
 * Usage: prog LOG GO STOP */
#include <dsu.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

void on_usr1(int sig);
const char *report(void);

int main(int argc, char **argv)
{
  if (argc != 4)
    return 2;
  FILE *log = fopen(argv[1], "w");
  if (!log)
    return 2;
  setvbuf(log, NULL, _IOLBF, 0);
  signal(SIGUSR1, on_usr1);
  fprintf(log, "ready\n");
  int updating = 0;
  while (access(argv[3], F_OK) != 0) {
    if (!updating && access(argv[2], F_OK) == 0) {
      updating = 1;
      fprintf(log, "update points on\n");
    }
    if (updating && dsu_update())
      fprintf(log, "updated in main: %s\n", report());
    usleep(10000);
  }
  fprintf(log, "%s\n", report());
  return 0;
}
