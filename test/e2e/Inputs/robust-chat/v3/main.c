/*
 * main.c - chatd: accepts clients on 127.0.0.1 and serves command lines in
 * one epoll loop that reaches dsu_update() on every iteration.
 *
 * usage: chatd PORT PORTFILE   (PORT 0: any; the port is written to PORTFILE)
 */
#include "chat.h"

#include <dsu.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define LISTEN_ID UINT32_MAX

static struct client clients[MAX_CLIENTS];

static int send_all(int fd, const char *p, size_t n)
{
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static void drop_client(int epfd, struct client *c)
{
  chat_log("info", "client %d (%s) gone", c->fd, c->name[0] ? c->name : "anonymous");
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  memset(c, 0, sizeof *c);
  c->fd = -1;
}

static void accept_client(int epfd, int lfd)
{
  int fd = accept(lfd, NULL, NULL);
  if (fd < 0)
    return; /* EINTR or a client that left: the loop comes back */
  for (uint32_t i = 0; i < MAX_CLIENTS; i++) {
    if (clients[i].fd >= 0)
      continue;
    memset(&clients[i], 0, sizeof clients[i]);
    clients[i].fd = fd;
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    chat_log("info", "client %d connected in slot %u", fd, i);
    return;
  }
  close(fd);
}

/* Read what @c sent and answer every complete line. */
static void serve_client(int epfd, struct client *c)
{
  ssize_t r = read(c->fd, c->buf + c->len, sizeof c->buf - c->len);
  if (r < 0 && errno == EINTR)
    return;
  if (r <= 0) {
    drop_client(epfd, c);
    return;
  }
  c->len += (size_t)r;
  char *nl;
  while (c->fd >= 0 && (nl = memchr(c->buf, '\n', c->len))) {
    *nl = '\0';
    if (nl > c->buf && nl[-1] == '\r')
      nl[-1] = '\0';
    char out[LINE_MAX_LEN + 64];
    int rc = dispatch(c, c->buf, out, sizeof out);
    size_t rest = c->len - (size_t)(nl + 1 - c->buf);
    memmove(c->buf, nl + 1, rest);
    c->len = rest;
    if (send_all(c->fd, out, strlen(out)) < 0 || rc < 0)
      drop_client(epfd, c);
  }
  if (c->fd >= 0 && c->len == sizeof c->buf)
    drop_client(epfd, c); /* a line longer than the buffer */
}

static int listen_on(int port, const char *portfile)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 16) < 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
    perror("chatd: listen");
    exit(1);
  }
  /* Write to a temporary name first: a reader never sees half a port. */
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", portfile);
  FILE *f = fopen(tmp, "w");
  if (!f || fprintf(f, "%d\n", ntohs(a.sin_port)) < 0 || fclose(f) != 0 || rename(tmp, portfile) != 0) {
    perror(portfile);
    exit(1);
  }
  return fd;
}

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: %s PORT PORTFILE\n", argv[0]);
    return 2;
  }
  for (int i = 0; i < MAX_CLIENTS; i++)
    clients[i].fd = -1;
  int lfd = listen_on(atoi(argv[1]), argv[2]);
  int epfd = epoll_create1(0);
  struct epoll_event lev = { .events = EPOLLIN, .data.u32 = LISTEN_ID };
  epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &lev);
  chat_log("info", "chatd listening, version %s", dsu_version());
  for (;;) {
    struct epoll_event evs[MAX_CLIENTS + 1];
    int n = epoll_wait(epfd, evs, MAX_CLIENTS + 1, -1);
    if (n < 0 && errno != EINTR) {
      perror("chatd: epoll_wait");
      return 1;
    }
    for (int i = 0; i < n; i++) {
      if (evs[i].data.u32 == LISTEN_ID)
        accept_client(epfd, lfd);
      else if (clients[evs[i].data.u32].fd >= 0)
        serve_client(epfd, &clients[evs[i].data.u32]);
    }
    dsu_update(); /* also reached after EINTR: dsu-ctl's wake-up signal */
  }
}
