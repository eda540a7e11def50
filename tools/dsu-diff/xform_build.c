/*
 * xform_build.c - compile the transformers of a patch: the --xform file,
 * and the generated type transformers it does not define.
 */
#include "xform.h"

#include "analyse_internal.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Does the object @path define the global symbol @sym?  -1 if unreadable. */
static int object_defines(const char *path, const char *sym)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || elf_version(EV_CURRENT) == EV_NONE)
    return -1;
  Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
  int found = elf ? 0 : -1;
  for (Elf_Scn *scn = elf ? elf_nextscn(elf, NULL) : NULL; scn && !found; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
      continue;
    Elf_Data *d = elf_getdata(scn, NULL);
    size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
    for (size_t i = 0; d && i < n && !found; i++) {
      GElf_Sym s;
      const char *name;
      if (gelf_getsym(d, (int)i, &s) && s.st_shndx != SHN_UNDEF &&
          GELF_ST_BIND(s.st_info) != STB_LOCAL && (name = elf_strptr(elf, sh.sh_link, s.st_name)) &&
          strcmp(name, sym) == 0)
        found = 1;
    }
  }
  if (elf)
    elf_end(elf);
  close(fd);
  return found;
}


/* Compile @src to @obj with every transformer renamed to its patch symbol. */
static int compile_xform(const char *src, const char *obj, const char *err, json_t *a, const char *pid,
                         const struct build_opts *o, const char *what)
{
  struct strvec cmd = {0};
  strvec_push(&cmd, o->prefix->clang);
  strvec_push(&cmd, "-c");
  strvec_push(&cmd, "-fPIC");
  strvec_push(&cmd, "-O2");
  strvec_pushf(&cmd, "-I%s", o->prefix->include_dir);
  strvec_pushf(&cmd, "-Ddsu_state_transform=__dsu_xform_%s", pid);
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(a, "type_changes"), i, c)
    strvec_pushf(&cmd, "-Ddsu_xform_%s=__dsu_x_%s_%s", str(c, "key"), pid, str(c, "key"));
  json_array_foreach(json_object_get(a, "moved_globals"), i, c)
    strvec_pushf(&cmd, "-Ddsu_gxform_%s=__dsu_gx_%s_%s", str(c, "key"), pid, str(c, "key"));
  strvec_push(&cmd, src);
  strvec_push(&cmd, "-o");
  strvec_push(&cmd, obj);
  int rc = build_run_clang(&cmd, err, o, what);
  strvec_free(&cmd);
  return rc;
}

/**
 * user_file() - compile the --xform file and see what it defines.
 * @missing: filled with the names of the changed types it has no
 *           transformer for
 *
 * Return: 0, or 1 after a message (does not compile, defines nothing).
 */
static int user_file(const char *dir, json_t *a, json_t *manifest, const char *pid,
                     const struct build_opts *o, struct strvec *objs, json_t *missing)
{
  char *obj = xasprintf("%s/xform.o", dir), *err = xasprintf("%s/xform.err", dir);
  char *what = xasprintf("compiling transformer file %s", o->xform);
  int rc = 1;
  if (compile_xform(o->xform, obj, err, a, pid, o, what) < 0)
    goto out;
  char *sym = xasprintf("__dsu_xform_%s", pid);
  int has_state = object_defines(obj, sym) == 1;
  free(sym);
  size_t i, ntypes = 0;
  json_t *c;
  json_array_foreach(json_object_get(a, "type_changes"), i, c) {
    char *x = xasprintf("__dsu_x_%s_%s", pid, str(c, "key"));
    if (object_defines(obj, x) == 1)
      ntypes++;
    else
      json_array_append_new(missing, json_string(str(c, "name")));
    free(x);
  }
  json_array_foreach(json_object_get(a, "moved_globals"), i, c) {
    char *x = xasprintf("__dsu_gx_%s_%s", pid, str(c, "key"));
    if (object_defines(obj, x) == 1)
      ntypes++;
    else
      json_array_append_new(missing, json_string(str(c, "key")));
    free(x);
  }
  if (!has_state && !ntypes) {
    if (json_array_size(json_object_get(a, "type_changes")))
      fprintf(stderr,
              "dsu-diff: %s defines neither int dsu_state_transform(void) nor a type transformer "
              "(void dsu_xform_%s(void *to_, const void *from_); dsu-diff --emit-xform writes one)\n",
              o->xform, str(json_array_get(json_object_get(a, "type_changes"), 0), "key"));
    else
      fprintf(stderr, "dsu-diff: %s does not define int dsu_state_transform(void)\n", o->xform);
    goto out;
  }
  if (!has_state)
    json_object_set_new(manifest, "state_transformer", json_null());
  strvec_push(objs, obj);
  rc = 0;
out:
  free(what);
  free(obj);
  free(err);
  return rc;
}

int xform_build(const char *dir, json_t *a, json_t *manifest, const struct build_opts *o,
                struct strvec *objs)
{
  const char *pid = str(manifest, "patch_id");
  json_t *missing = json_array();
  int rc = 1;
  if (o->xform) {
    if (user_file(dir, a, manifest, pid, o, objs, missing))
      goto out;
  } else {
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(a, "type_changes"), i, c)
      json_array_append_new(missing, json_string(str(c, "name")));
    json_array_foreach(json_object_get(a, "moved_globals"), i, c)
      json_array_append_new(missing, json_string(str(c, "key")));
  }
  if (!json_array_size(missing)) {
    rc = 0;
    goto out;
  }
  /* The types the user did not write: generate them, if dsu can. */
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(a, "type_changes"), i, c) {
    json_t *u = json_array_get(json_object_get(c, "undecided"), 0);
    if (!u || !array_has(missing, str(c, "name")))
      continue;
    fprintf(stderr,
            "dsu-diff: %s does not define void dsu_xform_%s(void *to_, const void *from_), and dsu "
            "cannot generate it: field '%s': %s (dsu-diff --emit-xform FILE.c writes one to edit)\n",
            o->xform ? o->xform : "no --xform file", str(c, "key"), str(u, "field"), str(u, "why"));
    goto out;
  }
  json_array_foreach(json_object_get(a, "moved_globals"), i, c) {
    if (strcmp(str(c, "action"), "decide") != 0 || !array_has(missing, str(c, "key")))
      continue;
    fprintf(stderr,
            "dsu-diff: %s does not define void dsu_gxform_%s(void *to_, const void *from_), and dsu "
            "cannot generate it: global %s: %s (dsu-diff --emit-xform FILE.c writes one to edit)\n",
            o->xform ? o->xform : "no --xform file", str(c, "key"), str(c, "id"), str(c, "why"));
    goto out;
  }
  rc = 2;
  char *src = xasprintf("%s/xform_default.c", dir), *obj = xasprintf("%s/xform_default.o", dir);
  char *err = xasprintf("%s/xform_default.err", dir);
  FILE *f = fopen(src, "w");
  if (!f) {
    fprintf(stderr, "dsu-diff: cannot write %s\n", src);
  } else {
    xform_gen(f, a, missing, 0);
    if (fclose(f) != 0)
      fprintf(stderr, "dsu-diff: cannot write %s\n", src);
    else if (compile_xform(src, obj, err, a, pid, o, "compiling the generated transformers") == 0) {
      strvec_push(objs, obj);
      rc = 0;
    }
  }
  free(src);
  free(obj);
  free(err);
out:
  json_decref(missing);
  return rc;
}
