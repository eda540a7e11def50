/*
 * base.h - dsu-cc --dsu-base=OLD: the type sizes a new build must keep.
 *
 * A wrapped struct must have the same size and alignment in every version
 * of a program (patch code indexes arrays and allocates with it).  dsu-cc
 * reads the type records of OLD's manifests and hands them to the clang
 * plugin as a JSON file (-fplugin-arg-dsu-base=FILE), which chooses the
 * slop of each such type so its wrapped size stays OLD's.
 */
#ifndef DSU_CC_BASE_H
#define DSU_CC_BASE_H

#include <stdbool.h>

struct cc_base {
  char *file;       /* the temp JSON file to pass the plugin (unlink when done) */
  bool any_wrapped; /* OLD has a wrapped type: the build must wrap too */
  int ntypes;       /* records written (for --dsu-verbose) */
};

/**
 * cc_base_write() - read OLD's type records and write the base file.
 * @old: path of the OLD binary (from --dsu-base= or $DSU_BASE)
 * @b:   filled; b->file is a new temp file the caller must unlink
 *
 * Every distinct record of a type name is written (ignoring file/line), so
 * when TUs of OLD disagree about a type the plugin sees both and can say so.
 *
 * Return: 0, or -1 after a message naming OLD (missing, not a dsu binary,
 * damaged manifest, temp file not writable).
 */
int cc_base_write(const char *old, struct cc_base *b);

#endif /* DSU_CC_BASE_H */
