# calcd (Inputs/robust-calc), built with CMake (CC=dsu-cc, DSU_SOURCE_ROOT
# set to each version's source directory), patched live v1 -> v2 -> v3 with
# two clients connected: once at -O0 with -g, once at -O3 without -g.  The
# poll loop watches dsu_control_fd().
#   v2: recursive fib made iterative, new command SUB, constant "calcd 2".
#   v3: changed inlined static helper (say), changed string constants.
#
# RUN: rm -rf %t && mkdir -p %t/o0 %t/o3
# RUN: bash %s %t/o0 %S/Inputs/robust-calc %testlib "-O0 -g" > %t/o0.txt
# RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t/o0.txt
# RUN: bash %s %t/o3 %S/Inputs/robust-calc %testlib "-O3" > %t/o3.txt
# RUN: FileCheck %s --check-prefixes=CHECK,O3 < %t/o3.txt
#
# O0:         opt_level v1: 0
# O3:         opt_level v1: 3
# CHECK-NEXT: tu ids: calc.c main.c
# CHECK-NEXT: diff v1 v2: patch: 2 replaced, 0 added, 0 new globals
# CHECK-NEXT: diff v2 v3: patch: 2 replaced, 0 added, 0 new globals
# CHECK-NEXT: == v1
# CHECK-NEXT: A ADD 5 => ACC 5
# CHECK-NEXT: B ADD 7 => ACC 12
# CHECK-NEXT: A FIB 20 => FIB 6765
# CHECK-NEXT: B VER => calcd 1
# CHECK-NEXT: A SUB 2 => ERR SUB 2
# CHECK-NEXT: apply v1-2: applied
# O0-SAME:    at main (main.c:{{[0-9]+}})
# O3-SAME:    at main (main.c)
# CHECK-NEXT: == v2
# CHECK-NEXT: A SUB 2 => ACC 10
# CHECK-NEXT: B FIB 50 => FIB 12586269025
# CHECK-NEXT: A VER => calcd 2
# CHECK-NEXT: B ADD 1 => ACC 11
# CHECK-NEXT: apply v2-3: applied
# CHECK-NEXT: == v3
# CHECK-NEXT: A ADD 4 => ACC=15
# CHECK-NEXT: B SUB 20 => ACC=-5
# CHECK-NEXT: A FIB 10 => FIB=55
# CHECK-NEXT: B VER => calcd 3
# CHECK-NEXT: A MUL 2 => ERR unknown: MUL 2
# CHECK-NEXT: B BYE => BYE
# CHECK-NEXT: A ADD 0 => ACC=-5
# CHECK-NEXT: history: applied applied
# CHECK-NEXT: version: [[V3:[0-9a-f]{16}]] = [[V3]]
set -euo pipefail
t=$1 src=$2 flags=$4
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in 1 2 3; do
  # TU ids are paths relative to DSU_SOURCE_ROOT: without it, CMake's
  # absolute paths would be named within the git tree, as .../v1/calc.c in
  # one version and .../v2/calc.c in the next.
  export DSU_SOURCE_ROOT=$src/v$v
  CC=dsu-cc cmake -S "$src/v$v" -B "$t/build-v$v" -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_C_FLAGS="$flags" >"$t/cmake-v$v.log" 2>&1 || { cat "$t/cmake-v$v.log" >&2; exit 1; }
  cmake --build "$t/build-v$v" >>"$t/cmake-v$v.log" 2>&1 || { cat "$t/cmake-v$v.log" >&2; exit 1; }
  unset DSU_SOURCE_ROOT
  cp "$t/build-v$v/calcd" "$t/v$v"
done
dsu-diff --dump "$t/v1" >"$t/dump-v1.json"
echo "opt_level v1: $(grep -o '"opt_level": *[0-9]*' "$t/dump-v1.json" | sort -u | sed 's/.*: *//' | tr '\n' ' ' | sed 's/ $//')"
echo "tu ids: $(grep -o '"tu": *"[^"]*"' "$t/dump-v1.json" | sed 's/.*"\([^"]*\)"$/\1/' | sort | tr '\n' ' ' | sed 's/ $//')"
for p in "1 2" "2 3"; do
  set -- $p
  dsu-diff "$t/v$1" "$t/v$2" -o "$t/p$1-$2.so" --explain >"$t/explain$1-$2.txt" 2>&1
  echo "diff v$1 v$2: $(grep '^patch:' "$t/explain$1-$2.txt")"
done

q() { echo "$2 $3 => $(e2e_cmd "$1" "$3")"; }
apply() {
  local out
  out=$(dsu-ctl apply --timeout 20 "$E2E_PID" "$t/p$1.so") || { echo "apply $1 failed: $out" >&2; exit 1; }
  echo "apply v$1: ${out%% *} $(echo "$out" | grep -o 'at main ([^)]*)')"
}

e2e_start "$t/v1" "$t/port"
pid=$E2E_PID
e2e_connect 3; e2e_connect 4
echo "== v1"
q 3 A "ADD 5"; q 4 B "ADD 7"; q 3 A "FIB 20"; q 4 B VER; q 3 A "SUB 2"
apply 1-2
echo "== v2"
q 3 A "SUB 2"; q 4 B "FIB 50"; q 3 A VER; q 4 B "ADD 1"
apply 2-3
echo "== v3"
q 3 A "ADD 4"; q 4 B "SUB 20"; q 3 A "FIB 10"; q 4 B VER; q 3 A "MUL 2"; q 4 B BYE
q 3 A "ADD 0"
e2e_alive "$pid"
echo "history: $(dsu-ctl status --json "$pid" | grep -o '"result": *"[a-z-]*"' | sed 's/.*"\([a-z-]*\)"$/\1/' | tr '\n' ' ' | sed 's/ $//')"
echo "version: $(dsu-ctl ping --json "$pid" | grep -o '"version": *"[0-9a-f]*"' | sed 's/.*"\([0-9a-f]*\)"$/\1/') = $(dsu-diff --dump "$t/v3" | sed -n 's/^ *"version": "\(.*\)",*$/\1/p' | head -n 1)"
exec 3>&- 4>&-
