# Deferred updates, at the runtime's level: a program with hand-written
# updateability summaries (Inputs/defer_prog.c).  A patch whose "changes"
# meet the summary of a function on the stack waits and is retried at every
# update point; the client hears each new reason; a timeout withdraws it;
# another apply is refused meanwhile; status shows it; a frame without a
# summary restricts everything; a patch's own "frames" are used once it is
# applied; a patch that changes nothing representational never waits.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
build_prog defer_prog.c
start_prog "$T"
wait_for "^in worker"

# mkp OUT ID FROM CHANGES FRAMES REPLACE SRC: a patch with the given
# manifest lists (JSON text) and C source.
mkp() {
  printf '%s\n' "$7" >"$1.src.c"
  embed_patch "$1" "$1.src.c" "{\"format\":1,\"patch_id\":\"$2\",\"from\":\"$3\",\"to\":\"00000000000000$(printf %s "$2" | cut -c15-16)\",\"created_by\":\"test\",\"replace\":$6,\"add\":[],\"new_globals\":[],\"state_transformer\":null,\"warnings\":[],\"frames\":$5,\"changes\":$4}"
}
NOCH='{"functions":[],"globals":[],"types":[]}'
# A new body for loop: its local helper spin, named as the private copy of a
# kept-direct helper would be (dladdr() cannot name it), loops on
# dsu_update() until leave-loop.
mkp "$T/ploop.so" 00000000000000b1 "$VERSION" "$NOCH" \
  '[{"sym":"__dsu_p.00000000000000b1.loop","id":"loop","file":"defer_prog.c","restrict":{"functions":[],"globals":[],"types":[]}},{"sym":"__dsu_pc.00000000000000b1.spin","id":"defer_prog.c:spin","file":"defer_prog.c","restrict":{"functions":["h"],"globals":[],"types":[]}}]' \
  '[{"id":"loop","slot":"__dsu_slot.loop","new":"__dsu_p.00000000000000b1.loop"}]' '
#include <dsu.h>
#include <stdio.h>
#include <unistd.h>
void report(void);
static void spin(const char *p) __asm__("__dsu_pc.00000000000000b1.spin");
__attribute__((noinline)) static void spin(const char *p) {
  while (access(p, F_OK) != 0) {
    if (dsu_update()) { printf("applied in loop\n"); report(); }
    usleep(10000);
  }
}
void loop(const char *d) __asm__("__dsu_p.00000000000000b1.loop");
void loop(const char *d) {
  char p[4096];
  snprintf(p, sizeof p, "%s/leave-loop", d);
  spin(p);
  printf("loop done\n");
}'
# g changes signature (as far as the manifest says).
gpatch() { # OUT ID FROM CHANGES
  mkp "$1" "$2" "$3" "$4" "[{\"sym\":\"__dsu_p.$2.g\",\"id\":\"g\",\"restrict\":$NOCH}]" \
    "[{\"id\":\"g\",\"slot\":\"__dsu_slot.g\",\"new\":\"__dsu_p.$2.g\"}]" \
    "int g(int x) __asm__(\"__dsu_p.$2.g\"); int g(int x) { return x * 10; }"
}
gpatch "$T/pg.so" 00000000000000b2 00000000000000b1 '{"functions":["g"],"globals":[],"types":[]}'
gpatch "$T/pcounter.so" 00000000000000b3 00000000000000b1 '{"functions":[],"globals":["counter"],"types":[]}'
gpatch "$T/ptype.so" 00000000000000b4 00000000000000b1 '{"functions":[],"globals":[],"types":["struct acct"]}'
gpatch "$T/palias.so" 00000000000000b6 00000000000000b1 '{"functions":[],"globals":[],"types":["struct val"]}'
mkp "$T/ph.so" 00000000000000b5 00000000000000b2 '{"functions":["h"],"globals":[],"types":[]}' \
  '[{"sym":"__dsu_p.00000000000000b5.h","id":"h"}]' \
  '[{"id":"h","slot":"__dsu_slot.h","new":"__dsu_p.00000000000000b5.h"}]' \
  'int h(int x) __asm__("__dsu_p.00000000000000b5.h"); int h(int x) { return x * 100; }'
clean() { sed "s|$T|T|g; s/process $PID/process PID/; s/\"pid\":$PID/\"pid\":PID/; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/; s/at [0-9]* update points*/at N update points/"; }

# A patch that changes no signature, storage or layout never waits, even
# with worker (whose summary is not empty) on the stack.
"$CTL" apply "$PID" "$T/ploop.so" 2>&1 | clean
# CHECK: applied T/ploop.so (00000000000000b1) at worker (unknown location): pause N us (dlopen N us), now at version 00000000000000b1

# worker may call g after dsu_update() returns: the patch waits, then the
# client gives up; the patch is withdrawn.
"$CTL" apply --timeout 1 "$PID" "$T/pg.so" 2>&1 | clean
echo "exit ${PIPESTATUS[0]}"
# CHECK-NEXT: dsu-ctl: deferred: function g changes signature and worker (defer_prog.c) may call it after its current call returns (at worker (unknown location))
# CHECK-NEXT: dsu-ctl: process PID: timed out waiting after 1 s; the patch was withdrawn, the program is unchanged
# CHECK-NEXT: exit 4
# The same for a moved global and a changed type worker may use.
"$CTL" apply --timeout 0.5 "$PID" "$T/pcounter.so" 2>&1 | head -n 1 | clean
"$CTL" apply --timeout 0.5 "$PID" "$T/ptype.so" 2>&1 | head -n 1 | clean
# CHECK-NEXT: dsu-ctl: deferred: global counter moves to new storage and worker (defer_prog.c) may use it after its current call returns (at worker (unknown location))
# CHECK-NEXT: dsu-ctl: deferred: struct acct changes layout and worker (defer_prog.c) may use it concretely after its current call returns (at worker (unknown location))
# worker calls field (another TU), which returns the address of a field of
# struct val: worker holds it.
"$CTL" apply --timeout 0.5 "$PID" "$T/palias.so" 2>&1 | head -n 1 | clean
# CHECK-NEXT: dsu-ctl: deferred: struct val changes layout and worker (defer_prog.c) may use it concretely after its current call returns (at worker (unknown location))
# The history says so; nothing waits any more; the version is unchanged.
"$CTL" status "$PID" | clean | grep -E '^(version|waiting)|withdrawn|error:'
# CHECK-NEXT: version:         00000000000000b1
# CHECK-NEXT: 2 {{.*}} withdrawn {{.*}} 00000000000000b2 worker (unknown location) T/pg.so
# CHECK-NEXT: error: the client left (dsu-ctl timed out) while the patch waited (deferred at N update points: function g changes signature and worker (defer_prog.c) may call it after its current call returns); nothing changed
# CHECK-NEXT: 3 {{.*}} withdrawn
# CHECK-NEXT: error: {{.*}}global counter moves
# CHECK-NEXT: 4 {{.*}} withdrawn
# CHECK-NEXT: error: {{.*}}struct acct changes layout
# CHECK-NEXT: 5 {{.*}} withdrawn
# CHECK-NEXT: error: {{.*}}struct val changes layout
query_g() { grep '^g(1)=' "$T/out" | tail -n 1; }

# Now wait for real.  Meanwhile status shows the waiting patch and another
# apply is refused, naming it.
"$CTL" apply --timeout 30 "$PID" "$T/pg.so" >"$T/bg.out" 2>&1 &
BG=$!
wait_for "deferred:" "$T/bg.out"
"$CTL" status "$PID" | clean | grep '^waiting'
# CHECK-NEXT: waiting: T/pg.so (00000000000000b2), deferred at N update points, last at worker (unknown location): function g changes signature and worker (defer_prog.c) may call it after its current call returns
"$CTL" status --json "$PID" | grep -A2 '"waiting"' | clean
# CHECK-NEXT: "waiting": {
# CHECK-NEXT:   "patch": "T/pg.so",
# CHECK-NEXT:   "patch_id": "00000000000000b2",
"$CTL" apply "$PID" "$T/ph.so" 2>&1 | clean
echo "exit ${PIPESTATUS[0]}"
# CHECK-NEXT: refused: patch T/ph.so (00000000000000b5): patch T/pg.so (00000000000000b2) is waiting to be applied (deferred at N update points: function g changes signature and worker (defer_prog.c) may call it after its current call returns); one patch waits at a time (let it apply, or stop its dsu-ctl to withdraw it)
# CHECK-NEXT: exit 1

# worker returns; nosum has no summary at all: still waiting, a new reason.
touch "$T/leave-worker"
wait_for "no updateability summary" "$T/bg.out"
# nosum returns; main calls loop, the patch's body, and its helper spin,
# whose frame entries say they may only call h: g's patch is applied there.
touch "$T/leave-nosum"
wait $BG
echo "bg exit $?"
clean <"$T/bg.out"
# CHECK-NEXT: bg exit 0
# CHECK-NEXT: dsu-ctl: deferred: function g changes signature and worker (defer_prog.c) may call it after its current call returns (at worker (unknown location))
# CHECK-NEXT: dsu-ctl: deferred: nosum (defer_prog.c) has no updateability summary, so it may use function g (or anything else the patch changes) after its current call returns (at nosum (unknown location))
# CHECK-NEXT: applied T/pg.so (00000000000000b2) at {{.*}} (unknown location) after waiting at N update points: pause N us (dlopen N us), now at version 00000000000000b2
wait_for "applied in loop"
query_g
# CHECK-NEXT: g(1)=10 h(1)=3

# h changes signature, and spin (a patch frame only .symtab names) may call it.
"$CTL" apply --json --timeout 30 "$PID" "$T/ph.so" >"$T/bg2.out" 2>&1 &
BG=$!
wait_for '"result":"deferred"' "$T/bg2.out"
touch "$T/leave-loop"
wait $BG
echo "bg exit $?"
clean <"$T/bg2.out" | grep -E '^\{|"(result|deferred_points|update_point)"' | sed 's/"deferred_points": [1-9][0-9]*/"deferred_points": N/'
# CHECK-NEXT: bg exit 0
# CHECK-NEXT: {"ok":true,"result":"deferred","reason":"function h changes signature and spin (defer_prog.c, patch 00000000000000b1) may call it after its current call returns","name":"function h","frame":"spin","update_point":"{{.*}} (unknown location)","patch":"T/ph.so","patch_id":"00000000000000b5","deferred_points":1,"pid":PID}
# CHECK-NEXT: {
# CHECK-NEXT:   "result": "applied",
# CHECK:        "update_point": "main (unknown location)",
# CHECK-NEXT:   "deferred_points": N,
wait_for "applied in main"
query_g
# CHECK-NEXT: g(1)=10 h(1)=100
"$CTL" status "$PID" | clean | grep -E '^(version|updates|waiting)'
# CHECK-NEXT: version:         00000000000000b5
# CHECK-NEXT: updates applied: 3
"$CTL" status "$PID" | clean | awk '$1 ~ /^[0-9]+$/ { print $1, $4, $6 } /^ *deferred at/'
# CHECK-NEXT: 1 applied 00000000000000b1
# CHECK-NEXT: 2 withdrawn 00000000000000b2
# CHECK-NEXT:   deferred at N update points
# CHECK-NEXT: 3 withdrawn 00000000000000b3
# CHECK-NEXT:   deferred at N update points
# CHECK-NEXT: 4 withdrawn 00000000000000b4
# CHECK-NEXT:   deferred at N update points
# CHECK-NEXT: 5 withdrawn 00000000000000b6
# CHECK-NEXT:   deferred at N update points
# CHECK-NEXT: 6 refused 00000000000000b5
# CHECK-NEXT: 7 applied 00000000000000b2
# CHECK-NEXT:   deferred at N update points
# CHECK-NEXT: 8 applied 00000000000000b5
# CHECK-NEXT:   deferred at N update points
touch "$T/stop"
echo done
# CHECK-NEXT: done
