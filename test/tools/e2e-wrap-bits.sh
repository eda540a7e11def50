# A typedef'd anonymous struct with a bit-field, a nested struct and a pointer
# that gains a const: all inferred (int -> long, bit-field copied bit by bit,
# nested struct copied, pointer kept); the generated C compiles with -Werror;
# a running program's initialised global objects keep every value.
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %S/Inputs/diff/wrap-bits %t > %t/log 2>&1 || { cat %t/log; false; }
# RUN: FileCheck %s --check-prefix=LOG < %t/log
# RUN: FileCheck %s --check-prefix=C < %t/x.c
# RUN: FileCheck %s --check-prefix=OUT < %t/out
#
# LOG:        global recs: objects converted
# LOG:      type rec_t: layout {{[0-9a-f]+}} -> {{[0-9a-f]+}} (88 bytes), converted by a type transformer:
# LOG-NEXT:   field x: converted (int -> long, widened)
# LOG-NEXT:   field flags: copied (bit-field unsigned int : 3)
# LOG-NEXT:   field in: copied (struct inner)
# LOG-NEXT:   field s: converted (char * -> const char *, the same address)
# LOG-NEXT:   field extra: new (int), zeroed
# LOG: "desc": "__dsu_type.t.rec_t",
# LOG: "xform": "__dsu_x_{{[0-9a-f]+}}_rec_t",
# LOG: applied {{.*}}p.so
#
# C: static void dsu_copy_bits(
# C: void dsu_xform_rec_t(void *to_, const void *from_)
# C:   dsu_copy_bits(to, 128, from, 64, 3); /* copy: bit-field unsigned int : 3 */
#
# OUT: v1 x=7 flags=5 a=9 s=hi
# OUT: v1 x=-3 flags=2 a=4 s=yo
# OUT: v2 x=7 flags=5 a=9 s=hi extra=0
# OUT-NEXT: v2 x=-3 flags=2 a=4 s=yo extra=0
set -eu
src=$1 t=$2
(cd "$src/v1" && dsu-cc -O2 -g --dsu-wrap -o "$t/v1" main.c)
(cd "$src/v2" && dsu-cc -O2 -g --dsu-base="$t/v1" -o "$t/v2" main.c)
dsu-diff --explain "$t/v1" "$t/v2" -o "$t/p.so"
dsu-diff "$t/v1" "$t/v2" --emit-xform "$t/x.c"
clang-19 -fsyntax-only -Wall -Wextra -Werror "$t/x.c"
dsu-diff --dump "$t/p.so" | grep -E '"(desc|xform)"'

"$t/v1" 4000 > "$t/out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
# wait_for TEXT - until the program has printed TEXT (at most 10 s).
wait_for() {
  for _ in $(seq 1 200); do
    grep -q "$1" "$t/out" && return 0
    kill -0 $pid || { echo "program exited early" >&2; return 1; }
    sleep 0.05
  done
  echo "no '$1' within 10 s" >&2
  return 1
}
wait_for "v1 x=-3"
dsu-ctl apply $pid "$t/p.so"
wait_for "v2 x=-3"
