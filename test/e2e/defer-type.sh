# A struct layout change waits for the old code that may still use the struct
# concretely to leave the stack.  defer/acct v1 -> v2 (built with type
# wrapping, v2 against v1's sizes) changes struct acct: id int -> long, owner
# char[16] -> char[24], balance moved, flags new.  The program runs worker(),
# which holds an update point in a loop and adds 1 to the first account's
# balance after it: the apply is deferred (the reason names struct acct and
# worker).  The test lets worker return; main's loop then applies the same
# request, and the new report() prints every field of every converted account.
# The second run builds both versions with -DALIAS: worker then keeps a
# pointer to the balance field across its update point and never accesses a
# field after it (the held field alias is what puts struct acct in its
# summary); applied in worker, it would write v1's offset of balance into a
# converted object.
#
# RUN: rm -rf %t && mkdir -p %t/field %t/alias
# RUN: bash %s %t/field %S/Inputs/defer/acct %testlib > %t/field/out.txt
# RUN: FileCheck %s < %t/field/out.txt
# RUN: bash %s %t/alias %S/Inputs/defer/acct %testlib -DALIAS > %t/alias/out.txt
# RUN: FileCheck %s < %t/alias/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
trap e2e_cleanup EXIT

e2e_build_version "$src/v1" "$t/v1" --dsu-wrap "${@:4}"
e2e_build_version "$src/v2" "$t/v2" --dsu-base="$t/v1" "${@:4}"
dsu-diff "$t/v1" "$t/v2" -o "$t/p.so" 2> "$t/diff.err"
grep 'struct acct' "$t/diff.err"
# CHECK: dsu-diff: warning: function worker uses struct acct concretely and holds an update point: the patch is deferred while an activation of worker is on the stack (its old code expects the old layout)

"$t/v1" "$t/log" "$t/trigger" "$t/stop" &
pid=$!
E2E_PIDS+=("$pid")
e2e_wait_for '^in worker' "$t/log"
dsu-ctl apply --timeout 30 "$pid" "$t/p.so" > "$t/apply.out" 2> "$t/apply.err" &
ctl=$!
e2e_wait_for 'deferred:' "$t/apply.err"
# Nothing converted yet: the type has no step while the patch waits.
dsu-ctl status "$pid" | grep -E '^types|^  struct acct'
# CHECK-NEXT: types: none changed or checked

touch "$t/trigger"
wait "$ctl" && echo "apply exit 0" || echo "apply exit $?"
cat "$t/apply.err"
sed "s|$t|T|; s/ at [0-9]* update points/ at N update points/; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/" "$t/apply.out"
# CHECK-NEXT: apply exit 0
# CHECK-NEXT: dsu-ctl: deferred: struct acct changes layout and worker (main.c) may use it concretely after its current call returns (at worker (main.c:{{[0-9]+}}))
# CHECK-NEXT: applied T/p.so ({{[0-9a-f]+}}) at main (main.c:{{[0-9]+}}) after waiting at N update points: pause N us (dlopen N us), now at version {{[0-9a-f]+}}

e2e_wait_for '^v2 acct id=8 ' "$t/log"
grep -c 'updated in worker' "$t/log" || true
# CHECK-NEXT: 0
# Every field of every account: id widened, owner grown, balance moved (the
# first one grew by one per round of worker, in v1's code), flags zeroed.
rounds=$(sed -n 's/^left worker rounds=//p' "$t/log")
bad=0
for i in $(seq 1 8); do
  bal=$((100 * i)); [ "$i" = 1 ] && bal=$((100 + rounds))
  want="v2 acct id=$i balance=$bal owner=owner-$i flags=0"
  got=$(grep "^v2 acct id=$i " "$t/log")
  [ "$got" = "$want" ] || { echo "account $i: got '$got', want '$want'"; bad=1; }
done
[ "$bad" = 0 ] && echo "all 8 accounts converted, every field intact"
# CHECK-NEXT: all 8 accounts converted, every field intact
dsu-ctl status "$pid" | grep 'struct acct' | sed 's/current [0-9a-f]* (base [0-9a-f]*)/current C (base B)/'
# CHECK-NEXT: struct acct: current C (base B), 1 step, converted 8, slow path 8, adopted 0
e2e_alive "$pid" && echo "still running"
# CHECK-NEXT: still running
touch "$t/stop"
