/*
 * prefix.c - locate dsu's resources relative to the running executable.
 */
#include "prefix.h"

#include "dsu_config.h"
#include "strvec.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Resolve "DIR/REL" to a canonical path when it exists, so messages and
 * verbose commands show /usr/local/lib/dsu rather than bin/../lib/dsu.  A
 * missing directory is kept as written: the caller's existence check then
 * names it. */
static char *join_canonical(const char *dir, const char *rel)
{
  char *joined = xasprintf("%s/%s", dir, rel);
  char buf[PATH_MAX];
  if (realpath(joined, buf)) {
    free(joined);
    return xstrdup(buf);
  }
  return joined;
}

int dsu_prefix_locate(struct dsu_prefix *p, const char *tool)
{
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n < 0) {
    fprintf(stderr, "%s: cannot read /proc/self/exe: %s\n", tool, strerror(errno));
    return -1;
  }
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (slash)
    *slash = '\0';
  p->bin_dir = xstrdup(exe);
  p->lib_dir = join_canonical(exe, DSU_REL_LIB_DIR);
  p->include_dir = join_canonical(exe, DSU_REL_INCLUDE_DIR);
  const char *env = getenv("DSU_CLANG");
  p->clang = env && *env ? env : DSU_CLANG_PATH;
  return 0;
}

int dsu_prefix_require(const char *tool, const char *path)
{
  if (access(path, F_OK) == 0)
    return 0;
  fprintf(stderr, "%s: cannot find %s (is dsu installed?)\n", tool, path);
  return -1;
}

void dsu_prefix_free(struct dsu_prefix *p)
{
  free(p->bin_dir);
  free(p->lib_dir);
  free(p->include_dir);
  p->bin_dir = p->lib_dir = p->include_dir = NULL;
}
