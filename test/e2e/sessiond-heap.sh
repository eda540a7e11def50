# Heap objects change layout live: sessiond keeps one malloc'd struct session
# per connection (custom allocator xmalloc) and a realloc-grown array of
# struct note.  v2 adds a field to each, v3 widens fields and reorders
# struct note.  Three clients stay connected; notes are added before and
# after each update (the array grows across versions); every note, name and
# counter is checked.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/sessiond %testlib > %t/out.txt 2> %t/err.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

e2e_build_version "$src/v1" "$t/s1" --dsu-wrap
e2e_build_version "$src/v2" "$t/s2" --dsu-base="$t/s1"
e2e_build_version "$src/v3" "$t/s3" --dsu-base="$t/s2"
dsu-diff "$t/s1" "$t/s2" -o "$t/p1.so" 2> "$t/diff1.err"
dsu-diff "$t/s2" "$t/s3" -o "$t/p2.so" 2> "$t/diff2.err"

e2e_start "$t/s1" "$t/port"
e2e_connect 3
e2e_connect 4
e2e_connect 5
e2e_cmd 3 "NAME alice"
e2e_cmd 4 "NAME bob"
# CHECK: +OK
# CHECK-NEXT: +OK
# Five notes: the array grows 2 -> 4 -> 8 under v1.
for i in 1 2 3 4 5; do e2e_cmd 3 "POST a$i" > /dev/null; done
e2e_cmd 4 "POST b1"
# CHECK-NEXT: +NOTE 5
notes() {
  local i
  for i in $(seq 0 $(($1 - 1))); do e2e_cmd 5 "NOTE $i"; done | tr '\n' '|'; echo
}
notes 6
# CHECK-NEXT: +NOTE 0 alice a1|+NOTE 1 alice a2|+NOTE 2 alice a3|+NOTE 3 alice a4|+NOTE 4 alice a5|+NOTE 5 bob b1|

dsu-ctl apply --timeout 30 "$E2E_PID" "$t/p1.so" | cut -d' ' -f1
# CHECK-NEXT: applied
notes 6
# CHECK-NEXT: +NOTE 0 alice a1 likes=0|+NOTE 1 alice a2 likes=0|+NOTE 2 alice a3 likes=0|+NOTE 3 alice a4 likes=0|+NOTE 4 alice a5 likes=0|+NOTE 5 bob b1 likes=0|
e2e_cmd 3 "ME"
e2e_cmd 4 "ME"
# CHECK-NEXT: +ME alice msgs=7 bytes=3
# CHECK-NEXT: +ME bob msgs=3 bytes=3
e2e_cmd 4 "LIKE 5"
e2e_cmd 5 "LIKE 5"
e2e_cmd 3 "LIKE 0"
# CHECK-NEXT: +LIKES 5 1
# CHECK-NEXT: +LIKES 5 2
# CHECK-NEXT: +LIKES 0 1
# Four more notes under v2: the array (old elements converted or not yet)
# grows 8 -> 16.
for i in 1 2 3 4; do e2e_cmd 4 "POST b$((i + 1))" > /dev/null; done
e2e_connect 6
e2e_cmd 6 "NAME carol"
e2e_cmd 6 "POST c1"
# CHECK-NEXT: +OK
# CHECK-NEXT: +NOTE 10

dsu-ctl apply --timeout 30 "$E2E_PID" "$t/p2.so" | cut -d' ' -f1
# CHECK-NEXT: applied
notes 11
# CHECK-NEXT: +NOTE 0 alice a1 likes=1|+NOTE 1 alice a2 likes=0|+NOTE 2 alice a3 likes=0|+NOTE 3 alice a4 likes=0|+NOTE 4 alice a5 likes=0|+NOTE 5 bob b1 likes=2|+NOTE 6 bob b2 likes=0|+NOTE 7 bob b3 likes=0|+NOTE 8 bob b4 likes=0|+NOTE 9 bob b5 likes=0|+NOTE 10 carol c1 likes=0|
e2e_cmd 3 "NAME alice-with-a-longer-name"
e2e_cmd 3 "ME"
e2e_cmd 4 "ME"
e2e_cmd 6 "ME"
# CHECK-NEXT: +OK
# CHECK-NEXT: +ME alice-with-a-longer-name msgs=10
# CHECK-NEXT: +ME bob msgs=9
# CHECK-NEXT: +ME carol msgs=3
e2e_cmd 5 "COUNT"
# CHECK-NEXT: +COUNT sessions=4 notes=11
dsu-ctl status --json "$E2E_PID" | grep -o '"name": *"struct [a-z]*"' | sed 's/": */":/' | sort -u
# CHECK-NEXT: "name":"struct note"
# CHECK-NEXT: "name":"struct session"
e2e_alive "$E2E_PID" && echo "still serving"
# CHECK-NEXT: still serving
