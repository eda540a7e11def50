# A signature change waits for the old code that may still call the function
# to leave the stack.  defer/sig v1 -> v3 changes scale(int) to scale(long)
# and its callers.  The program runs worker(), which holds an update point in
# a loop and calls scale() after it: the apply is deferred (the reason names
# scale and worker) at every update point in worker.  The test then lets
# worker return; at the next update point, in main's loop, the same request
# is applied.  worker's sum and the new code's output are checked.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/defer/sig %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in v1 v3; do e2e_build_version "$src/$v" "$t/$v"; done
dsu-diff "$t/v1" "$t/v3" -o "$t/p13.so" 2> "$t/diff.err"
grep 'signature changed' "$t/diff.err"
# CHECK: dsu-diff: warning: function scale: signature changed, and worker calls it and holds an update point: the patch may be deferred while worker is running (it is applied at an update point where no old activation that may call scale with the old arguments is on the stack)

"$t/v1" "$t/log" "$t/trigger" "$t/stop" &
pid=$!
E2E_PIDS+=("$pid")
e2e_wait_for '^in worker' "$t/log"
v1=$(dsu-ctl ping "$pid" | sed 's/.* version //')
dsu-ctl apply --timeout 30 "$pid" "$t/p13.so" > "$t/apply.out" 2> "$t/apply.err" &
ctl=$!
e2e_wait_for 'deferred:' "$t/apply.err"
# Still deferred after more update points in worker: the version has not moved.
dsu-ctl status "$pid" | grep -E '^(version|waiting)' | sed "s|$t|T|; s/$v1/V1/; s/ at [0-9]* update points/ at N update points/"
# CHECK-NEXT: version: {{ *}}V1
# CHECK-NEXT: waiting: T/p13.so ({{[0-9a-f]+}}), deferred at N update points, last at worker (main.c:{{[0-9]+}}): function scale changes signature and worker (main.c) may call it after its current call returns

# worker returns; main's loop reaches its update point.
touch "$t/trigger"
wait "$ctl" && echo "apply exit 0" || echo "apply exit $?"
cat "$t/apply.err"
sed "s|$t|T|; s/ at [0-9]* update points/ at N update points/; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/" "$t/apply.out"
# CHECK-NEXT: apply exit 0
# CHECK-NEXT: dsu-ctl: deferred: function scale changes signature and worker (main.c) may call it after its current call returns (at worker (main.c:{{[0-9]+}}))
# CHECK-NEXT: applied T/p13.so ({{[0-9a-f]+}}) at main (main.c:{{[0-9]+}}) after waiting at N update points: pause N us (dlopen N us), now at version {{[0-9a-f]+}}

e2e_wait_for '^v3 ' "$t/log"
grep -c 'updated in worker' "$t/log" || true
grep -E '^(left worker|updated in main)' "$t/log"
# CHECK-NEXT: 0
# CHECK-NEXT: left worker
# CHECK-NEXT: updated in main
# worker summed 3 * (i % 10) for each of its rounds, all in v1's code.
line=$(grep '^v3 ' "$t/log")
rounds=$(sed 's/.*rounds=\([0-9]*\).*/\1/' <<< "$line")
total=$(sed 's/.*total=\([0-9]*\).*/\1/' <<< "$line")
want=0
for ((i = 0; i < rounds; i++)); do want=$((want + 3 * (i % 10))); done
[ "$total" -eq "$want" ] && echo "total kept: yes" || echo "total kept: no ($total, want $want after $rounds rounds)"
sed 's/rounds=[0-9]* total=[0-9]*/rounds=R total=T/' <<< "$line"
# CHECK-NEXT: total kept: yes
# CHECK-NEXT: v3 rounds=R total=T scale(7)=28
e2e_alive "$pid" && echo "still running"
# CHECK-NEXT: still running
touch "$t/stop"
