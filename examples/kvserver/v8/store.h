/*
 * store.h - the key-value store of kvserver: a fixed table in static storage.
 */
#ifndef KV_STORE_H
#define KV_STORE_H

#define STORE_KEY_MAX 32 /* bytes, including the terminating NUL */
#define STORE_VAL_MAX 128 /* 64 before v6 */
#define STORE_CAP 1024 /* entries (256 before v8) */

/* One key-value pair; used == 0 marks a free slot. */
struct entry {
  int used;
  unsigned long long hits; /* GETs that found this key (v5; 64-bit since v6) */
  char key[STORE_KEY_MAX];
  char val[STORE_VAL_MAX];
};

/* Return: 0 stored, -1 store full, -2 key or value too long. */
int store_set(const char *key, const char *val);
/* Return: the value of @key, or NULL. */
const char *store_get(const char *key);
/* Return: 1 if @key was deleted, 0 if it was not there. */
int store_del(const char *key);
/* Return: how many GETs found @key, or -1 if it is not stored (new in v5). */
long long store_hits(const char *key);
/* Return: the number of keys stored. */
int store_count(void);

#endif
