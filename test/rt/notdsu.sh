# dsu-ctl against processes that are not dsu programs, and usage errors.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
sleep 30 &
SLEEPER=$!
PIDS="$PIDS $SLEEPER"
echo "int main(void){return 0;}" >"$T/p.c"
"$CLANG" -shared -fPIC -o "$T/p.so" "$T/p.c"

"$CTL" ping "$SLEEPER" 2>&1 | sed "s/$SLEEPER/PID/g"
echo "ping exit ${PIPESTATUS[0]}"
# CHECK: dsu-ctl: process PID is not a dsu program (no control socket)
# CHECK-NEXT: ping exit 3
"$CTL" apply "$SLEEPER" "$T/p.so" 2>&1 | sed "s/$SLEEPER/PID/g"
echo "apply exit ${PIPESTATUS[0]}"
# CHECK-NEXT: dsu-ctl: process PID is not a dsu program (no control socket)
# CHECK-NEXT: apply exit 3
kill -0 "$SLEEPER" && echo "sleep still alive"
# CHECK-NEXT: sleep still alive

# A process that has exited: no process.
sh -c 'exit 0' &
GONE=$!
wait $GONE
"$CTL" status "$GONE" 2>&1 | sed "s/$GONE/PID/g"
echo "gone exit ${PIPESTATUS[0]}"
# CHECK-NEXT: dsu-ctl: no process PID
# CHECK-NEXT: gone exit 3

# A dsu program started with DSU_CONTROL=off has no channel.
build_prog
# stdin that never ends and never fills the buffer (a full buffer reads as
# EOF); the writer is killed at the end and keeps none of lit's pipes open.
exec 4< <(exec sleep 30 2>/dev/null)
PIDS="$PIDS $!"
DSU_CONTROL=off "$T/prog" <&4 >/dev/null 2>&1 &
OFF=$!
exec 4<&-
PIDS="$PIDS $OFF"
"$CTL" ping "$OFF" 2>&1 | sed "s/$OFF/PID/g"
echo "off exit ${PIPESTATUS[0]}"
# CHECK-NEXT: dsu-ctl: process PID is not a dsu program (no control socket)
# CHECK-NEXT: off exit 3

"$CTL" apply --frobnicate "$SLEEPER" "$T/p.so"
echo "unknown flag exit $?"
# CHECK-NEXT: dsu-ctl: unknown option '--frobnicate'
# CHECK-NEXT: usage: dsu-ctl apply [--json] [--timeout SEC] PID PATCH.so
# CHECK: unknown flag exit 2
"$CTL" --frobnicate
echo "unknown top flag exit $?"
# CHECK: dsu-ctl: unknown option '--frobnicate'
# CHECK: unknown top flag exit 2
"$CTL" apply "$SLEEPER"
echo "missing arg exit $?"
# CHECK: dsu-ctl: apply needs PID and PATCH.so
# CHECK: missing arg exit 2
"$CTL" status notapid
echo "bad pid exit $?"
# CHECK: dsu-ctl: 'notapid' is not a process id
# CHECK: bad pid exit 2
"$CTL" apply --timeout -3 "$SLEEPER" "$T/p.so"
echo "bad timeout exit $?"
# CHECK: dsu-ctl: --timeout '-3': not a number of seconds in (0, 86400]
# CHECK: bad timeout exit 2
"$CTL" --help | head -1
echo "help exit ${PIPESTATUS[0]}"
# CHECK: usage: dsu-ctl apply [--json] [--timeout SEC] PID PATCH.so
# CHECK-NEXT: help exit 0
"$CTL" --version
# CHECK-NEXT: dsu-ctl {{[0-9]+\.[0-9]+\.[0-9]+}}
kill -0 "$SLEEPER" && echo "sleep still alive at the end"
# CHECK-NEXT: sleep still alive at the end
