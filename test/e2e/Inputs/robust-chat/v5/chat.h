/*
 * chat.h - chatd: a line-based publish/subscribe TCP server (robust-chat
 * end-to-end test of dsu).  Shared by main.c, commands.c, store.c, log.c.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>

#define LINE_MAX_LEN 512
#define MAX_CLIENTS 16

/* One connected client; its buffer holds the bytes of an unfinished line. */
struct client {
  int fd;
  char name[32];
  char buf[LINE_MAX_LEN];
  size_t len;
  unsigned long lines;
};

/* A command handler: the reply line goes to @out.  Return -1 to close. */
typedef int (*cmd_fn)(struct client *c, char *arg, char *out, size_t outsz);

struct command {
  const char *name;
  cmd_fn fn;
};

/* commands.c */
int dispatch(struct client *c, char *line, char *out, size_t outsz);

/* store.c */
int store_publish(const char *topic, const char *msg, unsigned long *seq);
const char *store_last(const char *topic, int *count);
int store_topics(int order, char *out, size_t outsz);
int store_ntopics(void);

/* wc.c (v4: a new TU) */
int count_words(const char *s);
extern unsigned long wc_calls;

/* log.c */
void chat_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
