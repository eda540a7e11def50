# An update point reached inside a signal handler never commits a patch:
# the handler interrupted the program anywhere.  defer/handler's SIGUSR1
# handler reaches dsu_update() through a function of another TU (so the
# compiler cannot see it); an apply sent while the program runs without
# update points is served by that handler's update point and deferred, with
# a reason that says so, even though the patch only changes a body.  Once
# main's loop reaches its own update point, the same request is applied.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/defer/handler %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in v1 v2; do e2e_build_version "$src/$v" "$t/$v"; done
dsu-diff "$t/v1" "$t/v2" -o "$t/p.so" 2> "$t/diff.err"

"$t/v1" "$t/log" "$t/go" "$t/stop" &
pid=$!
E2E_PIDS+=("$pid")
e2e_wait_for '^ready' "$t/log"
dsu-ctl apply --timeout 30 "$pid" "$t/p.so" > "$t/apply.out" 2> "$t/apply.err" &
ctl=$!
# The request waits for an update point; only the handler has one now.
for i in $(seq 1 200); do
  kill -USR1 "$pid"
  grep -q 'deferred:' "$t/apply.err" 2>/dev/null && break
  sleep 0.05
done
e2e_wait_for 'deferred:' "$t/apply.err"
# More signals, more update points inside the handler: still waiting, and
# v1's code still runs.
for i in 1 2 3; do kill -USR1 "$pid"; sleep 0.05; done
kill -0 "$ctl" && echo "apply still waiting"
grep -c 'report' "$t/log" || true
# CHECK: apply still waiting
# CHECK-NEXT: 0

touch "$t/go"
wait "$ctl" && echo "apply exit 0" || echo "apply exit $?"
cat "$t/apply.err"
sed "s|$t|T|; s/ at [0-9]* update points/ at N update points/; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/" "$t/apply.out"
# CHECK-NEXT: apply exit 0
# CHECK-NEXT: dsu-ctl: deferred: this update point runs inside a signal handler (a signal frame is below it): the interrupted code may be in the middle of anything, so the patch waits for an update point outside the handler (at poke (poke.c:{{[0-9]+}}))
# CHECK-NEXT: applied T/p.so ({{[0-9a-f]+}}) at main (main.c:{{[0-9]+}}) after waiting at N update points: pause N us (dlopen N us), now at version {{[0-9a-f]+}}
e2e_wait_for '^updated in main' "$t/log"
grep '^updated in main' "$t/log"
# CHECK-NEXT: updated in main: v2 report
e2e_alive "$pid" && echo "still running"
# CHECK-NEXT: still running
dsu-ctl status --json "$pid" | grep -o '"deferred_points": *[0-9]*' | sed 's/[0-9][0-9]*$/N/'
# CHECK-NEXT: "deferred_points": N
touch "$t/stop"
