/*
 * restrict.c - the restriction of the current stack, and whether a patch's
 * "changes" meet it (docs/runtime.md, "Deferred updates").
 *
 * The compiler writes, per function, the names its code may use concretely
 * after one of its calls returns ("restrict", docs/manifest.md section 2).
 * An activation that is on the stack at an update point is exactly such a
 * caller: when the update point returns, it goes on running its code.  So
 * the union of the summaries of the functions really on the stack is what
 * old code may still use, and a patch that changes the representation or
 * signature of any of it must wait.
 *
 * Each return address from backtrace() is mapped to the symbol containing
 * it (dladdr1() with RTLD_DL_SYMENT, which also gives the symbol's size, so
 * an address past the end of the nearest symbol is not taken for it).  The
 * symbol is looked up among the bodies dsu knows: the program's functions
 * (its TU manifests, read once from __start_dsu_tu..__stop_dsu_tu) and the
 * "frames" of every applied patch.  Frames of other code (the runtime,
 * libc, start-up code, TUs not built by dsu-cc) are skipped: their code
 * uses none of the program's names concretely.
 *
 * Touched only by the thread inside an update point (rt_internal.h).
 */
#define _GNU_SOURCE
#include "restrict.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <gelf.h>
#include <libelf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char __start_dsu_tu[] __attribute__((weak));
extern const char __stop_dsu_tu[] __attribute__((weak));

/* Longest stack walked; a deeper one is not known to its end. */
#define MAX_FRAMES (1 << 16)

/* symbol -> {"id", "file"?, "restrict"?, "patch"?}: every dsu function body
 * known.  NULL until the first walk. */
static json_t *bodies;
/* The program's records could not all be read: an unknown frame of the
 * executable may be a dsu function without its summary. */
static int program_damaged;
static void *program_base;

/* Load addresses of applied patches: an address inside one that no frame
 * entry covers is patch code without a summary. */
struct patch_obj {
  void *base;
  char id[DSU_HASH_HEX_LEN + 1];
};
static struct patch_obj *patches;
static size_t npatches;

/* Bodies of applied patches with local symbols, which dladdr() cannot name
 * (the private copies __dsu_pc.PID.SYM of kept-direct helpers): their
 * address ranges, from the patch file's .symtab. */
struct range {
  uintptr_t start, end;
  char *sym; /* its entry in bodies (like them, never freed) */
};
static struct range *ranges;
static size_t nranges;

static uint32_t le32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Record body @sym (the first definition wins, as in the linker). */
static void add_body(const char *sym, const char *id, json_t *file, json_t *restr, const char *patch)
{
  if (!sym || json_object_get(bodies, sym))
    return;
  json_t *b = json_pack("{s:s}", "id", id ? id : sym);
  if (!b)
    return;
  if (json_is_string(file))
    json_object_set(b, "file", file);
  if (json_is_object(restr))
    json_object_set(b, "restrict", restr);
  if (patch)
    json_object_set_new(b, "patch", json_string(patch));
  json_object_set_new(bodies, sym, b);
}

/* id -> "returns_field_alias" of the program's functions, while reading. */
static json_t *field_alias_returns;

/* One TU manifest: keep each function's symbol, id, file and summary, and
 * (for now) its callees and the field aliases it returns. */
static void add_manifest(const char *json, size_t len)
{
  json_error_t err;
  json_t *m = json_loadb(json, len, 0, &err);
  if (!m) {
    dsu_log("a dsu_tu manifest is not JSON (%s): its functions count as having no summary", err.text);
    program_damaged = 1;
    return;
  }
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(m, "functions"), i, f)
  {
    const char *id = json_string_value(json_object_get(f, "id"));
    const char *sym = json_string_value(json_object_get(f, "sym"));
    add_body(sym ? sym : id, id, json_object_get(f, "file"), json_object_get(f, "restrict"), NULL);
    json_t *rfa = json_object_get(f, "returns_field_alias");
    if (id && json_array_size(rfa))
      json_object_set(field_alias_returns, id, rfa);
    json_t *b = json_object_get(bodies, sym ? sym : id);
    if (b && !json_object_get(b, "patch") && !json_object_get(b, "callees")) {
      json_t *callees = json_array();
      json_array_extend(callees, json_object_get(f, "slot_callees"));
      json_array_extend(callees, json_object_get(f, "direct_callees"));
      json_object_set_new(b, "callees", callees);
    }
  }
  json_decref(m);
}

/* Non-zero if the string array @a holds @s. */
static int has(json_t *a, const char *s)
{
  size_t i;
  json_t *e;
  json_array_foreach(a, i, e) if (json_is_string(e) && !strcmp(json_string_value(e), s)) return 1;
  return 0;
}

/**
 * add_returned_aliases() - a function that returns the address of a field
 * (return &e->val) leaves that alias to its callers: each caller's summary
 * gains the types its callees list in "returns_field_alias" (any TU).
 */
static void add_returned_aliases(void)
{
  const char *sym;
  json_t *b;
  json_object_foreach(bodies, sym, b)
  {
    json_t *callees = json_object_get(b, "callees");
    json_t *r = json_object_get(b, "restrict");
    size_t i;
    json_t *c;
    json_array_foreach(callees, i, c)
    {
      json_t *rfa = json_is_string(c) ? json_object_get(field_alias_returns, json_string_value(c)) : NULL;
      size_t j;
      json_t *t;
      json_array_foreach(rfa, j, t)
      {
        if (!json_is_object(r) || !json_is_string(t) ||
            has(json_object_get(r, "types"), json_string_value(t)))
          continue;
        if (!json_object_get(b, "own")) {
          /* The summary may be shared with the manifest: change a copy. */
          r = json_deep_copy(r);
          json_object_set_new(b, "restrict", r);
          json_object_set_new(b, "own", json_true());
        }
        json_t *types = json_object_get(r, "types");
        if (!json_is_array(types)) {
          types = json_array();
          json_object_set_new(r, "types", types);
        }
        json_array_append(types, t);
      }
    }
    json_object_del(b, "callees");
    json_object_del(b, "own");
  }
}

/* The program's summaries, read once (docs/manifest.md section 2: records
 * of "DSUTU001", manifest length, bitcode length, manifest, bitcode, zero
 * padding). */
static void load_program(void)
{
  if (bodies)
    return;
  bodies = json_object();
  Dl_info info;
  if (dladdr((void *)load_program, &info))
    program_base = info.dli_fbase;
  const unsigned char *s = (const unsigned char *)__start_dsu_tu;
  const unsigned char *e = (const unsigned char *)__stop_dsu_tu;
  if (!s || !e || e <= s)
    return;
  field_alias_returns = json_object();
  size_t size = (size_t)(e - s), off = 0;
  while (off < size) {
    if (s[off] == 0) {
      off++;
      continue;
    }
    if (size - off < 16 || memcmp(s + off, "DSUTU001", 8) != 0) {
      dsu_log("dsu_tu section damaged at offset %zu: later functions count as having no summary", off);
      program_damaged = 1;
      break;
    }
    size_t mlen = le32(s + off + 8), blen = le32(s + off + 12);
    if (mlen > size - off - 16 || blen > size - off - 16 - mlen) {
      dsu_log("dsu_tu record at offset %zu runs past the section end: later functions count as having "
              "no summary", off);
      program_damaged = 1;
      break;
    }
    add_manifest((const char *)s + off + 16, mlen);
    off += 16 + mlen + blen;
  }
  add_returned_aliases();
  json_decref(field_alias_returns);
  field_alias_returns = NULL;
}

/**
 * add_local_bodies() - the address ranges of the bodies in @frames that the
 * patch file @fd, loaded at @base, defines as local functions.
 */
static void add_local_bodies(int fd, uintptr_t base, json_t *frames)
{
  if (fd < 0 || elf_version(EV_CURRENT) == EV_NONE)
    return;
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  if (!elf)
    return;
  for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
      continue;
    Elf_Data *d = elf_getdata(scn, NULL);
    size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
    for (size_t i = 0; d && i < n; i++) {
      GElf_Sym sym;
      if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_BIND(sym.st_info) != STB_LOCAL ||
          GELF_ST_TYPE(sym.st_info) != STT_FUNC || !sym.st_size)
        continue;
      const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
      json_t *b = name ? json_object_get(bodies, name) : NULL;
      size_t k;
      json_t *f;
      int listed = 0;
      json_array_foreach(frames, k, f) listed |= name && json_is_string(json_object_get(f, "sym")) &&
                                                 !strcmp(json_string_value(json_object_get(f, "sym")), name);
      if (!b || !listed)
        continue;
      struct range *nr = realloc(ranges, (nranges + 1) * sizeof *nr);
      char *key = strdup(name);
      if (nr)
        ranges = nr;
      if (!nr || !key) {
        free(key);
        break; /* that code counts as uncovered patch code */
      }
      ranges[nranges++] = (struct range){ base + sym.st_value, base + sym.st_value + sym.st_size, key };
    }
  }
  elf_end(elf);
}

void dsu_restrict_add_patch(json_t *frames, void *handle, int fd, const char *patch_id)
{
  load_program();
  size_t i;
  json_t *f;
  json_array_foreach(frames, i, f)
  {
    add_body(json_string_value(json_object_get(f, "sym")), json_string_value(json_object_get(f, "id")),
             json_object_get(f, "file"), json_object_get(f, "restrict"), patch_id);
  }
  struct link_map *lm = NULL;
  Dl_info info;
  if (!handle || dlinfo(handle, RTLD_DI_LINKMAP, &lm) != 0 || !lm || !dladdr(lm->l_ld, &info))
    return;
  add_local_bodies(fd, lm->l_addr, frames);
  struct patch_obj *n = realloc(patches, (npatches + 1) * sizeof *n);
  if (!n)
    return; /* its frames are still known; only uncovered code in it is not */
  patches = n;
  patches[npatches].base = info.dli_fbase;
  snprintf(patches[npatches].id, sizeof patches[npatches].id, "%s", patch_id);
  npatches++;
}

int dsu_changes_empty(json_t *changes)
{
  static const char *const kinds[] = { "functions", "globals", "types" };
  for (int k = 0; k < 3; k++)
    if (json_array_size(json_object_get(changes, kinds[k])))
      return 0;
  return 1;
}

/* A frame of the walk, as far as dsu knows it. */
struct frame {
  json_t *body;         /* the body's record; NULL for uncovered patch code */
  const char *sym;      /* its symbol (or "?") */
  const char *patch;    /* the patch it came from, or NULL */
};

/**
 * classify() - the dsu body containing return address @ra.
 *
 * Return: 1 with @fr filled for a dsu body (or patch code without one),
 * 0 for code dsu did not build.
 */
static int classify(void *ra, struct frame *fr)
{
  /* The return address follows the call; the call itself is one byte back
   * (a call that ends a function returns past its end). */
  void *pc = (char *)ra - 1;
  Dl_info info;
  const ElfW(Sym) *es = NULL;
  if (!dladdr1(pc, &info, (void **)&es, RTLD_DL_SYMENT))
    return 0;
  int inside = info.dli_sname && es && (uintptr_t)pc >= (uintptr_t)info.dli_saddr &&
               (uintptr_t)pc < (uintptr_t)info.dli_saddr + es->st_size;
  json_t *b = inside ? json_object_get(bodies, info.dli_sname) : NULL;
  if (b) {
    *fr = (struct frame){ b, info.dli_sname, json_string_value(json_object_get(b, "patch")) };
    return 1;
  }
  for (size_t i = 0; i < nranges; i++)
    if ((uintptr_t)pc >= ranges[i].start && (uintptr_t)pc < ranges[i].end) {
      b = json_object_get(bodies, ranges[i].sym);
      *fr = (struct frame){ b, ranges[i].sym, json_string_value(json_object_get(b, "patch")) };
      return 1;
    }
  for (size_t i = 0; i < npatches; i++)
    if (info.dli_fbase == patches[i].base) {
      *fr = (struct frame){ NULL, inside ? info.dli_sname : "?", patches[i].id };
      return 1;
    }
  if (program_damaged && info.dli_fbase == program_base && inside &&
      strncmp(info.dli_sname, "__dsu", 5) != 0 && strncmp(info.dli_sname, "dsu_", 4) != 0) {
    *fr = (struct frame){ NULL, info.dli_sname, NULL };
    return 1;
  }
  return 0;
}

/* The function's name without its TU ("main.c:helper" -> "helper"). */
static const char *short_name(const struct frame *fr)
{
  const char *id = fr->body ? json_string_value(json_object_get(fr->body, "id")) : fr->sym;
  const char *colon = id ? strrchr(id, ':') : NULL;
  return colon ? colon + 1 : id ? id : "?";
}

/* "worker (main.c)", "worker (main.c, patch P)", "code of patch P at SYM". */
static void frame_label(const struct frame *fr, char *out, size_t n)
{
  const char *file = fr->body ? json_string_value(json_object_get(fr->body, "file")) : NULL;
  if (!fr->body && fr->patch)
    snprintf(out, n, "code of patch %s (%s)", fr->patch, fr->sym);
  else if (fr->patch)
    snprintf(out, n, "%s (%s, patch %s)", short_name(fr), file ? file : "?", fr->patch);
  else
    snprintf(out, n, "%s (%s)", short_name(fr), file ? file : fr->sym);
}

/* "function scale", "global total", "struct acct", "type conn_t". */
static void change_name(const char *kind, const char *name, char *out, size_t n)
{
  if (!strcmp(kind, "functions"))
    snprintf(out, n, "function %s", name);
  else if (!strcmp(kind, "globals"))
    snprintf(out, n, "global %s", name);
  else if (!strncmp(name, "struct ", 7) || !strncmp(name, "union ", 6))
    snprintf(out, n, "%s", name);
  else
    snprintf(out, n, "type %s", name);
}

/**
 * frame_conflict() - does the activation @fr stand in the way of @changes?
 *
 * Return: 1 with @c filled, else 0.
 */
static int frame_conflict(const struct frame *fr, json_t *changes, struct dsu_conflict *c)
{
  static const char *const kinds[] = { "functions", "globals", "types" };
  static const char *const what[] = { "changes signature", "moves to new storage", "changes layout" };
  static const char *const use[] = { "call it", "use it", "use it concretely" };
  json_t *r = fr->body ? json_object_get(fr->body, "restrict") : NULL;
  char label[512];
  for (int k = 0; k < 3; k++) {
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(changes, kinds[k]), i, e)
    {
      const char *name = json_string_value(e);
      if (!name)
        continue;
      int known = json_is_object(r);
      if (known) {
        int found = 0;
        size_t j;
        json_t *u;
        json_array_foreach(json_object_get(r, kinds[k]), j, u) found |= json_is_string(u) &&
                                                                        !strcmp(json_string_value(u), name);
        if (!found)
          continue;
      }
      change_name(kinds[k], name, c->name, sizeof c->name);
      snprintf(c->frame, sizeof c->frame, "%s", short_name(fr));
      frame_label(fr, label, sizeof label);
      if (known)
        snprintf(c->reason, sizeof c->reason, "%s %s and %s may %s after its current call returns",
                 c->name, what[k], label, use[k]);
      else
        snprintf(c->reason, sizeof c->reason,
                 "%s has no updateability summary, so it may use %s (or anything else the patch "
                 "changes) after its current call returns",
                 label, c->name);
      return 1;
    }
  }
  return 0;
}

/* x86-64 glibc's signal return trampoline (__restore_rt): mov $15, %rax;
 * syscall.  A return address pointing at it is a signal frame: the same
 * test the unwinder makes to step through one. */
static const unsigned char sigreturn_code[] = {0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05};

/**
 * signal_frame() - is one of the @n return addresses @ras a signal frame?
 * Fills @c when it is: the update point runs inside a signal handler.
 */
static int signal_frame(void **ras, int n, struct dsu_conflict *c)
{
#if defined(__x86_64__)
  for (int i = 0; i < n; i++) {
    struct frame fr;
    if (classify(ras[i], &fr))
      continue; /* dsu code: never the trampoline */
    if (memcmp(ras[i], sigreturn_code, sizeof sigreturn_code) != 0)
      continue;
    snprintf(c->name, sizeof c->name, "the stack");
    snprintf(c->frame, sizeof c->frame, "a signal handler");
    snprintf(c->reason, sizeof c->reason,
             "this update point runs inside a signal handler (a signal frame is below it): the "
             "interrupted code may be in the middle of anything, so the patch waits for an update point "
             "outside the handler");
    return 1;
  }
#else
  (void)ras, (void)n, (void)c;
#endif
  return 0;
}

/**
 * frames_conflict() - may a frame among @ras (innermost first) use a name
 * of @changes, or does the walk end before the entry point?  Fills @c.
 */
static int frames_conflict(void **ras, int n, json_t *changes, struct dsu_conflict *c)
{
  int rc = 0;
  struct frame fr = { 0 }, last = { 0 };
  int last_dsu = 0;
  for (int i = 0; i < n && !rc; i++) {
    last_dsu = classify(ras[i], &fr);
    if (!last_dsu)
      continue;
    last = fr;
    rc = frame_conflict(&fr, changes, c);
  }
  if (!rc && (n >= MAX_FRAMES || last_dsu)) {
    /* A walk that ends in dsu code did not reach the entry point (start-up
     * code or the thread library calls the outermost function). */
    char label[512];
    frame_label(&last, label, sizeof label);
    snprintf(c->name, sizeof c->name, "the stack");
    snprintf(c->frame, sizeof c->frame, "%s", short_name(&last));
    snprintf(c->reason, sizeof c->reason,
             "the stack walk stopped in %s before the program's entry point (%d frames), so the "
             "frames beyond it are unknown",
             label, n);
    rc = 1;
  }
  return rc;
}

int dsu_restrict_check(json_t *changes, struct dsu_conflict *c)
{
  int cap = 64, n;
  void **ras = NULL;
  for (;;) {
    void **nr = realloc(ras, (size_t)cap * sizeof *nr);
    if (!nr) {
      free(ras);
      snprintf(c->name, sizeof c->name, "the stack");
      snprintf(c->frame, sizeof c->frame, "?");
      snprintf(c->reason, sizeof c->reason, "out of memory while walking the stack");
      return 1;
    }
    ras = nr;
    n = backtrace(ras, cap);
    if (n < cap || cap >= MAX_FRAMES)
      break;
    cap *= 2;
  }
  int changes_some = !dsu_changes_empty(changes);
  if (changes_some)
    load_program();
  int rc = signal_frame(ras, n, c) || (changes_some && frames_conflict(ras, n, changes, c));
  free(ras);
  return rc;
}
