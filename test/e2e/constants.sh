# A changed constant string (longer than before) and a changed constant table
# take effect in the running program; the state kept in memory carries on.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/constants %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
#
# CHECK:      before: banner=service 1.0 limit=20
# CHECK-NEXT: apply: applied
# CHECK-NEXT: after: banner=service 1.0.1 (patched) limit=25
# CHECK-NEXT: served carried on: yes
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

e2e_build_version "$src/v1" "$t/v1"
e2e_build_version "$src/v2" "$t/v2"
dsu-diff "$t/v1" "$t/v2" -o "$t/p.so" 2> "$t/diff.err"

e2e_loop_patch "$t/v1" "$t/p.so" "$t"
