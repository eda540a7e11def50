# With --dsu-wrap the example's structs carry a version tag and slop; code-only
# patches still apply live and the data kept in the (wrapped) store survives.
# Nothing converts tags yet: this checks that wrapping itself breaks nothing.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %examples/kvserver %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in 1 2 3 4; do e2e_build_version "$src/v$v" "$t/kv$v" --dsu-wrap; done
for v in 1 2 3; do dsu-diff "$t/kv$v" "$t/kv$((v + 1))" -o "$t/p$v.so" 2> /dev/null; done
dsu-diff --dump "$t/kv1" | grep -A3 '"name": "struct entry"' | grep -m1 '"size"' | tr -d ' ,'
# CHECK: "size":208

e2e_start "$t/kv1" "$t/port"
e2e_connect 3
e2e_cmd 3 "SET k wrapped"
for v in 1 2 3; do dsu-ctl apply "$E2E_PID" "$t/p$v.so" > /dev/null && echo "applied p$v"; done
e2e_cmd 3 "VERSION"
e2e_cmd 3 "GET k"
e2e_cmd 3 "COUNT"
# CHECK-NEXT: OK
# CHECK-NEXT: applied p1
# CHECK-NEXT: applied p2
# CHECK-NEXT: applied p3
# CHECK-NEXT: +VERSION kvserver 4
# CHECK-NEXT: +VALUE wrapped
# CHECK-NEXT: +COUNT 1/256
