/*
 * main.c - calcd: serves clients on 127.0.0.1 in a poll loop that also
 * watches dsu_control_fd(), so dsu-ctl wakes it without a signal.
 *
 * usage: calcd PORT PORTFILE
 */
#include "calc.h"

#include <dsu.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 8

/* Read one chunk from @fd, answer each line in it (requests are short and
 * sent one at a time).  Return: -1 when the client is gone. */
static int serve(int fd)
{
  char buf[256], out[300];
  ssize_t r = read(fd, buf, sizeof buf - 1);
  if (r < 0 && errno == EINTR)
    return 0;
  if (r <= 0)
    return -1;
  buf[r] = '\0';
  for (char *save = NULL, *line = strtok_r(buf, "\r\n", &save); line;
       line = strtok_r(NULL, "\r\n", &save)) {
    int rc = calc_line(line, out, sizeof out);
    if (write(fd, out, strlen(out)) < 0 || rc < 0)
      return -1;
  }
  return 0;
}

int main(int argc, char **argv)
{
  if (argc != 3)
    return 2;
  int lfd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 8) < 0 ||
      getsockname(lfd, (struct sockaddr *)&a, &len) < 0)
    return 1;
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
  FILE *f = fopen(tmp, "w");
  if (!f || fprintf(f, "%d\n", ntohs(a.sin_port)) < 0 || fclose(f) || rename(tmp, argv[2]))
    return 1;

  struct pollfd fds[MAX_FDS];
  int nfds = 2;
  fds[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
  fds[1] = (struct pollfd){ .fd = dsu_control_fd(), .events = POLLIN };
  for (;;) {
    if (poll(fds, (nfds_t)nfds, -1) < 0 && errno != EINTR)
      return 1;
    if (fds[0].revents & POLLIN) {
      int c = accept(lfd, NULL, NULL);
      if (c >= 0 && nfds < MAX_FDS)
        fds[nfds++] = (struct pollfd){ .fd = c, .events = POLLIN };
      else if (c >= 0)
        close(c);
    }
    for (int i = 2; i < nfds; i++) {
      if (fds[i].revents && serve(fds[i].fd) < 0) {
        close(fds[i].fd);
        fds[i--] = fds[--nfds];
      }
    }
    dsu_update();
  }
}
