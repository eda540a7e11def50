#include <stdio.h>

extern long counter;
extern int hist[16];
extern char name[32];

void step(FILE *out)
{
  counter += 7;
  hist[counter % 16]++;
  fprintf(out, "v3 name=%s counter=%ld hist=", name, counter);
  for (int i = 0; i < 16; i++)
    fprintf(out, "%s%d", i ? "," : "", hist[i]);
  fprintf(out, "\n");
}
