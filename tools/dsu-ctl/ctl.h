/*
 * ctl.h - dsu-ctl, the client of a dsu program's control channel.
 */
#ifndef DSU_CTL_H
#define DSU_CTL_H

#include <sys/types.h>

#include <jansson.h>

/* Exit codes (also in --help). */
enum ctl_exit {
  CTL_OK = 0,        /* applied, already applied, ok */
  CTL_REFUSED = 1,   /* refused or failed by the runtime */
  CTL_USAGE = 2,     /* bad command line, unusable patch path */
  CTL_NOCONN = 3,    /* no such process, not a dsu program, cannot connect */
  CTL_TIMEOUT = 4,   /* no update point reached in time; request withdrawn */
};

/* Called for each progress line ({"result":"deferred",...}) as it arrives. */
typedef void (*ctl_progress_fn)(json_t *line, void *arg);

/**
 * ctl_request() - send @request to process @pid and wait for its reply.
 * @pid:       the target process
 * @request:   the request object
 * @timeout_s: seconds to wait for the final reply (progress lines included)
 * @reply:     on CTL_OK, the final reply object (new reference)
 * @progress:  called with each progress line before the reply (may be NULL)
 *
 * Prints its own error messages ("dsu-ctl: ...") on stderr.
 *
 * Return: CTL_OK, CTL_NOCONN or CTL_TIMEOUT.
 */
int ctl_request(pid_t pid, json_t *request, double timeout_s, json_t **reply, ctl_progress_fn progress,
                void *arg);

/** ctl_report_progress() - a progress line, as it arrives: on stderr, or with @json as JSON on stdout. */
void ctl_report_progress(json_t *line, pid_t pid, int json);

/** ctl_report_apply() - human output of an apply reply; returns the exit code. */
int ctl_report_apply(pid_t pid, const char *patch, json_t *reply);
/** ctl_report_status() - human output of a status reply (history table). */
int ctl_report_status(pid_t pid, json_t *reply);
/** ctl_report_ping() - human output of a ping reply. */
int ctl_report_ping(pid_t pid, json_t *reply);

#endif /* DSU_CTL_H */
