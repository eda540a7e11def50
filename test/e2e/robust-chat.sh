# chatd (Inputs/robust-chat), a 4-5 TU epoll server built with
# `CC=dsu-cc make`, patched live v1 -> v2 -> v3 -> v4 -> v5 while three
# clients stay connected.  Every reply of every client is checked before and
# after each patch, and state kept in memory (topics, a function-local
# static, per-client fields, counters) must carry on.
#   v2: changed handler (LAST), new command STATS with a new function and a
#       new global, changed string constant ("no such command").
#   v3: changed static helper inlined into every handler (fmt_reply: "+"/"-"
#       prefix), changed qsort callback stored in a table (by_count), changed
#       signature of a function not on the stack (store_publish).
#   v4: a new TU (wc.c) with new functions and a global, REV and its
#       recursive helper removed.
#   v5: comments only (lines move): a version-only patch.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/robust-chat %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
#
# CHECK:      == diff v1 v2
# CHECK-DAG:  function commands.c:cmd_last: replaced: body changed
# CHECK-DAG:  function commands.c:cmd_stats: added (defined by the patch)
# CHECK-DAG:  function dispatch: replaced: body changed
# CHECK-DAG:  global stats_calls: added
# CHECK:      patch: 2 replaced, 1 added, 1 new globals
# CHECK:      == diff v2 v3
# CHECK-DAG:  function commands.c:fmt_reply: replaced: body changed
# CHECK-DAG:  function commands.c:cmd_ping: replaced: calls commands.c:fmt_reply directly (may have inlined it)
# CHECK-DAG:  function store_publish: replaced: signature changed (i32 (ptr, ptr) -> i32 (ptr, ptr, ptr))
# CHECK-DAG:  function store.c:by_count: replaced: body changed
# CHECK:      patch: 14 replaced, 0 added, 0 new globals
# CHECK:      == diff v3 v4
# CHECK-DAG:  function commands.c:cmd_rev: removed
# CHECK-DAG:  TU wc.c (added):
# CHECK-DAG:  function count_words: added (defined by the patch)
# CHECK-DAG:  global wc_calls: added
# CHECK:      patch: 1 replaced, 4 added, 1 new globals
# CHECK:      == diff v4 v5
# CHECK-NOT:  function
# CHECK:      patch: no code changes (the patch only moves the version)
#
# CHECK:      == v1
# CHECK-NEXT: A HELLO ann => HELLO ann
# CHECK-NEXT: B HELLO bob => HELLO bob
# CHECK-NEXT: A PING => PONG 1
# CHECK-NEXT: B PING => PONG 2
# CHECK-NEXT: A PUB news hello world => OK 1
# CHECK-NEXT: B PUB sport goal => OK 1
# CHECK-NEXT: C PUB news second => OK 2
# CHECK-NEXT: C PUB misc a => OK 1
# CHECK-NEXT: C PUB misc b => OK 2
# CHECK-NEXT: C PUB misc c => OK 3
# CHECK-NEXT: A LAST news => MSG news second
# CHECK-NEXT: B TOPICS => TOPICS misc:3,news:2,sport:1
# CHECK-NEXT: C TOPICS count => TOPICS misc:3,news:2,sport:1
# CHECK-NEXT: A REV stressed => REV desserts
# CHECK-NEXT: B STATS => ERR unknown command
# CHECK-NEXT: C WHOAMI => YOU anonymous lines=6
# CHECK-NEXT: A COUNT => COUNT 17
# CHECK-NEXT: apply v1-2: applied
# CHECK-NEXT: == v2
# CHECK-NEXT: A LAST news => MSG news#2 second
# CHECK-NEXT: B STATS => STATS calls=1 topics=3 served=19
# CHECK-NEXT: C STATS => STATS calls=2 topics=3 served=20
# CHECK-NEXT: A BOGUS => ERR no such command
# CHECK-NEXT: B PING => PONG 3
# CHECK-NEXT: A WHOAMI => YOU ann lines=9
# CHECK-NEXT: B TOPICS count => TOPICS misc:3,news:2,sport:1
# CHECK-NEXT: A REV abc => REV cba
# CHECK-NEXT: apply v2-3: applied
# CHECK-NEXT: == v3
# CHECK-NEXT: A PING => +PONG 4
# CHECK-NEXT: B PUB sport again => +OK 2 seq=7
# CHECK-NEXT: C TOPICS count => +TOPICS news:2,sport:2,misc:3
# CHECK-NEXT: A TOPICS => +TOPICS misc:3,news:2,sport:2
# CHECK-NEXT: B BOGUS => -ERR no such command
# CHECK-NEXT: C STATS => +STATS calls=3 topics=3 served=31
# CHECK-NEXT: A LAST sport => +MSG sport#2 again
# CHECK-NEXT: B HELLO => -ERR name missing
# CHECK-NEXT: C REV xy => +REV yx
# CHECK-NEXT: apply v3-4: applied
# CHECK-NEXT: == v4
# CHECK-NEXT: A WC one two  three => +WC 3 calls=1
# CHECK-NEXT: B WC => +WC 0 calls=2
# CHECK-NEXT: C REV abc => -ERR no such command
# CHECK-NEXT: A PUB news third => +OK 3 seq=8
# CHECK-NEXT: B WHOAMI => +YOU bob lines=13
# CHECK-NEXT: C PING => +PONG 5
# CHECK-NEXT: apply v4-5: applied
# CHECK-NEXT: == v5
# CHECK-NEXT: A WC a b => +WC 2 calls=3
# CHECK-NEXT: B STATS => +STATS calls=4 topics=3 served=42
# CHECK-NEXT: C LAST news => +MSG news#3 third
# CHECK-NEXT: apply v4-5 again: already
# CHECK-NEXT: D COUNT => +COUNT 44
# CHECK-NEXT: A QUIT => +BYE
# CHECK-NEXT: B PING => +PONG 6
# CHECK-NEXT: same process: yes
# CHECK-NEXT: status: 4 updates
# CHECK-NEXT: "base_version": "[[V1:[0-9a-f]{16}]]",
# CHECK-NEXT: "version": "[[V5:[0-9a-f]{16}]]",
# CHECK-NEXT: "updates_applied": 4,
# CHECK-NEXT: "from": "[[V1]]",
# CHECK-NEXT: "to": "[[V2:[0-9a-f]{16}]]",
# CHECK-NEXT: "result": "applied",
# CHECK-NEXT: "update_point": "main (main.c:{{[0-9]+}})"
# CHECK-NEXT: "from": "[[V2]]",
# CHECK-NEXT: "to": "[[V3:[0-9a-f]{16}]]",
# CHECK-NEXT: "result": "applied",
# CHECK-NEXT: "update_point": "main (main.c:{{[0-9]+}})"
# CHECK-NEXT: "from": "[[V3]]",
# CHECK-NEXT: "to": "[[V4:[0-9a-f]{16}]]",
# CHECK-NEXT: "result": "applied",
# CHECK-NEXT: "update_point": "main (main.c:{{[0-9]+}})"
# CHECK-NEXT: "from": "[[V4]]",
# CHECK-NEXT: "to": "[[V5]]",
# CHECK-NEXT: "result": "applied",
# CHECK-NEXT: "update_point": "main (main.c:{{[0-9]+}})"
# CHECK-NEXT: "from": "[[V4]]",
# CHECK-NEXT: "to": "[[V5]]",
# CHECK-NEXT: "result": "already-applied",
# CHECK-NEXT: "update_point": "main (main.c:{{[0-9]+}})"
# CHECK-NEXT: v5 binary version: [[V5]]
# CHECK-NEXT: log: chatd listening, version [[V1]]
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

# Each version is built by its own Makefile with CC=dsu-cc, in a copy of its
# directory (the same relative file names in every version).
for v in 1 2 3 4 5; do
  cp -r "$src/v$v" "$t/v$v"
  (cd "$t/v$v" && CC=dsu-cc make -s >"$t/make-v$v.log" 2>&1) || { cat "$t/make-v$v.log" >&2; exit 1; }
done
for p in "1 2" "2 3" "3 4" "4 5"; do
  set -- $p
  echo "== diff v$1 v$2"
  dsu-diff --explain "$t/v$1/chatd" "$t/v$2/chatd" -o "$t/p$1-$2.so" 2>"$t/diff$1-$2.err"
done

# q FD NAME LINE - one request of client NAME and its reply.
q() { echo "$2 $3 => $(e2e_cmd "$1" "$3")"; }
apply() {
  local out
  out=$(dsu-ctl apply --timeout 20 "$E2E_PID" "$t/p$1.so") || { echo "apply $1 failed: $out" >&2; exit 1; }
  echo "apply v$1$2: ${out%% *}"
}

e2e_start "$t/v1/chatd" "$t/port"
pid=$E2E_PID
e2e_connect 3; e2e_connect 4; e2e_connect 5
echo "== v1"
q 3 A "HELLO ann"; q 4 B "HELLO bob"
q 3 A PING; q 4 B PING
q 3 A "PUB news hello world"; q 4 B "PUB sport goal"; q 5 C "PUB news second"
q 5 C "PUB misc a"; q 5 C "PUB misc b"; q 5 C "PUB misc c"
q 3 A "LAST news"; q 4 B TOPICS; q 5 C "TOPICS count"; q 3 A "REV stressed"
q 4 B STATS; q 5 C WHOAMI; q 3 A COUNT
apply 1-2 ""
echo "== v2"
q 3 A "LAST news"; q 4 B STATS; q 5 C STATS; q 3 A BOGUS; q 4 B PING; q 3 A WHOAMI
q 4 B "TOPICS count"; q 3 A "REV abc"
apply 2-3 ""
echo "== v3"
q 3 A PING; q 4 B "PUB sport again"; q 5 C "TOPICS count"; q 3 A TOPICS; q 4 B BOGUS
q 5 C STATS; q 3 A "LAST sport"; q 4 B HELLO; q 5 C "REV xy"
apply 3-4 ""
echo "== v4"
q 3 A "WC one two  three"; q 4 B WC; q 5 C "REV abc"; q 3 A "PUB news third"
q 4 B WHOAMI; q 5 C PING
apply 4-5 ""
echo "== v5"
q 3 A "WC a b"; q 4 B STATS; q 5 C "LAST news"
apply 4-5 " again"
# A client that connects after all the patches.
e2e_connect 6
q 6 D COUNT
q 3 A QUIT; q 4 B PING
e2e_alive "$pid"
[ "$(pgrep -f "$t/v1/chatd" | head -n 1)" = "$pid" ] && echo "same process: yes" || echo "same process: no"
echo "status: $(dsu-ctl status "$pid" | sed -n 's/^updates applied: *//p') updates"
dsu-ctl status --json "$pid" >"$t/status.json"
grep -E '"(base_version|version|updates_applied|from|to|result|update_point)"' "$t/status.json" | sed 's/^ *//'
echo "v5 binary version: $(dsu-diff --dump "$t/v5/chatd" | sed -n 's/^ *"version": "\(.*\)",*$/\1/p' | head -n 1)"
echo "log: $(grep -o 'chatd listening.*' "$t/port.log")"
exec 3>&- 4>&- 5>&- 6>&-
