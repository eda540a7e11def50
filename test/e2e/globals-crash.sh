# A patch whose global transformer crashes is refused; nothing changed: the
# program keeps running v1's code on its old values.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/globals %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
#
# CHECK:      apply: refused: patch {{.*}}p.so: transformer __dsu_gx_{{[0-9a-f]+}}_counter of global counter crashed (SIGSEGV); nothing was changed
# CHECK-NEXT: alive: yes
# CHECK-NEXT: still v1, counting on: yes
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

e2e_build_version "$src/v1" "$t/v1"
e2e_build_version "$src/v2" "$t/v2"
dsu-diff "$t/v1" "$t/v2" --xform "$src/xform-crash.c" -o "$t/p.so" 2> "$t/diff.err"

"$t/v1" "$t/log" "$t/stop" &
pid=$!
E2E_PIDS+=("$pid")
for i in $(seq 1 200); do [ -s "$t/log" ] && break; sleep 0.05; done
echo "apply: $(dsu-ctl apply --timeout 20 "$pid" "$t/p.so" 2>&1 | head -n 1)"
n=$(wc -l < "$t/log")
for i in $(seq 1 200); do [ "$(wc -l < "$t/log")" -ge $((n + 3)) ] && break; sleep 0.05; done
kill -0 "$pid" 2>/dev/null && echo "alive: yes" || echo "alive: no"
# Every line is v1's, and counter goes up by one per line from 1.
awk '{ split($3, c, "="); if ($1 != "v1" || c[2] != NR) bad = 1 } END { print "still v1, counting on: " (bad || NR < 3 ? "no" : "yes") }' "$t/log"
touch "$t/stop"
