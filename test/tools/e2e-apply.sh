# End to end: build v1, v2, v3 with dsu-cc, make two patches with dsu-diff,
# start v1 (a bounded loop printing compute() and calling dsu_update()),
# apply both patches with dsu-ctl and check the printed value changes.  The
# second patch adds a function and a global, and a state transformer
# (--xform) that sets the new global.
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %S/Inputs/e2e %t > %t/log 2>&1 || { cat %t/log; false; }
# RUN: FileCheck %s --check-prefix=LOG < %t/log
# RUN: FileCheck %s --check-prefix=OUT < %t/out
#
# LOG: dsu-diff: wrote {{.*}}p12.so (patch {{[0-9a-f]+}}: 2 replaced, 0 added, 0 new globals)
# LOG: dsu-diff: wrote {{.*}}p23.so (patch {{[0-9a-f]+}}: 1 replaced, 1 added, 1 new globals)
# LOG: "state_transformer": "__dsu_xform_{{[0-9a-f]+}}"
# LOG: applied {{.*}}p12.so
# LOG: applied {{.*}}p23.so
# LOG: updates applied: 2
#
# OUT: value 100
# OUT: value 200
# OUT-NOT: value 100
# OUT: value 310
# OUT-NOT: value {{100|200}}
set -eu
src=$1 t=$2
for v in v1 v2 v3; do
  (cd "$src/$v" && dsu-cc -O2 -g -o "$t/$v" main.c)
done
dsu-diff "$t/v1" "$t/v2" -o "$t/p12.so"
dsu-diff "$t/v2" "$t/v3" --xform "$src/xform.c" -o "$t/p23.so"
dsu-diff --dump "$t/p23.so" | grep state_transformer

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
wait_for "value 100"
dsu-ctl apply $pid "$t/p12.so"
wait_for "value 200"
dsu-ctl apply $pid "$t/p23.so"
wait_for "value 310"
dsu-ctl status $pid
