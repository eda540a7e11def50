#!/usr/bin/env bash
# demo.sh - set dsu up, then update the example key-value server live:
# v1 -> v2 -> ... -> v8 while one client stays connected and its data stays
# in the server's memory.  v2-v4 change code; v5-v7 change the layout of the
# structs that hold the data (fields added, widened, reordered); v8 changes
# the type of two globals (the store grows from 256 to 1024 entries).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/setup.sh"
build=${DSU_BUILD_DIR:-$top/build}
export PATH="$build/bin:$PATH"
# shellcheck source=../test/lib/dsu-e2e.sh
source "$top/test/lib/dsu-e2e.sh"

work=$(mktemp -d /tmp/dsu-demo.XXXXXX)
trap 'e2e_cleanup; rm -rf "$work"' EXIT
src=$top/examples/kvserver

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
say()  { printf '   client> %-16s server> %s\n' "$1" "$(e2e_cmd 3 "$1")"; }

step "Building kvserver v1..v8 with dsu-cc"
echo "   v1 with --dsu-wrap (structs get a version tag and room to grow),"
echo "   each later version with --dsu-base=<the previous binary> (struct sizes stay fixed)"
e2e_build_version "$src/v1" "$work/kv1" --dsu-wrap
for v in 2 3 4 5 6 7 8; do e2e_build_version "$src/v$v" "$work/kv$v" --dsu-base="$work/kv$((v - 1))"; done
echo "   built $work/kv1 .. $work/kv8"

step "Making patches with dsu-diff"
for v in 1 2 3 4 5 6 7; do
  dsu-diff --explain "$work/kv$v" "$work/kv$((v + 1))" -o "$work/kv$v-$((v + 1)).so" 2>&1 |
    grep -v 'holds an update point' | sed 's/^/   /'
done

step "Starting v1 and connecting one client that stays connected"
e2e_start "$work/kv1" "$work/port"
echo "   kvserver v1: pid $E2E_PID, port $E2E_PORT"
e2e_connect 3
say "VERSION"
say "SET city Lyon"
say "SET lang C"
say "GET city"
say "GET nothere"
say "COUNT"

for v in 1 2 3 4 5 6 7; do
  step "Applying v$v -> v$((v + 1)) to the running server"
  dsu-ctl apply "$E2E_PID" "$work/kv$v-$((v + 1)).so" | sed 's/^/   /'
  say "VERSION"
  say "GET city"
  [ "$v" -le 3 ] && say "GET nothere"
  say "COUNT"
  [ "$v" -ge 2 ] && [ "$v" -le 3 ] && say "STATS"
  [ "$v" -ge 4 ] && say "HITS city" && say "WHOAMI"
done

step "Same client, same connection, same data: the server was never restarted"
say "GET lang"
say "HITS lang"
dsu-ctl status "$E2E_PID" | sed 's/^/   /'
step "Done"
