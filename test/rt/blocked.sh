# A program blocked in read() or accept() is woken by the control signal
# (EINTR), goes round its loop and applies the patch at its update point.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
build_prog

start_prog read
query 1
# CHECK: f(1)=2 hits=1
mkpatch "$T/p.so" 00000000000000d1 "$VERSION" "x * 3"
"$CTL" apply --timeout 20 "$PID" "$T/p.so" | sed "s|$T|T|; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/"
# CHECK-NEXT: applied T/p.so (00000000000000d1) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000d1
grep -c "^read: EINTR" "$T/out"
# CHECK-NEXT: 1
query 2
# CHECK-NEXT: f(2)=6 hits=2
kill "$PID"
exec 3>&-

rm -f "$T/sock"
"$T/prog" accept "$T/sock" >"$T/out" 2>&1 &
PID=$!
PIDS="$PIDS $PID"
wait_for "^listening"
"$CTL" apply --timeout 20 "$PID" "$T/p.so" | sed "s|$T|T|; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/"
# CHECK-NEXT: applied T/p.so (00000000000000d1) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000d1
grep -c "^accept: EINTR" "$T/out"
# CHECK-NEXT: 1
"$T/prog" send "$T/sock" 5
wait_for "^f(5)="
grep "^f(5)=" "$T/out"
# CHECK-NEXT: f(5)=15 hits=1
