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

"$t/v1" "$t/log" "$t/stop" &
E2E_PIDS+=($!)
pid=$!
for i in $(seq 1 200); do [ -s "$t/log" ] && break; sleep 0.05; done
echo "before: $(head -n 1 "$t/log" | sed 's/ served=.*//')"
echo "apply: $(dsu-ctl apply --timeout 20 "$pid" "$t/p.so" | cut -d' ' -f1)"
for i in $(seq 1 200); do grep -A1 '^updated$' "$t/log" | grep -q banner && break; sleep 0.05; done
before=$(grep -B1 '^updated$' "$t/log" | head -n 1)
after=$(grep -A1 '^updated$' "$t/log" | tail -n 1)
echo "after: ${after% served=*}"
b=${before##*served=} a=${after##*served=}
[ "$a" -eq $((b + 1)) ] && echo "served carried on: yes" || echo "served carried on: no ($b then $a)"
touch "$t/stop"
