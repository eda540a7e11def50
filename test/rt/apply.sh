# A patch changes f while the program runs; state survives; status, --json,
# ping and a second apply ("already applied").
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
build_prog
start_prog poll
query 1
# CHECK: f(1)=2 hits=1
query 2
# CHECK: f(2)=3 hits=2

mkpatch "$T/p1.so" 00000000000000a1 "$VERSION" "x * 100"
"$CTL" apply "$PID" "$T/p1.so" | sed "s/$VERSION/BASE/; s|$T|T|; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/"
echo "apply exit ${PIPESTATUS[0]}"
# CHECK: applied T/p1.so (00000000000000a1) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000a1
# CHECK: apply exit 0
query 3
# CHECK: f(3)=300 hits=3
"$CTL" ping "$PID" | sed "s/ $PID / PID /"
# CHECK: process PID is a dsu program at version 00000000000000a1

"$CTL" apply "$PID" "$T/p1.so" | sed "s|$T|T|; s/ $PID / PID /"
echo "second apply exit ${PIPESTATUS[0]}"
# CHECK: already applied: T/p1.so (00000000000000a1); process PID is at version 00000000000000a1
# CHECK: second apply exit 0
query 4
# CHECK: f(4)=400 hits=4

# A second patch on top of the first (its "from" is the first's "to").
mkpatch "$T/p2.so" 00000000000000a2 00000000000000a1 "x * 1000 + hits"
"$CTL" apply "$PID" "$T/p2.so" >/dev/null || die "second patch refused"
query 5
# CHECK: f(5)=5005 hits=5

"$CTL" status "$PID" | sed "s/$VERSION/BASE/; s|$T|T|; s/ $PID:/ PID:/; s/^\([0-9]*\) *[-0-9]* [0-9:]* */\1 TIME /; s/ [0-9][0-9]* 000/ N 000/"
# CHECK: process PID: T/prog
# CHECK-NEXT: base version:    BASE
# CHECK-NEXT: version:         00000000000000a2
# CHECK-NEXT: updates applied: 2
# CHECK-NEXT: # time result pause_us patch_id update point patch
# CHECK-NEXT: 1 TIME applied N 00000000000000a1 main (unknown location) T/p1.so
# CHECK-NEXT: 2 TIME already-applied - 00000000000000a1 main (unknown location) T/p1.so
# CHECK-NEXT: 3 TIME applied N 00000000000000a2 main (unknown location) T/p2.so

"$CTL" status --json "$PID" >"$T/status.json"
echo "status exit $?"
# CHECK: status exit 0
sed "s/$VERSION/BASE/; s|$T|T|; s/\"pid\": $PID/\"pid\": PID/" "$T/status.json" | grep -E '"(ok|pid|program|base_version|version|updates_applied|result|patch_id)"'
# CHECK: "ok": true,
# CHECK-NEXT: "pid": PID,
# CHECK-NEXT: "program": "T/prog",
# CHECK-NEXT: "base_version": "BASE",
# CHECK-NEXT: "version": "00000000000000a2",
# CHECK-NEXT: "updates_applied": 2,
# CHECK-NEXT: "patch_id": "00000000000000a1",
# CHECK-NEXT: "result": "applied",
# CHECK-NEXT: "patch_id": "00000000000000a1",
# CHECK-NEXT: "result": "already-applied",
# CHECK-NEXT: "patch_id": "00000000000000a2",
# CHECK-NEXT: "result": "applied",
grep -c '"time": [0-9]' "$T/status.json"
# CHECK-NEXT: 3
alive
echo done
# CHECK: done
