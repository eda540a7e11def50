# State transformers: one that fails rolls the update back (old f keeps
# running, the patch is "failed"); one that succeeds changes the state.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
build_prog
start_prog poll
query 1
# CHECK: f(1)=2 hits=1

# Its transformer sets hits=1000 and returns 42: a failure.
mkpatch "$T/bad.so" 00000000000000e1 "$VERSION" "x * 5" 42
"$CTL" apply "$PID" "$T/bad.so" 2>&1 | sed "s|$T|T|"
echo "exit ${PIPESTATUS[0]}"
# CHECK-NEXT: failed: patch T/bad.so: state transformer __dsu_xform_00000000000000e1 returned 42; the update was rolled back
# CHECK-NEXT: exit 1
alive
query 2
# CHECK-NEXT: f(2)=3 hits=1001
"$CTL" ping "$PID" | sed "s/$PID/PID/; s/$VERSION/BASE/"
# CHECK-NEXT: process PID is a dsu program at version BASE

mkpatch "$T/good.so" 00000000000000e2 "$VERSION" "x * 5" 0
"$CTL" apply "$PID" "$T/good.so" | sed "s|$T|T|; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/"
# CHECK-NEXT: applied T/good.so (00000000000000e2) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000e2
query 3
# CHECK-NEXT: f(3)=15 hits=1001
"$CTL" status "$PID" | awk '$1 ~ /^[0-9]+$/ { print $1, $4, $6 }'
# CHECK-NEXT: 1 failed 00000000000000e1
# CHECK-NEXT: 2 applied 00000000000000e2
