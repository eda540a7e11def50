/*
 * stamp.c - __dsu_stamp_alloc(): write the layout id into the tag of every
 * element of a fresh allocation of a wrapped type, so that its bytes are
 * known to be in the layout of the code that allocated it (docs/runtime.md,
 * "Type versions and conversion").
 *
 * Called right after each allocation site the compiler recognised; touches
 * no runtime state, takes no lock.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

void __dsu_stamp_alloc(void *p, struct dsu__type *t, uint32_t id, size_t old_usable,
                       size_t req_bytes, int how)
{
  if (!p)
    return; /* the allocation failed: the program handles that */
  if (t->size < sizeof id) {
    fprintf(stderr, "dsu: fatal: __dsu_stamp_alloc: descriptor of %s says size %llu, too small for a tag\n",
            t->name, (unsigned long long)t->size);
    abort();
  }
  size_t first, end;
  switch (how) {
  case 0:
    /* libc heap: every whole element the block can hold, but not those a
     * realloc() kept (they hold objects, possibly in an older layout). */
    first = old_usable / t->size;
    end = malloc_usable_size(p) / t->size;
    break;
  case 1:
    first = 0;
    end = req_bytes / t->size;
    break;
  default:
    fprintf(stderr,
            "dsu: fatal: __dsu_stamp_alloc: allocation kind %d for %s at %p is unknown to this "
            "runtime (0 = libc heap, 1 = other allocator): code and runtime do not match\n",
            how, t->name, p);
    abort();
  }
  for (size_t i = first; i < end; i++)
    memcpy((char *)p + i * t->size, &id, sizeof id);
}
