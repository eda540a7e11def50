/*
 * dsu-cc - drop-in C compiler driver for updateable programs.
 *
 * Runs clang 19 with dsu's clang plugin and LLVM pass when C is compiled,
 * and links dsu's runtime (plus -rdynamic, so patches resolve the program's
 * symbols) when an executable is linked.  Every other argument goes to clang
 * untouched, so `CC=dsu-cc` works for make, autotools and CMake.
 */
#include "args.h"
#include "base.h"
#include "dsu_spawn.h"
#include "dsu_config.h"
#include "prefix.h"
#include "strvec.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_dsu_help(void)
{
  printf(
      "usage: dsu-cc [--dsu-OPTION...] [clang options and inputs...]\n"
      "\n"
      "dsu-cc %s: a drop-in for clang-19 that builds updateable programs.\n"
      "Compiling C, it loads dsu's clang plugin and LLVM pass, so each object carries its\n"
      "manifest and bitcode (section dsu_tu); linking an executable, it adds the dsu runtime\n"
      "and -rdynamic.  All other arguments are passed to clang unchanged.\n"
      "\n"
      "dsu-cc's own options (removed before clang runs):\n"
      "  --dsu-help                 this text\n"
      "  --dsu-verbose              print the clang command line on stderr before running it\n"
      "  --dsu-no-plugin            do not load the clang AST plugin (no struct layouts in the\n"
      "                             manifest; dsu-diff then compares IR struct types only)\n"
      "  --dsu-wrap                 wrap updateable structs (version tag + slop, see\n"
      "                             docs/type-wrapping.md; experimental)\n"
      "  --dsu-wrap-remarks         also warn about each struct that is not wrapped, and why\n"
      "  --dsu-slop=PERCENT         slop of wrapped structs, as a percentage of their size\n"
      "                             (default 100; implies --dsu-wrap)\n"
      "  --dsu-base=OLD             keep the wrapped size of every struct OLD (a binary built\n"
      "                             by dsu-cc) wraps, so dsu-diff can convert its objects;\n"
      "                             a struct OLD does not wrap stays unwrapped.  Implies\n"
      "                             --dsu-wrap when OLD wraps any struct.  Build every TU of\n"
      "                             a new version with it (see docs/user-guide.md)\n"
      "  --dsu-direct-max-insts=N   calls to same-TU static/inline functions of at most N IR\n"
      "                             instructions stay direct (inlinable); 0 sends every call\n"
      "                             through a slot (default: the pass's, 40)\n"
      "\n"
      "Environment:\n"
      "  DSU_SOURCE_ROOT  TU ids are source paths relative to this directory.  Default: the\n"
      "                   current directory; a source outside it (CMake compiles from its\n"
      "                   build directory with absolute paths) is named relative to its git\n"
      "                   work tree, else by its absolute path.  Build every version of a\n"
      "                   program the same way so dsu-diff can match its TUs; set this when\n"
      "                   the versions live outside git checkouts.\n"
      "  DSU_BASE         the OLD binary, when --dsu-base is not given\n"
      "  DSU_CLANG        the clang to run (default: %s)\n"
      "\n"
      "Passed through untouched (configure probes): --version, -v alone, -dumpversion,\n"
      "-dumpmachine, -print-*.  `dsu-cc --help` prints clang's help after a note.\n"
      "-shared and -r links get -rdynamic but not the runtime: the executable carries it.\n",
      DSU_VERSION_STRING, DSU_CLANG_PATH);
}

/**
 * source_root() - $DSU_SOURCE_ROOT made absolute, for -dsu-source-root.
 * @out: the root, or NULL when the variable is unset (the pass then uses its
 *       default: the working directory, or the source's work tree for a
 *       source outside it)
 *
 * A root that does not exist would silently give TU ids that differ between
 * builds; it is refused instead.
 *
 * Return: 0, or -1 after a message.
 */
static int source_root(char **out)
{
  const char *env = getenv("DSU_SOURCE_ROOT");
  char buf[PATH_MAX];
  *out = NULL;
  if (!env || !*env)
    return 0;
  if (!realpath(env, buf)) {
    fprintf(stderr, "dsu-cc: DSU_SOURCE_ROOT=%s: %s\n", env, strerror(errno));
    return -1;
  }
  *out = xstrdup(buf);
  return 0;
}

/* Probes, --help and commands without inputs go to clang untouched. */
static bool is_passthrough(const struct cc_args *a)
{
  return a->probe || a->help_clang || !a->has_input;
}

/**
 * build_command() - the clang command line for this invocation.
 * @a:   the parsed arguments
 * @p:   where dsu's parts are
 * @base_file: the --dsu-base JSON file for the plugin, or NULL
 * @cmd: filled with clang and its arguments
 *
 * Return: 0, or -1 after a message naming what is missing.
 */
static int build_command(const struct cc_args *a, const struct dsu_prefix *p, const char *base_file,
                         struct strvec *cmd)
{
  int rc = -1;
  char *plugin = xasprintf("%s/dsu-plugin.so", p->lib_dir);
  char *pass = xasprintf("%s/dsu-pass.so", p->lib_dir);
  char *rt = xasprintf("%s/libdsu_rt.a", p->lib_dir);
  char *root = NULL;
  bool passthrough = is_passthrough(a);

  strvec_push(cmd, p->clang);
  if (!passthrough && a->has_c) {
    /* dsu.h is useful for preprocessing too (make depend, -E).  -isystem:
     * its structs are the runtime's, so the plugin must not record them. */
    if (dsu_prefix_require("dsu-cc", p->include_dir) < 0)
      goto out;
    strvec_push(cmd, "-isystem");
    strvec_push(cmd, p->include_dir);
  }
  if (!passthrough && a->compiles) {
    if ((!a->no_plugin && dsu_prefix_require("dsu-cc", plugin) < 0) ||
        dsu_prefix_require("dsu-cc", pass) < 0 || source_root(&root) < 0)
      goto out;
    if (!a->no_plugin)
      strvec_pushf(cmd, "-fplugin=%s", plugin);
    if (!a->no_plugin && a->wrap)
      strvec_push(cmd, "-fplugin-arg-dsu-wrap");
    if (!a->no_plugin && a->wrap_remarks)
      strvec_push(cmd, "-fplugin-arg-dsu-wrap-remarks");
    if (!a->no_plugin && a->slop)
      strvec_pushf(cmd, "-fplugin-arg-dsu-slop=%s", a->slop);
    if (!a->no_plugin && base_file)
      strvec_pushf(cmd, "-fplugin-arg-dsu-base=%s", base_file);
    /* The pass is loaded twice: -fplugin= makes its -mllvm options known to
     * the option parser, -fpass-plugin= registers the pass. */
    strvec_pushf(cmd, "-fplugin=%s", pass);
    strvec_pushf(cmd, "-fpass-plugin=%s", pass);
    if (root) {
      strvec_push(cmd, "-mllvm");
      strvec_pushf(cmd, "-dsu-source-root=%s", root);
    }
    if (a->direct_max_insts) {
      strvec_push(cmd, "-mllvm");
      strvec_pushf(cmd, "-dsu-direct-max-insts=%s", a->direct_max_insts);
    }
  }
  if (a->help_clang)
    printf("dsu-cc: clang-19 with dsu's plugin, pass and runtime added; dsu-cc's own options\n"
           "dsu-cc: and environment variables: dsu-cc --dsu-help.  clang's help follows.\n\n");

  for (int i = 0; i < a->nrest; i++)
    strvec_push(cmd, a->rest[i]);

  if (!passthrough && a->links) {
    /* -rdynamic: a patch resolves the program's functions, slots and
     * globals at dlopen(); --whole-archive: the runtime's start-up code and
     * control channel are needed although nothing calls them by name. */
    strvec_push(cmd, "-rdynamic");
    if (!a->shared) {
      if (dsu_prefix_require("dsu-cc", rt) < 0)
        goto out;
      strvec_push(cmd, "-Wl,--whole-archive");
      strvec_push(cmd, rt);
      strvec_push(cmd, "-Wl,--no-whole-archive");
      const char *libs[] = {"-ljansson", "-lelf", "-lxxhash", "-ldl", "-lpthread"};
      for (size_t i = 0; i < sizeof libs / sizeof *libs; i++)
        strvec_push(cmd, libs[i]);
      /* A runtime built with DSU_SANITIZE needs the sanitizer runtimes. */
      if (*DSU_RT_LINK_FLAGS)
        strvec_push(cmd, DSU_RT_LINK_FLAGS);
    }
  }
  rc = 0;
out:
  free(plugin);
  free(pass);
  free(rt);
  free(root);
  return rc;
}

/**
 * prepare_base() - handle --dsu-base=OLD / $DSU_BASE for a compile.
 * @a: the arguments; --dsu-wrap is implied when OLD has wrapped types
 * @b: filled when a base file was written (b->file != NULL)
 *
 * A link, a probe or a preprocess-only command needs no base: it is ignored
 * there, so CC=dsu-cc with DSU_BASE set in the environment works for every
 * step of a build.
 *
 * Return: 0, or -1 after a message (OLD unusable, or no plugin to use it).
 */
static int prepare_base(struct cc_args *a, struct cc_base *b)
{
  const char *old = a->base ? a->base : getenv("DSU_BASE");
  memset(b, 0, sizeof *b);
  if (!old || !*old || is_passthrough(a) || !a->compiles)
    return 0;
  if (a->no_plugin) {
    fprintf(stderr, "dsu-cc: --dsu-base=%s needs the clang plugin, which --dsu-no-plugin turns off\n", old);
    return -1;
  }
  if (cc_base_write(old, b) < 0)
    return -1;
  if (b->any_wrapped)
    a->wrap = true;
  if (a->verbose)
    fprintf(stderr, "dsu-cc: base %s: %d type record%s%s, in %s\n", old, b->ntypes,
            b->ntypes == 1 ? "" : "s", b->any_wrapped ? " (wrapped types: --dsu-wrap implied)" : "",
            b->file);
  return 0;
}

int main(int argc, char **argv)
{
  struct cc_args a;
  struct dsu_prefix p = {0};
  struct strvec cmd = {0};
  struct cc_base base = {0};
  int rc = 2;

  if (cc_args_parse(argc, argv, &a) < 0)
    goto out;
  if (a.help_dsu) {
    print_dsu_help();
    rc = 0;
    goto out;
  }
  if (prepare_base(&a, &base) < 0) {
    rc = 1;
    goto out;
  }
  if (dsu_prefix_locate(&p, "dsu-cc") < 0 || build_command(&a, &p, base.file, &cmd) < 0)
    goto out;
  if (a.verbose)
    strvec_print(&cmd, "dsu-cc: ");
  fflush(stdout);
  if (base.file) {
    /* The base file must outlive clang and then go: run clang as a child
     * instead of becoming it. */
    int st = dsu_spawn("dsu-cc", cmd.v, NULL);
    rc = st < 0 ? 1 : st;
    goto out;
  }
  execv(cmd.v[0], cmd.v);
  fprintf(stderr, "dsu-cc: cannot run %s: %s\n", cmd.v[0], strerror(errno));
out:
  if (base.file)
    unlink(base.file);
  free(base.file);
  strvec_free(&cmd);
  dsu_prefix_free(&p);
  free(a.rest);
  return rc;
}
