/*
 * store.c - a fixed array of entries searched linearly.  Small on purpose:
 * the state that must survive a live update lives here.
 */
#include "store.h"

#include <string.h>

static struct entry entries[STORE_CAP];
static long n_used; /* an int before v8 */

static struct entry *find(const char *key)
{
  for (int i = 0; i < STORE_CAP; i++)
    if (entries[i].used && strcmp(entries[i].key, key) == 0)
      return &entries[i];
  return NULL;
}

int store_set(const char *key, const char *val)
{
  if (strlen(key) >= STORE_KEY_MAX || strlen(val) >= STORE_VAL_MAX)
    return -2;
  struct entry *e = find(key);
  if (!e) {
    for (int i = 0; i < STORE_CAP && !e; i++)
      if (!entries[i].used)
        e = &entries[i];
    if (!e)
      return -1;
    strcpy(e->key, key);
    e->used = 1;
    e->hits = 0;
    n_used++;
  }
  strcpy(e->val, val);
  return 0;
}

const char *store_get(const char *key)
{
  struct entry *e = find(key);
  if (!e)
    return NULL;
  e->hits++;
  return e->val;
}

long long store_hits(const char *key)
{
  struct entry *e = find(key);
  return e ? (long long)e->hits : -1;
}

int store_del(const char *key)
{
  struct entry *e = find(key);
  if (!e)
    return 0;
  e->used = 0;
  n_used--;
  return 1;
}

int store_count(void)
{
  return (int)n_used;
}
