# End to end, struct changes: v1 keeps three heap objects of struct conn and
# prints them every iteration.  v2 widens count (int -> long), grows name
# (char[8] -> char[16]) and adds created: the default transformer converts
# the live objects.  v3 narrows count back to int: dsu-diff refuses it, the
# transformer written by --emit-xform does not compile until its #error line
# is replaced, and the patch is built with the edited file.  Every value a
# live object had before an update must be there after it.
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %S/Inputs/e2e-wrap %t > %t/log 2>&1 || { cat %t/log; false; }
# RUN: FileCheck %s --check-prefix=LOG < %t/log
# RUN: FileCheck %s --check-prefix=OUT < %t/out
#
# LOG: dsu-diff: wrote {{.*}}p12.so (patch {{[0-9a-f]+}}: {{[0-9]+}} replaced, 0 added, 0 new globals, 1 changed type)
# LOG: dsu-diff: refused: struct conn: field 'count': cannot infer its conversion: long -> int narrows
# LOG: dsu-diff: wrote {{.*}}x23.c: 1 type transformer, 1 decision left to you
# LOG: dsu-diff: wrote {{.*}}p23.so (patch {{[0-9a-f]+}}: {{[0-9]+}} replaced, 0 added, 0 new globals, 1 changed type)
# LOG: applied {{.*}}p12.so
# LOG: kept: alpha beta gamma (v1 -> v2)
# LOG: applied {{.*}}p23.so
# LOG: kept: alpha beta gamma (v2 -> v3)
#
# OUT: v1 fd=1 count=11 name=alpha
# OUT: v2 fd=1 count={{[0-9]+}} name=alpha created=1
# OUT-NOT: v1
# OUT: v3 fd=1 count={{[0-9]+}} name=alpha created={{[0-9]+}}
# OUT-NOT: {{v1|v2}}
set -eu
src=$1 t=$2
(cd "$src/v1" && dsu-cc -O2 -g --dsu-wrap -o "$t/v1" main.c)
(cd "$src/v2" && dsu-cc -O2 -g --dsu-wrap --dsu-base="$t/v1" -o "$t/v2" main.c)
(cd "$src/v3" && dsu-cc -O2 -g --dsu-wrap --dsu-base="$t/v2" -o "$t/v3" main.c)
dsu-diff "$t/v1" "$t/v2" -o "$t/p12.so"
if dsu-diff "$t/v2" "$t/v3" -o "$t/p23.so"; then echo "v2 -> v3 was not refused"; exit 1; fi
dsu-diff "$t/v2" "$t/v3" --emit-xform "$t/x23.c"
sed 's|^#error.*|  to->count = (int32_t)from->count;|' "$t/x23.c" > "$t/x23-edited.c"
dsu-diff "$t/v2" "$t/v3" --xform "$t/x23-edited.c" -o "$t/p23.so"

# 4000 iterations of 5 ms: the program ends by itself if the test fails.
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
# check_kept OLD NEW - each object's count continued from its last OLD line
# to its first NEW line (one tick), and its name is unchanged.
check_kept() {
  kept=
  for name in alpha beta gamma; do
    last=$(grep "^$1 .*name=$name\( \|$\)" "$t/out" | tail -n 1 | sed 's/.*count=\([0-9]*\).*/\1/')
    first=$(grep "^$2 .*name=$name " "$t/out" | head -n 1 | sed 's/.*count=\([0-9]*\).*/\1/')
    if [ "$first" != "$((last + 1))" ]; then
      echo "$name: count $last in $1, then $first in $2"
      return 1
    fi
    kept="$kept $name"
  done
  echo "kept:$kept ($1 -> $2)"
}
wait_for "v1 fd=3"
dsu-ctl apply $pid "$t/p12.so"
wait_for "v2 fd=3"
check_kept v1 v2
dsu-ctl apply $pid "$t/p23.so"
wait_for "v3 fd=3"
check_kept v2 v3
