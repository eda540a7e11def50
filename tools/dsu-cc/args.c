/*
 * args.c - minimal parse of a gcc/clang command line.
 *
 * dsu-cc must not understand every flag: it only needs the inputs (to know
 * whether C is compiled), the options that stop before linking, and the
 * options that take their value as the next argument (so that value is not
 * mistaken for an input file).  Everything else goes to clang untouched.
 */
#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options whose value is the next argument (clang's "Separate" options that
 * a build system may emit).  Joined forms (-Idir, -o,out) need no entry. */
static const char *const separate_opts[] = {
  "-o", "-I", "-D", "-U", "-L", "-l", "-x", "-include", "-imacros", "-isystem", "-idirafter",
  "-iquote", "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "--sysroot",
  "-MF", "-MT", "-MQ", "-MJ", "-Xlinker", "-Xclang", "-Xassembler", "-Xpreprocessor", "-mllvm",
  "-target", "--target", "-arch", "-u", "-z", "-T", "-e", "--param", "-aux-info", "-dumpbase",
  "-dumpdir", "-serialize-diagnostics", "--serialize-diagnostics", "-B", "-G", "-F",
  "-ivfsoverlay", "-resource-dir", "-working-directory", "-gcc-toolchain", "--gcc-toolchain",
  "-current_version", "-compatibility_version", "-install_name", "-framework", NULL,
};

static bool takes_separate_value(const char *arg)
{
  for (int i = 0; separate_opts[i]; i++)
    if (strcmp(arg, separate_opts[i]) == 0)
      return true;
  return false;
}

static bool has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Languages named by -x that dsu instruments. */
static bool lang_is_c(const char *lang)
{
  return strcmp(lang, "c") == 0 || strcmp(lang, "cpp-output") == 0 || strcmp(lang, "c-header") == 0;
}

/* Configure scripts probe the compiler with these; they compile nothing, so
 * dsu-cc must answer exactly as clang does. */
static bool is_probe_flag(const char *arg)
{
  return strcmp(arg, "--version") == 0 || strcmp(arg, "-dumpversion") == 0 ||
         strcmp(arg, "-dumpmachine") == 0 || strncmp(arg, "-print-", 7) == 0 ||
         strncmp(arg, "--print-", 8) == 0 || strcmp(arg, "-###") == 0;
}

static int parse_own(const char *arg, struct cc_args *a)
{
  if (strcmp(arg, "--dsu-verbose") == 0) {
    a->verbose = true;
  } else if (strcmp(arg, "--dsu-no-plugin") == 0) {
    a->no_plugin = true;
  } else if (strcmp(arg, "--dsu-help") == 0) {
    a->help_dsu = true;
  } else if (strcmp(arg, "--dsu-wrap") == 0) {
    a->wrap = true;
  } else if (strcmp(arg, "--dsu-wrap-remarks") == 0) {
    a->wrap = a->wrap_remarks = true;
  } else if (strncmp(arg, "--dsu-slop=", 11) == 0) {
    const char *v = arg + 11;
    char *end;
    if (!*v || *v == '-' || strtoul(v, &end, 10) > 10000 || *end) {
      fprintf(stderr, "dsu-cc: --dsu-slop wants a percentage (0..10000), got '%s'\n", v);
      return -1;
    }
    a->wrap = true;
    a->slop = v;
  } else if (strncmp(arg, "--dsu-base=", 11) == 0) {
    if (!arg[11]) {
      fprintf(stderr, "dsu-cc: --dsu-base wants the OLD binary: --dsu-base=OLD\n");
      return -1;
    }
    a->base = arg + 11;
  } else if (strncmp(arg, "--dsu-direct-max-insts=", 23) == 0) {
    const char *v = arg + 23;
    char *end;
    if (!*v || strtoul(v, &end, 10) > 1000000 || *end || *v == '-') {
      fprintf(stderr, "dsu-cc: --dsu-direct-max-insts wants a number of instructions (0..1000000), got '%s'\n", v);
      return -1;
    }
    a->direct_max_insts = v;
  } else {
    fprintf(stderr, "dsu-cc: unknown option %s (see dsu-cc --dsu-help)\n", arg);
    return -1;
  }
  return 0;
}

int cc_args_parse(int argc, char **argv, struct cc_args *a)
{
  memset(a, 0, sizeof *a);
  a->rest = calloc(argc + 1, sizeof *a->rest);
  if (!a->rest)
    return -1;

  bool stop_before_link = false, preprocess_only = false, syntax_only = false;
  bool dep_only = false, dep_with_compile = false, only_v = false;
  const char *lang = NULL; /* current -x language, NULL = by suffix */
  int nopts = 0;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strncmp(arg, "--dsu-", 6) == 0) {
      if (parse_own(arg, a) < 0)
        return -1;
      continue;
    }
    a->rest[a->nrest++] = argv[i];

    if (arg[0] != '-' || strcmp(arg, "-") == 0) {
      /* An input file (or stdin). */
      a->has_input = true;
      if (lang ? lang_is_c(lang)
               : has_suffix(arg, ".c") || has_suffix(arg, ".i") || has_suffix(arg, ".h"))
        a->has_c = true;
      continue;
    }
    nopts++;
    if (strcmp(arg, "-v") == 0)
      only_v = true;
    if (is_probe_flag(arg))
      a->probe = true;
    else if (strcmp(arg, "--help") == 0)
      a->help_clang = true;
    else if (strcmp(arg, "-c") == 0 || strcmp(arg, "-S") == 0)
      stop_before_link = true;
    else if (strcmp(arg, "-E") == 0)
      preprocess_only = true;
    else if (strcmp(arg, "-fsyntax-only") == 0)
      syntax_only = true;
    else if (strcmp(arg, "-M") == 0 || strcmp(arg, "-MM") == 0)
      dep_only = true;
    else if (strcmp(arg, "-MD") == 0 || strcmp(arg, "-MMD") == 0)
      dep_with_compile = true;
    else if (strcmp(arg, "-shared") == 0 || strcmp(arg, "-r") == 0)
      a->shared = true;
    else if (strncmp(arg, "-x", 2) == 0) {
      const char *v = arg[2] ? arg + 2 : (i + 1 < argc ? argv[i + 1] : "");
      lang = strcmp(v, "none") == 0 ? NULL : v;
    }
    if (takes_separate_value(arg) && i + 1 < argc) {
      a->rest[a->nrest++] = argv[++i];
    }
  }
  a->rest[a->nrest] = NULL;

  /* "-v" with nothing else prints clang's version and search paths. */
  if (only_v && nopts == 1 && !a->has_input)
    a->probe = true;
  /* -M/-MM alone preprocess; with -MD/-MMD they ride along a compile. */
  bool deps_only = dep_only && !dep_with_compile;
  a->compiles = a->has_c && !preprocess_only && !syntax_only && !deps_only;
  a->links = a->has_input && !stop_before_link && !preprocess_only && !syntax_only && !deps_only;
  return 0;
}
