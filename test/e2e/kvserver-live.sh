# The example server is patched live v1 -> v2 -> v3 -> v4 while two clients
# stay connected; every reply is checked before and after each patch, and
# the keys stored in v1 are still there in v4.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %examples/kvserver %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in 1 2 3 4; do e2e_build_version "$src/v$v" "$t/kv$v"; done
for v in 1 2 3; do dsu-diff "$t/kv$v" "$t/kv$((v + 1))" -o "$t/p$v$((v + 1)).so" > /dev/null; done

e2e_start "$t/kv1" "$t/port"
e2e_connect 3
e2e_connect 4
c() { echo "$1 $2 -> $(e2e_cmd "$1" "$2")"; }

echo "== v1"
c 3 "VERSION"
c 3 "SET alpha 1"
c 4 "SET beta two"
c 4 "GET alpha"
c 3 "GET gamma"
c 3 "COUNT"
# CHECK-LABEL: == v1
# CHECK-NEXT: 3 VERSION -> VERSION kvserver 1
# CHECK-NEXT: 3 SET alpha 1 -> OK
# CHECK-NEXT: 4 SET beta two -> OK
# CHECK-NEXT: 4 GET alpha -> VALUE 1
# CHECK-NEXT: 3 GET gamma -> NIL
# CHECK-NEXT: 3 COUNT -> COUNT 2

echo "== v2"
dsu-ctl apply "$E2E_PID" "$t/p12.so" | sed 's/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/'
c 3 "VERSION"
c 4 "GET gamma"
c 3 "GET beta"
c 4 "SET gamma 3"
c 3 "STATS"
# CHECK-LABEL: == v2
# CHECK-NEXT: applied {{.*}}p12.so ({{[0-9a-f]+}}) at main (server.c:{{[0-9]+}}): pause N us (dlopen N us), now at version {{[0-9a-f]+}}
# CHECK-NEXT: 3 VERSION -> VERSION kvserver 2
# CHECK-NEXT: 4 GET gamma -> NOTFOUND gamma
# CHECK-NEXT: 3 GET beta -> VALUE two
# CHECK-NEXT: 4 SET gamma 3 -> OK
# CHECK-NEXT: 3 STATS -> ERR unknown command

echo "== v3"
dsu-ctl apply "$E2E_PID" "$t/p23.so" > /dev/null && echo applied
c 3 "VERSION"
c 4 "STATS"
c 4 "GET gamma"
c 3 "STATS"
# CHECK-LABEL: == v3
# CHECK-NEXT: applied
# CHECK-NEXT: 3 VERSION -> VERSION kvserver 3
# CHECK-NEXT: 4 STATS -> STATS served=2
# CHECK-NEXT: 4 GET gamma -> VALUE 3
# CHECK-NEXT: 3 STATS -> STATS served=4

echo "== v4"
dsu-ctl apply "$E2E_PID" "$t/p34.so" > /dev/null && echo applied
c 3 "VERSION"
c 4 "COUNT"
c 3 "GET alpha"
c 4 "GET nope"
c 3 "BOGUS"
c 4 "STATS"
# CHECK-LABEL: == v4
# CHECK-NEXT: applied
# CHECK-NEXT: 3 VERSION -> +VERSION kvserver 4
# CHECK-NEXT: 4 COUNT -> +COUNT 3/256
# CHECK-NEXT: 3 GET alpha -> +VALUE 1
# CHECK-NEXT: 4 GET nope -> +NOTFOUND nope
# CHECK-NEXT: 3 BOGUS -> -ERR unknown command
# CHECK-NEXT: 4 STATS -> +STATS served=10

echo "== history"
dsu-ctl status --json "$E2E_PID" > "$t/status.json"
grep -o '"result": *"[a-z-]*"' "$t/status.json" | tr -d ' '
grep -o '"updates_applied": *[0-9]*' "$t/status.json" | tr -d ' '
# A client that connects only now sees the same data.
e2e_connect 5
c 5 "GET beta"
# CHECK-LABEL: == history
# CHECK-NEXT: "result":"applied"
# CHECK-NEXT: "result":"applied"
# CHECK-NEXT: "result":"applied"
# CHECK-NEXT: "updates_applied":3
# CHECK-NEXT: 5 GET beta -> +VALUE two
e2e_alive "$E2E_PID"
