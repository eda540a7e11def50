# A changed qsort comparator, a changed handler stored in a function table,
# and a changed static helper that was inlined into its caller all take
# effect after one live patch; a counter kept in memory carries on.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/callbacks %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
#
# CHECK:      explain: {{[0-9]+}} lines
# CHECK-NEXT: before: sorted=1234 compute=11 greet=hello
# CHECK-NEXT: apply: applied
# CHECK-NEXT: after: sorted=4321 compute=16 greet=bonjour
# CHECK-NEXT: served carried on: yes
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

e2e_build_version "$src/v1" "$t/v1"
e2e_build_version "$src/v2" "$t/v2"
dsu-diff --explain "$t/v1" "$t/v2" -o "$t/p.so" > "$t/explain.txt"
# compute() did not change in the source but had scale() inlined: it must be
# in the patch too.
grep -q compute "$t/explain.txt" || { echo "compute missing from the patch" >&2; cat "$t/explain.txt" >&2; exit 1; }
echo "explain: $(grep -c . "$t/explain.txt") lines"

e2e_loop_patch "$t/v1" "$t/p.so" "$t"
