/*
 * types_patch.c - the code of the hand-made patches of types_prog.c, one
 * source for every patch: -DPID=<patch id> names the symbols, -DV=2 or 3
 * picks the layout the new code is compiled for.
 *
 *   v2 (22222222): tag, long a @8, int b @16, int c @20 (new: a + b)
 *   v3 (33333333): v2 + int d @24 (new: c * 10)
 *
 * Faults for the refusal tests: -DXFORM_SEGV (the transformer follows a
 * pointer read from the old object: NULL on the zeroed smoke-run object),
 * -DXFORM_FPE (divides by a field, 0 there), -DXFORM_LAZY_SEGV (crashes
 * on an object whose a is 666, so only during lazy conversion), -DSTATE_SEGV (a state
 * transformer that crashes), -DNO_XFORM (the transformer is missing).
 */
#include <dsu.h>
#include <stdio.h>

#define S2(x) #x
#define S(x) S2(x)
#define SYM(what) "__dsu_p." S(PID) "." what

struct item1 {
  uint32_t dsu_tag;
  int a;
  int b;
  uint32_t pad;
  uint64_t dsu_slop[2];
};
struct item2 {
  uint32_t dsu_tag;
  uint32_t pad;
  long a;
  int b;
  int c;
  uint64_t dsu_slop;
};
struct item3 {
  uint32_t dsu_tag;
  uint32_t pad;
  long a;
  int b;
  int c;
  int d;
  uint32_t dsu_slop;
};
_Static_assert(sizeof(struct item1) == 32 && sizeof(struct item2) == 32 && sizeof(struct item3) == 32,
               "the wrapped size is the same in every version");

#if V == 2
#define ID 0x22222222u
typedef struct item2 item_t;
#else
#define ID 0x33333333u
typedef struct item3 item_t;
#endif

/* The patch's own copy of the descriptor: the program's wins at dlopen.
 * Its base_id is deliberately the patch's layout, so a test notices if
 * the runtime ever used this copy. */
__attribute__((weak, visibility("default"))) struct dsu__type item_desc __asm__("__dsu_type.s.item") = {
  DSU_TYPE_ABI, ID, 32, "struct item", NULL
};

#define CHECK(p)                                                                                   \
  do {                                                                                             \
    if (__builtin_expect((p)->dsu_tag != ID, 0))                                                   \
      __dsu_convert((p), &item_desc, ID);                                                          \
  } while (0)

void show_new(int k, item_t *p) __asm__(SYM("show"));
void show_new(int k, item_t *p)
{
  CHECK(p);
#if V == 2
  printf("show %d: v2 tag=%08x a=%ld b=%d c=%d\n", k, p->dsu_tag, p->a, p->b, p->c);
#else
  printf("show %d: v3 tag=%08x a=%ld b=%d c=%d d=%d\n", k, p->dsu_tag, p->a, p->b, p->c, p->d);
#endif
}

void set_new(item_t *p, int a, int b) __asm__(SYM("set"));
void set_new(item_t *p, int a, int b)
{
  CHECK(p);
  p->a = a;
  p->b = b;
  p->c = -1;
}

#ifndef NO_XFORM
void xform(void *to_, const void *from_) __asm__("__dsu_x_" S(PID) "_struct_item");
void xform(void *to_, const void *from_)
{
#if V == 2
  const struct item1 *from = from_;
  struct item2 *to = to_;
#ifdef XFORM_SEGV
  to->a = **(int **)from->dsu_slop; /* NULL on a zeroed object */
#elif defined(XFORM_LAZY_SEGV)
  if (from->a == 666)
    *(volatile int *)0 = 1; /* only on a real object, after the smoke run */
  to->a = from->a;
#elif defined(XFORM_FPE)
  volatile int zero = from->b;
  to->a = from->a / zero;
#else
  to->a = from->a;
#endif
  to->b = from->b;
  to->c = from->a + from->b;
#else
  const struct item2 *from = from_;
  struct item3 *to = to_;
  to->a = from->a;
  to->b = from->b;
  to->c = from->c;
  to->d = from->c * 10;
#endif
}
#endif

#ifdef STATE_SEGV
int state(void) __asm__("__dsu_xform_" S(PID));
int state(void)
{
  volatile int *volatile nowhere = 0;
  return *nowhere;
}
#endif
