# A fork()ed child has its own control channel and never serves its
# parent's; only the program's owner or root may use the channel.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
build_prog
start_prog fork
wait_for "^child "
CHILD=$(sed -n 's/^child \([0-9]*\)$/\1/p' "$T/out")
PIDS="$PIDS $CHILD"
mkpatch "$T/p.so" 00000000000000f1 "$VERSION" "x * 11"
"$CTL" apply "$PID" "$T/p.so" >/dev/null && echo "parent applied"
# CHECK: parent applied
query 1
# CHECK-NEXT: f(1)=11 hits=1
grep -c "child applied" "$T/out"
# CHECK-NEXT: 0
"$CTL" ping "$CHILD" | sed "s/$CHILD/CHILD/; s/$VERSION/BASE/"
# CHECK-NEXT: process CHILD is a dsu program at version BASE
"$CTL" apply "$CHILD" "$T/p.so" >/dev/null && echo "child applied it too"
# CHECK-NEXT: child applied it too
wait_for "child applied"
grep "child applied" "$T/out"
# CHECK-NEXT: child applied: f(7)=77

# Peer credentials: a client with another uid (not root) is refused.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  setpriv --reuid=65534 --regid=65534 --clear-groups "$CTL" ping "$PID" 2>&1
  echo "exit $?"
else
  echo "skipped: not root"
fi
# CHECK-NEXT: {{^(refused: permission denied: client uid 65534 is neither root nor this program.s uid 0$|skipped: not root$)}}
# CHECK-NOT: exit 0
alive
query 2
# CHECK: f(2)=22 hits=2
