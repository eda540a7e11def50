/*
 * kvload.c - load generator for the kvserver benchmark.
 *
 * Usage: kvload PORT CONNECTIONS REQUESTS
 *
 * Opens CONNECTIONS connections to 127.0.0.1:PORT and sends REQUESTS
 * commands in all, round-robin over the connections, alternating
 * "SET kN vI" and "GET kN"; every connection has one request in flight, so
 * the server always has CONNECTIONS ready sockets per poll.  Each reply is
 * checked ("OK" for SET; "VALUE", "NOTFOUND" or "NIL" for GET, whose SET may
 * still be in flight on another connection).  Prints the
 * elapsed wall time in microseconds.  Exit status 1 on any error.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONN 64

static int connect_to(int port)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                           .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    perror("kvload: connect");
    exit(1);
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

/* Read one reply line from @fd into @line (without the newline). */
static void read_line(int fd, char *line, size_t size)
{
  size_t n = 0;
  while (n + 1 < size) {
    ssize_t r = read(fd, line + n, 1);
    if (r <= 0) {
      fprintf(stderr, "kvload: connection closed\n");
      exit(1);
    }
    if (line[n] == '\n')
      break;
    n++;
  }
  line[n] = '\0';
}

static void send_request(int fd, long i)
{
  char req[64];
  int len = (i / 2) % 2 ? snprintf(req, sizeof req, "GET k%ld\n", (i / 4) % 128)
                        : snprintf(req, sizeof req, "SET k%ld v%ld\n", (i / 4) % 128, i);
  if (write(fd, req, (size_t)len) != len) {
    perror("kvload: write");
    exit(1);
  }
}

int main(int argc, char **argv)
{
  if (argc != 4) {
    fprintf(stderr, "usage: %s PORT CONNECTIONS REQUESTS\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]), nconn = atoi(argv[2]);
  long requests = atol(argv[3]);
  if (nconn < 1 || nconn > MAX_CONN || requests < 1) {
    fprintf(stderr, "kvload: 1..%d connections and at least one request\n", MAX_CONN);
    return 2;
  }
  int fds[MAX_CONN];
  for (int c = 0; c < nconn; c++)
    fds[c] = connect_to(port);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  /* Request i goes to connection i % nconn; SET and GET alternate per connection. */
  long sent = 0;
  for (int c = 0; c < nconn && sent < requests; c++)
    send_request(fds[c], 2 * sent++);
  for (long done = 0; done < requests; done++) {
    int c = (int)(done % nconn);
    char line[256];
    read_line(fds[c], line, sizeof line);
    long i = 2 * done;
    int is_get = (i / 2) % 2;
    int ok = is_get ? strstr(line, "VALUE") || strstr(line, "NOTFOUND") || strstr(line, "NIL")
                    : strstr(line, "OK") != NULL;
    if (!ok) {
      fprintf(stderr, "kvload: request %ld: unexpected reply '%s'\n", done, line);
      return 1;
    }
    if (sent < requests)
      send_request(fds[c], 2 * sent++);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%ld\n", (long)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000));
  return 0;
}
