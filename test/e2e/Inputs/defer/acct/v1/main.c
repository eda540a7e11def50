/* defer/acct v1: heap objects of a wrapped struct; worker() holds an update
 * point in a loop and touches the first account's fields after it, so it
 * uses struct acct concretely while on the stack.  main's own loop only
 * calls report().  Arguments: LOG TRIGGER STOP: worker runs until TRIGGER
 * exists, main's loop until STOP does.  With -DALIAS worker keeps a pointer
 * to the balance field across its update point instead. */
#include <dsu.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NACCT 8

struct acct {
  int id;
  long balance;
  char owner[16];
};

struct acct *accts[NACCT];
int rounds;

__attribute__((noinline)) void setup(void)
{
  for (int i = 0; i < NACCT; i++) {
    struct acct *a = malloc(sizeof *a);
    if (!a)
      exit(1);
    a->id = i + 1;
    a->balance = 100 * (i + 1);
    snprintf(a->owner, sizeof a->owner, "owner-%d", i + 1);
    accts[i] = a;
  }
}

__attribute__((noinline)) void report(FILE *out)
{
  for (int i = 0; i < NACCT; i++)
    fprintf(out, "v1 acct id=%d balance=%ld owner=%s\n", accts[i]->id, accts[i]->balance,
            accts[i]->owner);
}

__attribute__((noinline)) int exists(const char *path)
{
  return access(path, F_OK) == 0;
}

__attribute__((noinline)) void worker(FILE *out, const char *trigger)
{
  struct acct *a = accts[0];
#ifdef ALIAS
  long *bal = &a->balance; /* a field address held across the update point */
#endif
  while (!exists(trigger)) {
    if (dsu_update())
      fprintf(out, "updated in worker\n");
#ifdef ALIAS
    *bal += 1;
#else
    a->balance += 1;
#endif
    rounds++;
    usleep(10000);
  }
}

int main(int argc, char **argv)
{
  if (argc < 4)
    return 2;
  FILE *out = fopen(argv[1], "w");
  if (!out)
    return 1;
  setvbuf(out, NULL, _IOLBF, 0);
  setup();
  fprintf(out, "in worker\n");
  worker(out, argv[2]);
  fprintf(out, "left worker rounds=%d\n", rounds);
  for (int i = 0; i < 6000 && !exists(argv[3]); i++) { /* 60 s at most */
    if (dsu_update()) {
      fprintf(out, "updated in main\n");
      report(out);
    }
    usleep(10000);
  }
  return 0;
}
