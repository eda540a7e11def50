/*
 * hash_hex.h - the one hash dsu uses outside the compiler: xxh3-64, printed
 * as 16 lowercase hex digits.  The pass uses LLVM's xxh3_64bits, which
 * computes the same function.
 */
#ifndef DSU_HASH_HEX_H
#define DSU_HASH_HEX_H

#include <stddef.h>

#define DSU_HASH_HEX_LEN 16

/** dsu_hash_hex() - xxh3_64 of @len bytes at @data into @out (17 bytes, NUL-terminated). */
void dsu_hash_hex(const void *data, size_t len, char out[DSU_HASH_HEX_LEN + 1]);

#endif /* DSU_HASH_HEX_H */
