# Bad inputs against a live kvserver: each gets a clear error naming what is
# wrong, and the server keeps serving, unchanged (same version, same replies,
# same data).
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %examples/kvserver %testlib > %t/out.txt 2>&1
# RUN: FileCheck %s < %t/out.txt
set -uo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in 1 2 3; do e2e_build_version "$src/v$v" "$t/kv$v"; done
dsu-diff "$t/kv1" "$t/kv2" -o "$t/p12.so" > /dev/null
dsu-diff "$t/kv2" "$t/kv3" -o "$t/p23.so" > /dev/null
# A patch whose state transformer needs a symbol the program does not have.
printf 'extern int no_such_symbol_in_kvserver;\nint dsu_state_transform(void) { return no_such_symbol_in_kvserver; }\n' > "$t/x.c"
dsu-diff "$t/kv1" "$t/kv2" --xform "$t/x.c" -o "$t/missing.so" > /dev/null

e2e_start "$t/kv1" "$t/port"
pid=$E2E_PID
e2e_connect 3
e2e_cmd 3 "SET k v1data" > /dev/null
v0=$(dsu-ctl ping "$pid")

# unchanged - the server still answers as v1, with its data, at its version.
unchanged() {
  echo "  exit $1; $(e2e_cmd 3 "VERSION"), $(e2e_cmd 3 "GET k"), $(e2e_cmd 3 "GET none")," \
       "$([ "$(dsu-ctl ping "$pid")" = "$v0" ] && echo same version || echo VERSION MOVED)"
}
try() { echo "== $1"; shift; "$@"; unchanged $?; }

try "patch for another version" dsu-ctl apply "$pid" "$t/p23.so"
# CHECK-LABEL: == patch for another version
# CHECK-NEXT: refused: {{.*}}p23.so {{.*}}is for version [[V2:[0-9a-f]+]], this program is at version [[V1:[0-9a-f]+]]
# CHECK-NEXT: exit 1; VERSION kvserver 1, VALUE v1data, NIL, same version

head -c 3000 "$t/p12.so" > "$t/truncated.so"
try "truncated patch" dsu-ctl apply "$pid" "$t/truncated.so"
# CHECK-LABEL: == truncated patch
# CHECK-NEXT: refused: {{.*}}truncated.so{{.*}}not an ELF file (or truncated)
# CHECK-NEXT: exit 1; VERSION kvserver 1, VALUE v1data, NIL, same version

echo "this is not a patch" > "$t/text.so"
try "not ELF" dsu-ctl apply "$pid" "$t/text.so"
# CHECK-LABEL: == not ELF
# CHECK-NEXT: refused: {{.*}}text.so{{.*}}not an ELF file (or truncated)
# CHECK-NEXT: exit 1; VERSION kvserver 1, VALUE v1data, NIL, same version

try "not a dsu patch" dsu-ctl apply "$pid" "$t/kv2"
# CHECK-LABEL: == not a dsu patch
# CHECK-NEXT: refused: {{.*}}kv2{{.*}}no dsu_patch section: not a dsu patch
# CHECK-NEXT: exit 1; VERSION kvserver 1, VALUE v1data, NIL, same version

try "missing symbol" dsu-ctl apply "$pid" "$t/missing.so"
# CHECK-LABEL: == missing symbol
# CHECK-NEXT: refused: {{.*}}undefined symbol: no_such_symbol_in_kvserver
# CHECK-NEXT: exit 1; VERSION kvserver 1, VALUE v1data, NIL, same version

cp "$t/p12.so" "$t/writable.so" && chmod 666 "$t/writable.so"
try "writable by others" dsu-ctl apply "$pid" "$t/writable.so"
# CHECK-LABEL: == writable by others
# CHECK-NEXT: refused: {{.*}}writable.so{{.*}}writable by group or others (mode 0666)
# CHECK-NEXT: exit 1; VERSION kvserver 1, VALUE v1data, NIL, same version

try "no such patch file" dsu-ctl apply "$pid" "$t/nonexistent.so"
# CHECK-LABEL: == no such patch file
# CHECK-NEXT: dsu-ctl: {{.*}}nonexistent.so{{.*}}
# CHECK-NEXT: exit 2; VERSION kvserver 1, VALUE v1data, NIL, same version

try "unknown flag" dsu-ctl apply --frobnicate "$pid" "$t/p12.so"
# CHECK-LABEL: == unknown flag
# CHECK: exit 2; VERSION kvserver 1, VALUE v1data, NIL, same version

sleep 30 &
notdsu=$!
E2E_PIDS+=("$notdsu")
try "not a dsu program" dsu-ctl apply "$notdsu" "$t/p12.so"
kill -0 "$notdsu" && echo "  sleep still alive"
# CHECK-LABEL: == not a dsu program
# CHECK-NEXT: dsu-ctl: process {{[0-9]+}} is not a dsu program (no control socket)
# CHECK-NEXT: exit 3; VERSION kvserver 1, VALUE v1data, NIL, same version
# CHECK-NEXT: sleep still alive

echo "== good patch, twice"
dsu-ctl apply "$pid" "$t/p12.so" > /dev/null; echo "  exit $?; $(e2e_cmd 3 "VERSION"), $(e2e_cmd 3 "GET k")"
dsu-ctl apply "$pid" "$t/p12.so"; echo "  exit $?; $(e2e_cmd 3 "GET none")"
# CHECK-LABEL: == good patch, twice
# CHECK-NEXT: exit 0; VERSION kvserver 2, VALUE v1data
# CHECK-NEXT: already applied: {{.*}}p12.so
# CHECK-NEXT: exit 0; NOTFOUND none

echo "== history"
dsu-ctl status "$pid" | sed 's/^/  /'
# CHECK-LABEL: == history
# CHECK: refused
# CHECK: applied
# CHECK: already-applied
e2e_alive "$pid" && echo "server alive"
# CHECK: server alive
