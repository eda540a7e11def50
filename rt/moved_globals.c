/*
 * moved_globals.c - the table of globals whose storage a patch moved, and
 * the "moved_globals" of a patch: validation, guarded transformers, commit.
 *
 * A global whose type changes cannot be converted in place (its size may
 * change), so the patch defines new storage __dsu_g.PID.SYM and every
 * function that uses the global joins the patch.  The program's symbol
 * keeps naming the old storage; the table here names the current one, for
 * the next patch that moves it again and for relocs.c, which points later
 * patches at it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "moved_globals.h"
#include "patch_file.h"
#include "rt_internal.h"

struct entry {
  char *sym;
  void *addr;
  uint64_t size;
};

/* Only touched by the apply of a patch (one at a time, at an update point). */
static struct entry *table;
static size_t ntable;

static struct entry *find(const char *sym)
{
  for (size_t i = 0; i < ntable; i++)
    if (strcmp(table[i].sym, sym) == 0)
      return &table[i];
  return NULL;
}

void *dsu_moved_lookup(const char *sym, uint64_t *size)
{
  struct entry *e = find(sym);
  if (e && size)
    *size = e->size;
  return e ? e->addr : NULL;
}

/* The ELF size of the symbol at @addr, or 0 if unknown. */
static uint64_t elf_size(void *addr)
{
  Dl_info info;
  const ElfW(Sym) *s = NULL;
  if (!dladdr1(addr, &info, (void **)&s, RTLD_DL_SYMENT) || !s || info.dli_saddr != addr)
    return 0;
  return s->st_size;
}

int dsu_moved_prepare(const struct dsu_patch *p, void *h, const char *path, struct dsu_moved **out,
                      size_t *n, char *msg, size_t msglen)
{
  json_t *a = json_object_get(p->json, "moved_globals");
  *out = NULL;
  *n = 0;
  if (!a)
    return 0;
  if (!json_is_array(a)) {
    snprintf(msg, msglen, "patch %s: manifest field \"moved_globals\" is not an array", path);
    return -1;
  }
  struct link_map *lm = NULL;
  if (dlinfo(h, RTLD_DI_LINKMAP, &lm) < 0) {
    snprintf(msg, msglen, "patch %s: dlinfo: %s", path, dlerror());
    return -1;
  }
  struct dsu_moved *m = calloc(json_array_size(a) + 1, sizeof *m);
  if (!m) {
    snprintf(msg, msglen, "out of memory");
    return -1;
  }
  size_t i;
  json_t *e;
  json_array_foreach(a, i, e) {
    struct dsu_moved *g = &m[i];
    json_int_t so = 0, sn = 0;
    if (json_unpack(e, "{s:s,s:s,s:s,s:s,s:I,s:I}", "id", &g->id, "sym", &g->sym, "new", &g->newsym,
                    "xform", &g->xform, "size_old", &so, "size_new", &sn) < 0 || so <= 0 || sn <= 0) {
      snprintf(msg, msglen,
               "patch %s: manifest moved_globals[%zu] needs strings \"id\", \"sym\", \"new\", \"xform\" "
               "and positive integers \"size_old\", \"size_new\"", path, i);
      goto fail;
    }
    g->size_old = (uint64_t)so;
    g->size_new = (uint64_t)sn;
    char what[256];
    snprintf(what, sizeof what, "new storage of global %s", g->id);
    if (!(g->new_addr = dsu_patch_sym(h, lm, g->newsym, what, path, msg, msglen)))
      goto fail;
    snprintf(what, sizeof what, "transformer of global %s", g->id);
    void *x = dsu_patch_sym(h, lm, g->xform, what, path, msg, msglen);
    if (!x)
      goto fail;
    g->fn = (void (*)(void *, const void *))x;
    uint64_t have = elf_size(g->new_addr);
    if (have && have != g->size_new) {
      snprintf(msg, msglen, "patch %s: global %s: new storage %s has %llu bytes, the manifest says %llu",
               path, g->id, g->newsym, (unsigned long long)have, (unsigned long long)g->size_new);
      goto fail;
    }
    struct entry *t = find(g->sym);
    if (t) {
      g->old_addr = t->addr;
      have = t->size;
    } else {
      g->old_addr = dlsym(RTLD_DEFAULT, g->sym);
      if (!g->old_addr || dsu_defined_in(g->old_addr, lm)) {
        snprintf(msg, msglen, "patch %s: global %s (symbol %s) is not in the running program", path,
                 g->id, g->sym);
        goto fail;
      }
      have = elf_size(g->old_addr);
    }
    /* Smaller is another version; larger may be AddressSanitizer's redzone,
     * which the symbol's size includes (the manifest's size is the type's). */
    if (have && have < g->size_old) {
      snprintf(msg, msglen,
               "patch %s: global %s has %llu bytes in the running program, the patch expects %llu "
               "(made for another version?)",
               path, g->id, (unsigned long long)have, (unsigned long long)g->size_old);
      goto fail;
    }
    for (size_t j = 0; j < i; j++)
      if (strcmp(m[j].sym, g->sym) == 0) {
        snprintf(msg, msglen, "patch %s: global %s is listed twice in \"moved_globals\"", path, g->id);
        goto fail;
      }
  }
  *out = m;
  *n = json_array_size(a);
  return 0;
fail:
  free(m);
  return -1;
}

static void run_one(void *arg)
{
  struct dsu_moved *g = arg;
  g->fn(g->new_addr, g->old_addr);
}

int dsu_moved_run(const char *path, struct dsu_moved *m, size_t n, char *msg, size_t msglen)
{
  for (size_t i = 0; i < n; i++) {
    int sig = dsu_guard_run(run_one, &m[i]);
    if (sig) {
      snprintf(msg, msglen,
               "patch %s: transformer %s of global %s crashed (%s); nothing was changed", path,
               m[i].xform, m[i].id, dsu_signal_name(sig));
      return -1;
    }
  }
  return 0;
}

void dsu_moved_commit(const struct dsu_moved *m, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    struct entry *e = find(m[i].sym);
    if (!e) {
      struct entry *t = realloc(table, (ntable + 1) * sizeof *t);
      char *s = strdup(m[i].sym);
      if (!t || !s) {
        /* Out of memory: later patches would bind to the old storage. */
        dsu_log("out of memory recording the move of %s", m[i].id);
        free(s);
        if (t)
          table = t;
        continue;
      }
      table = t;
      e = &table[ntable++];
      e->sym = s;
    }
    e->addr = m[i].new_addr;
    e->size = m[i].size_new;
    dsu_log("global %s now at %p (%llu bytes)", m[i].id, m[i].new_addr, (unsigned long long)m[i].size_new);
  }
}
