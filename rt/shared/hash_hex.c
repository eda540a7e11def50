/*
 * hash_hex.c - xxh3-64 as 16 hex digits (libxxhash).
 */
#include "hash_hex.h"

#include <stdio.h>
#include <xxhash.h>

void dsu_hash_hex(const void *data, size_t len, char out[DSU_HASH_HEX_LEN + 1])
{
  snprintf(out, DSU_HASH_HEX_LEN + 1, "%016llx", (unsigned long long)XXH3_64bits(data, len));
}
