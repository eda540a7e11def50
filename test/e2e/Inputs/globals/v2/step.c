#include <stdio.h>

extern long counter;
extern int hist[16];
extern char name[32];

void step(FILE *out)
{
  counter += 1000000000L; /* passes 2^31 within three steps */
  hist[counter % 16]++;
  fprintf(out, "v2 name=%s counter=%ld hist=", name, counter);
  for (int i = 0; i < 16; i++)
    fprintf(out, "%s%d", i ? "," : "", hist[i]);
  fprintf(out, "\n");
}
