/*
 * prefix.h - where dsu's tools find their resources.
 *
 * The build tree mirrors the install tree (<prefix>/bin, <prefix>/lib/dsu,
 * <prefix>/include), so a tool finds the plugin, the pass, the runtime and
 * dsu.h relative to its own executable, identically in both.
 */
#ifndef DSU_PREFIX_H
#define DSU_PREFIX_H

struct dsu_prefix {
  char *bin_dir;     /* directory of the running executable */
  char *lib_dir;     /* <prefix>/lib/dsu */
  char *include_dir; /* <prefix>/include */
  const char *clang; /* $DSU_CLANG, else the clang 19 dsu was configured with */
};

/** dsu_prefix_free() - release the strings dsu_prefix_locate() allocated. */
void dsu_prefix_free(struct dsu_prefix *p);

/**
 * dsu_prefix_locate() - fill @p from /proc/self/exe.
 * @tool: the tool's name, for the error message
 *
 * Return: 0, or -1 after printing why (the executable path cannot be read).
 */
int dsu_prefix_locate(struct dsu_prefix *p, const char *tool);

/**
 * dsu_prefix_require() - check that the resource @path exists.
 *
 * Prints "TOOL: cannot find PATH (is dsu installed?)" when it does not.
 * Return: 0 if it exists, -1 otherwise.
 */
int dsu_prefix_require(const char *tool, const char *path);

#endif /* DSU_PREFIX_H */
