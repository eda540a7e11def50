# Globals whose own type changes, updated live: v1 -> v2 widens `int counter`
# to long and grows `int hist[10]` to 16 and `char name[8]` to 32 (moved to the
# patch's storage); v2 -> v3 only changes the code that uses them, so the v3
# patch refers to them by their plain names and the runtime must redirect its
# relocations to the moved storage.  Values are checked around each update.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/globals %testlib > %t/out.txt
# RUN: FileCheck %s < %t/out.txt
#
# CHECK:      diff 1: global counter: moved to new storage (4 -> 8 bytes), converted: i32 -> i64
# CHECK-NEXT: diff 1: global hist: moved to new storage (40 -> 64 bytes), converted: [10 x i32] -> [16 x i32], elements copied; grown, the rest is zeroed
# CHECK-NEXT: diff 1: global name: moved to new storage (8 -> 32 bytes), converted: [8 x i8] -> [32 x i8]
# CHECK-NEXT: apply 1: applied
# CHECK-NEXT: v2 counter carried: yes
# CHECK-NEXT: v2 hist carried: yes
# CHECK-NEXT: v2 name: v1name
# CHECK-NEXT: v2 above 2^31 without wrapping: yes
# CHECK-NEXT: apply 2: applied
# CHECK-NEXT: v3 counter carried: yes
# CHECK-NEXT: v3 hist carried: yes
# CHECK-NEXT: v3 name: v1name
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

for v in v1 v2 v3; do e2e_build_version "$src/$v" "$t/$v"; done
dsu-diff "$t/v1" "$t/v2" --explain -o "$t/p12.so" 2> "$t/diff1.err" | grep '^global' | sort | sed 's/^/diff 1: /'
dsu-diff "$t/v2" "$t/v3" -o "$t/p23.so" 2> "$t/diff2.err"

field() { # field LINE KEY
  local x=${1#*" $2="}; printf '%s\n' "${x%% *}"
}
# hist_ok BEFORE AFTER N - AFTER's hist is BEFORE's (padded with zeros to N)
# plus one at index counter(AFTER) % N.
hist_ok() {
  local -a b a
  IFS=, read -r -a b <<< "$(field "$1" hist)"
  IFS=, read -r -a a <<< "$(field "$2" hist)"
  local c i want bump
  c=$(field "$2" counter); bump=$((c % $3))
  [ "${#a[@]}" -eq "$3" ] || { echo "no (${#a[@]} entries)"; return; }
  for ((i = 0; i < $3; i++)); do
    want=${b[i]:-0}; [ "$i" -eq "$bump" ] && want=$((want + 1))
    [ "${a[i]}" -eq "$want" ] || { echo "no (hist[$i] = ${a[i]}, want $want)"; return; }
  done
  echo yes
}
# wait_lines PATTERN N - until the log has N lines matching PATTERN (bounded).
wait_lines() {
  local i
  for i in $(seq 1 400); do [ "$(grep -c "$1" "$t/log" || true)" -ge "$2" ] && return 0; sleep 0.05; done
  echo "e2e: fewer than $2 lines '$1' in the log" >&2; return 1
}

"$t/v1" "$t/log" "$t/stop" &
pid=$!
E2E_PIDS+=("$pid")
wait_lines '^v1 ' 3
echo "apply 1: $(dsu-ctl apply --timeout 20 "$pid" "$t/p12.so" | cut -d' ' -f1)"
wait_lines '^v2 ' 4
before=$(grep -B1 '^updated$' "$t/log" | head -n 1)
after=$(grep -A1 '^updated$' "$t/log" | sed -n 2p)
b=$(field "$before" counter) a=$(field "$after" counter)
[ "$a" -eq $((b + 1000000000)) ] && echo "v2 counter carried: yes" || echo "v2 counter carried: no ($b then $a)"
echo "v2 hist carried: $(hist_ok "$before" "$after" 16)"
echo "v2 name: $(field "$after" name)"
big=$(grep '^v2 ' "$t/log" | sed -n 4p)
[ "$(field "$big" counter)" -eq $((b + 4000000000)) ] && [ "$(field "$big" counter)" -gt 2147483647 ] &&
  echo "v2 above 2^31 without wrapping: yes" || echo "v2 above 2^31 without wrapping: no ($big)"

echo "apply 2: $(dsu-ctl apply --timeout 20 "$pid" "$t/p23.so" | cut -d' ' -f1)"
wait_lines '^v3 ' 1
before=$(grep -B1 '^updated$' "$t/log" | tail -n 2 | head -n 1)
after=$(grep -A1 '^updated$' "$t/log" | sed -n '$p')
b=$(field "$before" counter) a=$(field "$after" counter)
[ "$a" -eq $((b + 7)) ] && echo "v3 counter carried: yes" || echo "v3 counter carried: no ($b then $a)"
echo "v3 hist carried: $(hist_ok "$before" "$after" 16)"
echo "v3 name: $(field "$after" name)"
touch "$t/stop"
