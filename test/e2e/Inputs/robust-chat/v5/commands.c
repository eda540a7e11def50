/* commands.c - chatd's commands, found by bsearch in a sorted table. */
#include "chat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long served; /* command lines handled since start */

/* v3: "+STATUS [TEXT]", or "-ERR TEXT".  Small: inlined. */
static int fmt_reply(char *out, size_t outsz, const char *status, const char *text)
{
  return snprintf(out, outsz, "%c%s%s%s\n", strcmp(status, "ERR") ? '+' : '-', status, text ? " " : "", text ? text : "");
}

static int cmd_count(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)c, (void)arg;
  char n[32];
  snprintf(n, sizeof n, "%lu", served);
  fmt_reply(out, outsz, "COUNT", n);
  return 0;
}

static int cmd_hello(struct client *c, char *arg, char *out, size_t outsz)
{
  if (!arg || !*arg) {
    fmt_reply(out, outsz, "ERR", "name missing");
    return 0;
  }
  snprintf(c->name, sizeof c->name, "%s", arg);
  fmt_reply(out, outsz, "HELLO", c->name);
  return 0;
}

static int cmd_last(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)c;
  int count = 0;
  const char *msg = arg ? store_last(arg, &count) : NULL;
  if (!msg) {
    fmt_reply(out, outsz, "NONE", arg);
    return 0;
  }
  char text[200];
  snprintf(text, sizeof text, "%s#%d %s", arg, count, msg);
  fmt_reply(out, outsz, "MSG", text);
  return 0;
}

static int cmd_ping(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)c, (void)arg;
  static unsigned long pings; /* function-local static: survives updates */
  char n[32];
  snprintf(n, sizeof n, "%lu", ++pings);
  fmt_reply(out, outsz, "PONG", n);
  return 0;
}

static int cmd_pub(struct client *c, char *arg, char *out, size_t outsz)
{
  char *msg = arg ? strchr(arg, ' ') : NULL;
  if (!msg) {
    fmt_reply(out, outsz, "ERR", "usage: PUB topic message");
    return 0;
  }
  *msg++ = '\0';
  unsigned long seq = 0;
  int n = store_publish(arg, msg, &seq);
  chat_log("info", "%s published to %s", c->name[0] ? c->name : "anonymous", arg);
  char text[64];
  snprintf(text, sizeof text, "%d seq=%lu", n, seq);
  fmt_reply(out, outsz, n < 0 ? "ERR" : "OK", n < 0 ? "too many topics" : text);
  return 0;
}

static int cmd_quit(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)c, (void)arg;
  fmt_reply(out, outsz, "BYE", NULL);
  return -1;
}

static int cmd_wc(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)c;
  char text[64];
  int n = count_words(arg ? arg : "");
  snprintf(text, sizeof text, "%d calls=%lu", n, wc_calls);
  fmt_reply(out, outsz, "WC", text);
  return 0;
}

unsigned long stats_calls; /* v2: new global */

/* v2: new command STATS. */
static int cmd_stats(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)c, (void)arg;
  char text[96];
  snprintf(text, sizeof text, "calls=%lu topics=%d served=%lu", ++stats_calls, store_ntopics(), served);
  fmt_reply(out, outsz, "STATS", text);
  return 0;
}

static int cmd_topics(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)c;
  char list[400];
  int order = arg && strcmp(arg, "count") == 0;
  store_topics(order, list, sizeof list);
  fmt_reply(out, outsz, "TOPICS", list[0] ? list : "-");
  return 0;
}

static int cmd_whoami(struct client *c, char *arg, char *out, size_t outsz)
{
  (void)arg;
  char text[64];
  snprintf(text, sizeof text, "%s lines=%lu", c->name[0] ? c->name : "anonymous", c->lines);
  fmt_reply(out, outsz, "YOU", text);
  return 0;
}

/* Sorted by name: dispatch() finds commands with bsearch. */
static const struct command commands[] = {
  { "COUNT", cmd_count }, { "HELLO", cmd_hello }, { "LAST", cmd_last },
  { "PING", cmd_ping },   { "PUB", cmd_pub },     { "QUIT", cmd_quit },
  { "STATS", cmd_stats }, { "TOPICS", cmd_topics }, { "WC", cmd_wc },
  { "WHOAMI", cmd_whoami },
};

static int cmd_compare(const void *key, const void *elem)
{
  return strcmp(key, ((const struct command *)elem)->name);
}

/* dispatch() - run one command line of @c; the reply goes to @out. */
int dispatch(struct client *c, char *line, char *out, size_t outsz)
{
  char *arg = strchr(line, ' ');
  if (arg)
    *arg++ = '\0';
  served++;
  c->lines++;
  const struct command *cmd =
      bsearch(line, commands, sizeof commands / sizeof commands[0], sizeof commands[0], cmd_compare);
  if (!cmd) {
    fmt_reply(out, outsz, "ERR", "no such command");
    return 0;
  }
  return cmd->fn(c, arg, out, outsz);
}
