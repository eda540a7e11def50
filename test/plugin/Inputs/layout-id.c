/* Variants of two nested wrapped structs (test/plugin/layout-id.test). */
struct inner {
#ifdef RENAME_INNER
  int renamed;
#else
  int a;
#endif
#ifdef GROW_INNER
  int added;
#endif
};
struct outer {
  int x;
  struct inner in;
#ifdef CHANGE_OUTER
  unsigned y;
#else
  int y;
#endif
};
struct outer o;
