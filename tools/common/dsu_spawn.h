/*
 * dsu_spawn.h - run a child process (clang) and report how it ended.
 */
#ifndef DSU_TOOLS_SPAWN_H
#define DSU_TOOLS_SPAWN_H

/**
 * dsu_spawn() - run @argv (argv[0] is the program path) and wait for it.
 * @tool:        name of the calling tool, for messages
 * @argv:        NULL-terminated argument vector
 * @stderr_path: if not NULL, the child's stderr goes to this file (created
 *               or truncated), so the caller decides whether to show it
 *
 * A child that cannot be started, or that dies from a signal, is reported
 * on stderr naming the program.  A non-zero exit is not reported here: the
 * caller knows what the child was doing and says so.
 *
 * Return: the child's exit status (0..255), or -1 if it could not be run
 * or did not exit normally.
 */
int dsu_spawn(const char *tool, char *const argv[], const char *stderr_path);

/** dsu_cat_file() - copy the file @path to stderr (clang's diagnostics). */
void dsu_cat_file(const char *path);

#endif /* DSU_TOOLS_SPAWN_H */
