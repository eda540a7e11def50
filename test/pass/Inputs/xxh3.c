/* xxh3.c - prints libxxhash's XXH3_64bits of each argument as 16 hex. */
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    printf("%016llx\n", (unsigned long long)XXH3_64bits(argv[i], strlen(argv[i])));
  return 0;
}
