/*
 * dsu-ctl - talk to a running dsu program over its control channel.
 *
 *   dsu-ctl apply [--json] [--timeout SEC] PID PATCH.so
 *   dsu-ctl status [--json] [--timeout SEC] PID
 *   dsu-ctl ping [--json] [--timeout SEC] PID
 *
 * The request is served at the program's next update point; dsu-ctl waits
 * for the reply (default 30 s) and exits with the outcome (ctl.h).  An
 * apply that has to wait for old code to leave the stack sends progress
 * lines first; they are printed as they arrive.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "dsu_config.h"

static const char usage_text[] =
    "usage: dsu-ctl apply [--json] [--timeout SEC] PID PATCH.so\n"
    "       dsu-ctl status [--json] [--timeout SEC] PID\n"
    "       dsu-ctl ping [--json] [--timeout SEC] PID\n"
    "       dsu-ctl --help | --version\n";

static const char help_text[] =
    "\n"
    "Sends one request to the dsu program PID (socket @dsu.PID); the program\n"
    "serves it at its next update point (dsu_update()).\n"
    "\n"
    "  apply    validate and apply PATCH.so (built by dsu-diff)\n"
    "  status   the program's version and the history of its updates\n"
    "  ping     is PID a dsu program, and at which version\n"
    "\n"
    "  --json         print the program's reply as JSON (with \"pid\")\n"
    "  --timeout SEC  wait at most SEC seconds for the reply (default 30);\n"
    "                 on timeout the request is withdrawn\n"
    "\n"
    "A patch that changes something old code still on the program's stack may\n"
    "use (a signature, a global's storage, a struct layout) waits: apply prints\n"
    "\"dsu-ctl: deferred: REASON (at UPDATE_POINT)\" for each new reason and the\n"
    "program retries at every update point until it is safe or --timeout ends\n"
    "the wait (the patch is then withdrawn; the program is unchanged).\n"
    "\n"
    "Exit status: 0 applied, already applied or ok; 1 refused or failed;\n"
    "2 usage error or unusable patch path; 3 no such process, not a dsu\n"
    "program or cannot connect; 4 timeout (request withdrawn).\n";

static int usage(const char *fmt, const char *arg)
{
  if (fmt) {
    fprintf(stderr, "dsu-ctl: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
  }
  fputs(usage_text, stderr);
  return CTL_USAGE;
}

/* A positive decimal pid, or 0. */
static pid_t parse_pid(const char *s)
{
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || end == s || v <= 0 || v > INT_MAX)
    return 0;
  return (pid_t)v;
}

struct progress_arg {
  pid_t pid;
  int json;
};

static void on_progress(json_t *line, void *arg)
{
  const struct progress_arg *pa = arg;
  ctl_report_progress(line, pa->pid, pa->json);
}

int main(int argc, char **argv)
{
  if (argc < 2)
    return usage("no command given", NULL);
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    fputs(usage_text, stdout);
    fputs(help_text, stdout);
    return CTL_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("dsu-ctl %s\n", DSU_VERSION_STRING);
    return CTL_OK;
  }
  int is_apply = strcmp(cmd, "apply") == 0, is_status = strcmp(cmd, "status") == 0,
      is_ping = strcmp(cmd, "ping") == 0;
  if (!is_apply && !is_status && !is_ping)
    return usage(cmd[0] == '-' ? "unknown option '%s'" : "unknown command '%s'", cmd);

  int json = 0;
  double timeout = 30;
  const char *pos[2] = { NULL, NULL };
  int npos = 0, want = is_apply ? 2 : 1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--json") == 0) {
      json = 1;
    } else if (strcmp(a, "--timeout") == 0) {
      if (++i >= argc)
        return usage("--timeout needs a number of seconds", NULL);
      char *end;
      timeout = strtod(argv[i], &end);
      if (*end || end == argv[i] || !(timeout > 0) || timeout > 86400)
        return usage("--timeout '%s': not a number of seconds in (0, 86400]", argv[i]);
    } else if (a[0] == '-' && a[1]) {
      return usage("unknown option '%s'", a);
    } else if (npos < want) {
      pos[npos++] = a;
    } else {
      return usage("unexpected argument '%s'", a);
    }
  }
  if (npos < want)
    return usage(is_apply ? "apply needs PID and PATCH.so" : "missing PID", NULL);
  pid_t pid = parse_pid(pos[0]);
  if (!pid)
    return usage("'%s' is not a process id", pos[0]);
  if (kill(pid, 0) < 0 && errno == ESRCH) {
    fprintf(stderr, "dsu-ctl: no process %d\n", (int)pid);
    return CTL_NOCONN;
  }

  json_t *req;
  char patch[PATH_MAX];
  if (is_apply) {
    /* The program resolves nothing: it gets an absolute path to the file itself. */
    if (!realpath(pos[1], patch)) {
      fprintf(stderr, "dsu-ctl: patch %s: %s\n", pos[1], strerror(errno));
      return CTL_USAGE;
    }
    req = json_pack("{s:s, s:s}", "op", "apply", "patch", patch);
  } else {
    req = json_pack("{s:s}", "op", is_status ? "status" : "ping");
  }

  json_t *reply = NULL;
  struct progress_arg pa = { pid, json };
  int rc = ctl_request(pid, req, timeout, &reply, on_progress, &pa);
  json_decref(req);
  if (rc != CTL_OK)
    return rc;

  if (json) {
    json_object_set_new(reply, "pid", json_integer(pid));
    char *s = json_dumps(reply, JSON_INDENT(2));
    puts(s);
    free(s);
    rc = json_is_true(json_object_get(reply, "ok")) ? CTL_OK : CTL_REFUSED;
  } else if (is_apply) {
    rc = ctl_report_apply(pid, patch, reply);
  } else if (is_status) {
    rc = ctl_report_status(pid, reply);
  } else {
    rc = ctl_report_ping(pid, reply);
  }
  json_decref(reply);
  return rc;
}
