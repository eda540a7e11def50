/*
 * args.h - what a compiler command line asks for, as far as dsu-cc needs to
 * know: does it compile C, does it link, is it a probe to pass through.
 */
#ifndef DSU_CC_ARGS_H
#define DSU_CC_ARGS_H

#include <stdbool.h>

struct cc_args {
  /* dsu-cc's own options (--dsu-*), removed from the command line. */
  bool verbose;
  bool no_plugin;
  bool wrap;         /* --dsu-wrap: the plugin wraps updateable structs */
  bool wrap_remarks; /* --dsu-wrap-remarks: say why a struct is not wrapped */
  const char *slop;  /* NULL unless --dsu-slop=PERCENT */
  const char *base;  /* NULL unless --dsu-base=OLD (main also reads $DSU_BASE) */
  bool help_dsu;
  const char *direct_max_insts; /* NULL unless --dsu-direct-max-insts=N */

  /* What the remaining command line does. */
  bool probe;      /* --version, -dumpversion, -print-*, -v alone, ...: pass through untouched */
  bool help_clang; /* --help */
  bool has_c;      /* at least one C input (*.c, *.i, *.h, or -x c/cpp-output) */
  bool has_input;  /* any input file at all */
  bool compiles;   /* code is generated for the C inputs (not -E, -M/-MM alone, -fsyntax-only) */
  bool links;      /* the driver links (no -c, -S, -E, -fsyntax-only, -M/-MM alone) */
  bool shared;     /* -shared or -r: no runtime linked in (the executable carries it) */

  char **rest;     /* the arguments after argv[0] without --dsu-*, NULL-terminated */
  int nrest;
};

/**
 * cc_args_parse() - classify @argv.
 *
 * Return: 0, or -1 after printing a usage error about a --dsu-* option.
 */
int cc_args_parse(int argc, char **argv, struct cc_args *a);

#endif /* DSU_CC_ARGS_H */
