/* store.c - topics and the last message published to each. */
#include "chat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOPICS 32
#define TOPIC_LEN 32
#define MSG_LEN 128

struct topic {
  char name[TOPIC_LEN];
  char last[MSG_LEN];
  int count;
};

static struct topic topics[MAX_TOPICS];
static int ntopics;
static unsigned long pub_seq; /* messages published since start */

static int by_name(const void *a, const void *b)
{
  const struct topic *x = a, *y = b;
  return strcmp(x->name, y->name);
}

/* Most messages first; ties by name. */
static int by_count(const void *a, const void *b)
{
  const struct topic *x = a, *y = b;
  if (x->count != y->count)
    return y->count - x->count;
  return strcmp(x->name, y->name);
}

/* Orders TOPICS can list in: qsort callbacks reached through this table. */
static int (*const orders[])(const void *, const void *) = { by_name, by_count };

/* Recursive lookup from index @i on. */
static struct topic *find_from(const char *name, int i)
{
  if (i >= ntopics)
    return NULL;
  if (strcmp(topics[i].name, name) == 0)
    return &topics[i];
  return find_from(name, i + 1);
}

int store_publish(const char *topic, const char *msg)
{
  struct topic *t = find_from(topic, 0);
  if (!t) {
    if (ntopics == MAX_TOPICS)
      return -1;
    t = &topics[ntopics++];
    snprintf(t->name, sizeof t->name, "%s", topic);
  }
  snprintf(t->last, sizeof t->last, "%s", msg);
  pub_seq++;
  chat_log("info", "publish #%lu to %s", pub_seq, topic);
  return ++t->count;
}

const char *store_last(const char *topic, int *count)
{
  struct topic *t = find_from(topic, 0);
  if (!t)
    return NULL;
  *count = t->count;
  return t->last;
}

/* Write "name:count,..." in the given order to @out. */
int store_topics(int order, char *out, size_t outsz)
{
  struct topic copy[MAX_TOPICS];
  size_t used = 0;
  if (order < 0 || order >= (int)(sizeof orders / sizeof orders[0]))
    return -1;
  memcpy(copy, topics, sizeof copy);
  qsort(copy, (size_t)ntopics, sizeof copy[0], orders[order]);
  out[0] = '\0';
  for (int i = 0; i < ntopics && used < outsz; i++)
    used += (size_t)snprintf(out + used, outsz - used, "%s%s:%d", i ? "," : "", copy[i].name,
                             copy[i].count);
  return ntopics;
}

int store_ntopics(void)
{
  return ntopics;
}
