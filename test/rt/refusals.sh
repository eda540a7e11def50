# Every bad patch is refused with a message naming the file or symbol at
# fault, exit 1, and the program keeps running its old code.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
build_prog
start_prog poll
N=0
# try LABEL PATCH: apply, show the outcome, then prove the old f still runs.
try() {
  echo "== $1"
  "$CTL" apply "$PID" "$2" 2>&1 | sed "s|$T|T|g; s/$VERSION/BASE/g"
  echo "exit ${PIPESTATUS[0]}"
  N=$((N + 1))
  alive
  query $N
}

mkpatch "$T/other.so" 00000000000000b1 1111111111111111 "x * 2"
try "other version" "$T/other.so"
# CHECK-LABEL: == other version
# CHECK-NEXT: refused: patch T/other.so (00000000000000b1) is for version 1111111111111111, this program is at version BASE
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(1)=2 hits=1

mkpatch "$T/good.so" 00000000000000b2 "$VERSION" "x * 2"
head -c 100 "$T/good.so" >"$T/trunc.so"
try "truncated" "$T/trunc.so"
# CHECK-LABEL: == truncated
# CHECK-NEXT: refused: patch T/trunc.so: not an ELF file (or truncated)
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(2)=3 hits=2

echo "hello, I am not a shared object" >"$T/text.so"
try "not ELF" "$T/text.so"
# CHECK-LABEL: == not ELF
# CHECK-NEXT: refused: patch T/text.so: not an ELF file (or truncated)
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(3)=4 hits=3

echo "int plain(void) { return 1; }" >"$T/plain.c"
"$CLANG" -shared -fPIC -o "$T/plain.so" "$T/plain.c"
try "no section" "$T/plain.so"
# CHECK-LABEL: == no section
# CHECK-NEXT: refused: patch T/plain.so: no dsu_patch section: not a dsu patch
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(4)=5 hits=4

mkpatch "$T/undef.so" 00000000000000b3 "$VERSION" "x + no_such_global_in_prog" "" "extern int no_such_global_in_prog;"
try "missing symbol" "$T/undef.so"
# CHECK-LABEL: == missing symbol
# CHECK-NEXT: refused: patch T/undef.so: cannot be loaded: {{.*}}undefined symbol: no_such_global_in_prog
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(5)=6 hits=5

mkpatch "$T/nobody.so" 00000000000000b4 "$VERSION" "x" "" "" \
  "{\"format\":1,\"patch_id\":\"00000000000000b4\",\"from\":\"$VERSION\",\"to\":\"00000000000000b4\",\"replace\":[{\"id\":\"f\",\"slot\":\"__dsu_slot.f\",\"new\":\"__dsu_p.00000000000000b4.g\"}],\"state_transformer\":null}"
try "missing body" "$T/nobody.so"
# CHECK-LABEL: == missing body
# CHECK-NEXT: refused: patch T/nobody.so: new body __dsu_p.00000000000000b4.g is not defined by the patch
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(6)=7 hits=6

mkpatch "$T/noslot.so" 00000000000000b5 "$VERSION" "x" "" "" \
  "{\"format\":1,\"patch_id\":\"00000000000000b5\",\"from\":\"$VERSION\",\"to\":\"00000000000000b5\",\"replace\":[{\"id\":\"g\",\"slot\":\"__dsu_slot.g\",\"new\":\"__dsu_p.00000000000000b5.f\"}],\"state_transformer\":null}"
try "missing slot" "$T/noslot.so"
# CHECK-LABEL: == missing slot
# CHECK-NEXT: refused: patch T/noslot.so: slot __dsu_slot.g (function g) is not in the running program
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(7)=8 hits=7

mkpatch "$T/fmt.so" 00000000000000b6 "$VERSION" "x" "" "" \
  "{\"format\":2,\"patch_id\":\"00000000000000b6\",\"from\":\"$VERSION\",\"to\":\"00000000000000b6\"}"
try "format" "$T/fmt.so"
# CHECK-LABEL: == format
# CHECK-NEXT: refused: patch T/fmt.so: manifest format 2, this runtime supports format 1
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(8)=9 hits=8

cp "$T/good.so" "$T/open.so"
chmod 666 "$T/open.so"
try "writable" "$T/open.so"
# CHECK-LABEL: == writable
# CHECK-NEXT: refused: patch T/open.so: writable by group or others (mode 0666); refusing to load it
# CHECK-NEXT: exit 1
# CHECK-NEXT: f(9)=10 hits=9

ln -s "$T/good.so" "$T/link.so"
"$CTL" apply "$PID" "$T/missing.so"
echo "missing file exit $?"
# CHECK: dsu-ctl: patch {{.*}}/missing.so: No such file or directory
# CHECK-NEXT: missing file exit 2

# After all that, the good patch still applies (through a symlink: dsu-ctl
# resolves it) and every refusal is in the history.
"$CTL" apply "$PID" "$T/link.so" | sed "s|$T|T|g; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/"
# CHECK: applied T/good.so (00000000000000b2) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000b2
query 10
# CHECK-NEXT: f(10)=20 hits=10
"$CTL" status "$PID" | awk '$1 ~ /^[0-9]+$/ { print $1, $4 }'
# CHECK-NEXT: 1 refused
# CHECK-NEXT: 2 refused
# CHECK-NEXT: 3 refused
# CHECK-NEXT: 4 refused
# CHECK-NEXT: 5 refused
# CHECK-NEXT: 6 refused
# CHECK-NEXT: 7 refused
# CHECK-NEXT: 8 refused
# CHECK-NEXT: 9 refused
# CHECK-NEXT: 10 applied
"$CTL" apply --json "$PID" "$T/other.so" | sed "s|$T|T|g; s/$VERSION/BASE/g; s/$PID/PID/"
echo "json refusal exit ${PIPESTATUS[0]}"
# CHECK: "ok": false,
# CHECK-NEXT: "result": "refused",
# CHECK-NEXT: "patch": "T/other.so",
# CHECK-NEXT: "patch_id": "00000000000000b1",
# CHECK-NEXT: "from": "1111111111111111",
# CHECK-NEXT: "to": "00000000000000b1",
# CHECK-NEXT: "error": "patch T/other.so (00000000000000b1) is for version 1111111111111111, this program is at version 00000000000000b2",
# CHECK-NEXT: "version": "00000000000000b2",
# CHECK-NEXT: "update_point": "main (unknown location)",
# CHECK-NEXT: "pid": PID
# CHECK: json refusal exit 1
