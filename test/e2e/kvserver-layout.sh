# Struct layouts change under live data: kvserver v1 -> v7 built with type
# wrapping, each version against the previous one (--dsu-base), patched live
# with two clients connected.  v5 adds fields to struct entry and struct
# client, v6 widens an integer and a char array, v7 reorders both structs,
# v8 changes the type of two globals (the store's array grows from 256 to
# 1024 entries, its count widens from int to long: both move to storage the
# patch defines).  Every key, value and counter kept in memory is checked
# after each step.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %examples/kvserver %testlib > %t/out.txt 2> %t/err.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

e2e_build_version "$src/v1" "$t/kv1" --dsu-wrap
for v in 2 3 4 5 6 7 8; do e2e_build_version "$src/v$v" "$t/kv$v" --dsu-base="$t/kv$((v - 1))"; done
for v in 1 2 3 4 5 6 7; do dsu-diff "$t/kv$v" "$t/kv$((v + 1))" -o "$t/p$v.so" 2> "$t/diff$v.err"; done
# The wrapped size of struct entry is the same in every version.
for v in 1 5 6 7 8; do dsu-diff --dump "$t/kv$v" | grep -A3 '"name": "struct entry"' | grep -m1 '"size"' | tr -d ' ,'; done
# CHECK: "size":208
# CHECK-NEXT: "size":208
# CHECK-NEXT: "size":208
# CHECK-NEXT: "size":208
# CHECK-NEXT: "size":208

e2e_start "$t/kv1" "$t/port"
e2e_connect 3
e2e_connect 4
# 40 keys, each value spelling its own key, so any misplaced byte shows.
for i in $(seq 1 40); do e2e_cmd 3 "SET key$i value-of-key$i-$((i * 7919))" > /dev/null; done
check_all() {
  local i bad=0 want got
  for i in $(seq 1 40); do
    want="+VALUE value-of-key$i-$((i * 7919))"
    got=$(e2e_cmd 4 "GET key$i")
    [ "$got" = "$want" ] || { echo "key$i: got '$got', want '$want'"; bad=1; }
  done
  [ "$bad" = 0 ] && echo "all 40 values intact"
}
apply() { dsu-ctl apply --timeout 30 "$E2E_PID" "$1" | sed 's/ in .*//; s/(.*)//'; }

for v in 1 2 3; do apply "$t/p$v.so"; done
# CHECK: applied
# CHECK-NEXT: applied
# CHECK-NEXT: applied
e2e_cmd 3 "VERSION"
# CHECK-NEXT: +VERSION kvserver 4
check_all
# CHECK-NEXT: all 40 values intact

# v4 -> v5: struct entry gains hits, struct client gains cmds.
apply "$t/p4.so"
# CHECK: applied
e2e_cmd 3 "VERSION"
# CHECK-NEXT: +VERSION kvserver 5
e2e_cmd 3 "HITS key1"
# CHECK-NEXT: +HITS 0
check_all
# CHECK-NEXT: all 40 values intact
e2e_cmd 3 "GET key1"
e2e_cmd 3 "HITS key1"
# CHECK-NEXT: +VALUE value-of-key1-7919
# CHECK-NEXT: +HITS 2
e2e_cmd 3 "WHOAMI"
e2e_cmd 4 "WHOAMI"
# CHECK-NEXT: +WHOAMI cmds=5
# CHECK-NEXT: +WHOAMI cmds=41

# v5 -> v6: hits becomes 64-bit, values may be 127 bytes.
apply "$t/p5.so"
# CHECK-NEXT: applied
e2e_cmd 3 "HITS key1"
# CHECK-NEXT: +HITS 2
check_all
# CHECK-NEXT: all 40 values intact
long=$(printf 'L%.0s' $(seq 1 100))
e2e_cmd 3 "SET long $long" 
e2e_cmd 3 "GET long" | wc -c
# CHECK-NEXT: +OK
# CHECK-NEXT: 108
e2e_cmd 4 "WHOAMI"
# CHECK-NEXT: +WHOAMI cmds=82

# v6 -> v7: both structs reordered.
apply "$t/p6.so"
# CHECK-NEXT: applied
e2e_cmd 3 "VERSION"
# CHECK-NEXT: +VERSION kvserver 7
e2e_cmd 3 "HITS key1"
e2e_cmd 3 "HITS key2"
# CHECK-NEXT: +HITS 3
# CHECK-NEXT: +HITS 2
check_all
# CHECK-NEXT: all 40 values intact
e2e_cmd 3 "GET long" | wc -c
# CHECK-NEXT: 108
e2e_cmd 3 "WHOAMI"
e2e_cmd 4 "WHOAMI"
e2e_cmd 3 "COUNT"
# CHECK-NEXT: +WHOAMI cmds=13
# CHECK-NEXT: +WHOAMI cmds=123
# CHECK-NEXT: +COUNT 41/256

# v7 -> v8: entries[256] -> entries[1024] and int n_used -> long n_used move
# to the patch's storage; the 256 old entries (tags and all) are copied.
dsu-diff --explain "$t/kv7" "$t/kv8" -n 2> /dev/null | grep '^global' | sed 's/(sign-extended.*/.../'
# CHECK-NEXT: global store.c:entries: moved to new storage (53248 -> 212992 bytes), copied: [256 x %struct.entry] -> [1024 x %struct.entry], elements copied as bytes (their tags travel); grown, the rest is zeroed
# CHECK-NEXT: global store.c:n_used: moved to new storage (4 -> 8 bytes), converted: i32 -> i64, scalar widened ...
# Fill the old store to the brim first: v7 refuses key 257.
for i in $(seq 41 255); do e2e_cmd 3 "SET fill$i f$i" > /dev/null; done
e2e_cmd 3 "COUNT"
e2e_cmd 3 "SET one-too-many x"
# CHECK-NEXT: +COUNT 256/256
# CHECK-NEXT: -ERR store full
apply "$t/p7.so"
# CHECK-NEXT: applied
e2e_cmd 3 "VERSION"
e2e_cmd 3 "COUNT"
# CHECK-NEXT: +VERSION kvserver 8
# CHECK-NEXT: +COUNT 256/1024
check_all
# CHECK-NEXT: all 40 values intact
e2e_cmd 3 "GET long" | wc -c
e2e_cmd 3 "HITS key1"
# CHECK-NEXT: 108
# CHECK-NEXT: +HITS 5
bad=0
for i in $(seq 41 255); do
  [ "$(e2e_cmd 4 "GET fill$i")" = "+VALUE f$i" ] || { echo "fill$i lost"; bad=1; }
done
[ "$bad" = 0 ] && echo "all 215 fill values intact"
# CHECK-NEXT: all 215 fill values intact
# The grown store takes 768 more keys, then is full again.
for i in $(seq 256 1023); do
  r=$(e2e_cmd 3 "SET more$i m$i"); [ "$r" = "+OK" ] || { echo "SET more$i: $r"; break; }
done
e2e_cmd 3 "COUNT"
e2e_cmd 3 "SET one-too-many x"
e2e_cmd 4 "GET more1000"
e2e_cmd 4 "GET fill100"
# CHECK-NEXT: +COUNT 1024/1024
# CHECK-NEXT: -ERR store full
# CHECK-NEXT: +VALUE m1000
# CHECK-NEXT: +VALUE f100
e2e_cmd 3 "WHOAMI"
# CHECK-NEXT: +WHOAMI cmds={{[0-9]+}}
e2e_alive "$E2E_PID" && echo "still serving"
# CHECK-NEXT: still serving
