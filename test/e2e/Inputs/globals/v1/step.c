#include <stdio.h>

extern int counter;
extern int hist[10];
extern char name[8];

void step(FILE *out)
{
  counter += 1;
  hist[counter % 10]++;
  fprintf(out, "v1 name=%s counter=%d hist=", name, counter);
  for (int i = 0; i < 10; i++)
    fprintf(out, "%s%d", i ? "," : "", hist[i]);
  fprintf(out, "\n");
}
