# A program that does not reach an update point in time: dsu-ctl gives up
# (exit 4), the request is withdrawn and never applied; a later apply works.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
build_prog
start_prog busy "$T/go"
mkpatch "$T/p.so" 00000000000000c1 "$VERSION" "x * 7"
"$CTL" apply --timeout 0.5 "$PID" "$T/p.so" 2>&1 | sed "s/$PID/PID/"
echo "exit ${PIPESTATUS[0]}"
# CHECK: dsu-ctl: process PID did not reach an update point within 0.5 s; the request was withdrawn
# CHECK-NEXT: exit 4
alive
touch "$T/go"
wait_for "not busy any more"
query 1
# CHECK-NEXT: f(1)=2 hits=1
"$CTL" status "$PID" | awk '$1 ~ /^[0-9]+$/ { print $1, $4, $6 }; /error:/'
# CHECK-NEXT: 1 withdrawn 00000000000000c1
# CHECK-NEXT: error: the client left (dsu-ctl timed out) before the update point; nothing changed
"$CTL" apply "$PID" "$T/p.so" | sed "s|$T|T|; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/"
echo "exit ${PIPESTATUS[0]}"
# CHECK-NEXT: applied T/p.so (00000000000000c1) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000c1
# CHECK-NEXT: exit 0
query 2
# CHECK-NEXT: f(2)=14 hits=2
