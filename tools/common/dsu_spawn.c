/*
 * spawn.c - posix_spawn() a child and wait for it.
 */
#include "dsu_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

int dsu_spawn(const char *tool, char *const argv[], const char *stderr_path)
{
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (stderr_path)
    posix_spawn_file_actions_addopen(&fa, 2, stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid;
  int err = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err) {
    fprintf(stderr, "%s: cannot run %s: %s\n", tool, argv[0], strerror(err));
    return -1;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "%s: waiting for %s: %s\n", tool, argv[0], strerror(errno));
      return -1;
    }
  }
  if (WIFEXITED(status)) {
    /* glibc's posix_spawn reports exec failure as exit 127 of the child. */
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status))
    fprintf(stderr, "%s: %s killed by signal %d (%s)\n", tool, argv[0], WTERMSIG(status),
            strsignal(WTERMSIG(status)));
  return -1;
}

void dsu_cat_file(const char *path)
{
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    fwrite(buf, 1, n, stderr);
  fclose(f);
}
