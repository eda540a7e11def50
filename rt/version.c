/*
 * version.c - the version id of the running code (docs/manifest.md §2).
 *
 * The base version is xxh3_64 of the whole dsu_tu section, which the linker
 * brackets with __start_dsu_tu/__stop_dsu_tu.  The symbols are weak: a
 * program linked without any dsu_tu record (plain clang, as in the runtime
 * tests) hashes zero bytes.  After a patch is applied the version becomes
 * the patch's "to" (apply.c).
 */
#include <string.h>

#include "rt_internal.h"

extern const char __start_dsu_tu[] __attribute__((weak));
extern const char __stop_dsu_tu[] __attribute__((weak));

void dsu_version_init(void)
{
  const char *b = __start_dsu_tu, *e = __stop_dsu_tu;
  size_t len = (b && e && e > b) ? (size_t)(e - b) : 0;
  dsu_hash_hex(len ? b : "", len, dsu_rt.base_version);
  memcpy(dsu_rt.version, dsu_rt.base_version, sizeof dsu_rt.version);
  dsu_log("version %s (%zu bytes of dsu_tu)", dsu_rt.base_version, len);
}

const char *dsu_version(void)
{
  dsu_rt_init();
  return dsu_rt.version;
}
