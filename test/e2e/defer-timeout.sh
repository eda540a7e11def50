# A patch deferred for good, and one that must not be deferred at all.
# defer/sig v1 -> v2 changes only bodies (scale's among them): it is applied at
# once, at an update point in worker, although worker calls scale after it.
# v2 -> v3 changes scale's signature: while worker runs it is deferred;
# dsu-ctl apply --timeout 2 gives up (exit 4), the patch is withdrawn, the
# version stays v2, the history says why, and the program goes on serving.
# Once worker has returned, the same patch applies.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/defer/sig %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in v1 v2 v3; do e2e_build_version "$src/$v" "$t/$v"; done
dsu-diff "$t/v1" "$t/v2" -o "$t/p12.so" 2> "$t/diff12.err"
dsu-diff "$t/v2" "$t/v3" -o "$t/p23.so" 2> "$t/diff23.err"

clean() {
  sed "s|$t|T|g; s/process $pid/process PID/; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/; s/ at [0-9]* update points/ at N update points/"
}

"$t/v1" "$t/log" "$t/trigger" "$t/stop" &
pid=$!
E2E_PIDS+=("$pid")
e2e_wait_for '^in worker' "$t/log"

# Bodies only: no deferral, although worker is on the stack.
dsu-ctl apply --timeout 30 "$pid" "$t/p12.so" 2> "$t/apply12.err" | clean
echo "stderr: $(wc -c < "$t/apply12.err") bytes"
# CHECK: applied T/p12.so ({{[0-9a-f]+}}) at worker (main.c:{{[0-9]+}}): pause N us (dlopen N us), now at version [[V2:[0-9a-f]{16}]]
# CHECK-NEXT: stderr: 0 bytes
e2e_wait_for '^updated in worker' "$t/log"

# A signature change while worker runs: deferred until the client gives up.
set +e
dsu-ctl apply --timeout 2 "$pid" "$t/p23.so" > "$t/apply23.out" 2> "$t/apply23.err"
echo "apply exit $?"
set -e
clean < "$t/apply23.err"
wc -c < "$t/apply23.out"
# CHECK-NEXT: apply exit 4
# CHECK-NEXT: dsu-ctl: deferred: function scale changes signature and worker (main.c) may call it after its current call returns (at worker (main.c:{{[0-9]+}}))
# CHECK-NEXT: dsu-ctl: process PID: timed out waiting after 2 s; the patch was withdrawn, the program is unchanged
# CHECK-NEXT: 0

# The program is unchanged and says why the patch was withdrawn.
dsu-ctl status "$pid" > "$t/status.txt"
grep -E '^(version|updates applied|waiting)' "$t/status.txt"
awk '$1 ~ /^[0-9]+$/ { print $1, $4 } /^ +(error|deferred)/' "$t/status.txt" | clean
# CHECK-NEXT: version: {{ *}}[[V2]]
# CHECK-NEXT: updates applied: 1
# CHECK-NEXT: 1 applied
# CHECK-NEXT: 2 withdrawn
# CHECK-NEXT:     error: the client left (dsu-ctl timed out) while the patch waited (deferred at N update points: function scale changes signature and worker (main.c) may call it after its current call returns); nothing changed
# CHECK-NEXT:     deferred at N update points

# It still serves, and worker still runs v2's scale (the withdrawn patch's
# code never ran).
dsu-ctl ping "$pid" | clean
# CHECK-NEXT: process PID is a dsu program at version [[V2]]
e2e_alive "$pid" && echo "still running"
# CHECK-NEXT: still running

# Once worker has returned, the withdrawn patch applies after all.
touch "$t/trigger"
e2e_wait_for '^left worker' "$t/log"
dsu-ctl apply --timeout 30 "$pid" "$t/p23.so" 2> "$t/apply23b.err" | clean
echo "stderr: $(wc -c < "$t/apply23b.err") bytes"
# CHECK-NEXT: applied T/p23.so ({{[0-9a-f]+}}) at main (main.c:{{[0-9]+}}): pause N us (dlopen N us), now at version {{[0-9a-f]+}}
# CHECK-NEXT: stderr: 0 bytes
e2e_wait_for '^v3 ' "$t/log"
# worker summed 3 * (i % 10) in v1's code until the first patch, then
# 5 * (i % 10) in v2's: at least one round ran v2's scale.
line=$(grep '^v3 ' "$t/log")
sed 's/rounds=[0-9]* total=[0-9]*/rounds=R total=T/' <<< "$line"
# CHECK-NEXT: v3 rounds=R total=T scale(7)=28
rounds=$(sed 's/.*rounds=\([0-9]*\).*/\1/' <<< "$line")
total=$(sed 's/.*total=\([0-9]*\).*/\1/' <<< "$line")
ok=no all=0
for ((i = 0; i < rounds; i++)); do all=$((all + i % 10)); done
p=0 # sum of i % 10 over the first k rounds, which ran v1's scale
for ((k = 0; k < rounds; k++)); do
  [ $((3 * p + 5 * (all - p))) -eq "$total" ] && { ok=yes; break; }
  p=$((p + k % 10))
done
echo "total consistent: $ok"
# CHECK-NEXT: total consistent: yes
touch "$t/stop"
