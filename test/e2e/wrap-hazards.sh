# The hazards of type wrapping, live: objects of struct item that exist in
# every way C makes them (.bss array, initialised global, embedded by value,
# malloc, calloc + memcpy from a stack object, realloc growth, by-value
# return, assignment and arguments) survive an update that adds a field,
# widens two and moves all of them; after it, a freed block is reused and
# the realloc'd array grows with old and new elements side by side.
#
# RUN: rm -rf %t && mkdir -p %t
# RUN: bash %s %t %S/Inputs/hazards %testlib > %t/out.txt 2> %t/err.txt
# RUN: FileCheck %s < %t/out.txt
set -euo pipefail
t=$1 src=$2
source "$3/dsu-e2e.sh"
e2e_build_version "$src/v1" "$t/h1" --dsu-wrap
e2e_build_version "$src/v2" "$t/h2" --dsu-base="$t/h1"
dsu-diff "$t/h1" "$t/h2" -o "$t/p.so" 2> "$t/diff.err"

coproc H { exec "$t/h1"; }
pid=$H_PID
trap 'kill $pid 2> /dev/null || true' EXIT
cmd() { echo "$1" >&"${H[1]}"; local l; while read -r -t 10 l <&"${H[0]}"; do echo "$l"; [ "${l#ok }" != "$l" ] && return 0; done; echo "no reply to $1"; return 1; }
cmd INIT
cmd DUMP
# CHECK: ok INIT
# CHECK-NEXT: bss=1/bss/10 bss=2/bss/20 bss=3/bss/30 init=7/init/70 emb=9/emb/90 one=11/one/110 zero=0//0 z1=12/stack/120 g=20/grown/200 g=21/grown/210
# CHECK-NEXT: ok DUMP
cmd CHURN
cmd GROW
dsu-ctl apply --timeout 30 "$pid" "$t/p.so" | cut -d' ' -f1
# CHECK: ok GROW
# CHECK-NEXT: applied
cmd DUMP
# CHECK-NEXT: bss=1/bss/10/f0 bss=2/bss/20/f0 bss=3/bss/30/f0 init=7/init/70/f0 emb=9/emb/90/f0 one=111/churn/1110/f0 zero=0//0/f0 z1=12/stack/120/f0 g=20/grown/200/f0 g=21/grown/210/f0 g=22/grown/220/f0 g=23/grown/230/f0
# CHECK-NEXT: ok DUMP
cmd CHURN
cmd GROW
cmd DUMP
# CHECK: ok GROW
# CHECK-NEXT: bss=1/bss/10/f0 {{.*}} one=211/churn/2110/f2 zero=0//0/f0 z1=12/stack/120/f0 g=20/grown/200/f0 g=21/grown/210/f0 g=22/grown/220/f0 g=23/grown/230/f0 g=24/grown-v2/240/f2 g=25/grown-v2/250/f2
cmd INIT
cmd DUMP
# CHECK: ok INIT
# CHECK-NEXT: bss=1/bss/10/f2 bss=2/bss/20/f2 bss=3/bss/30/f2 init=7/init/70/f0 emb=9/emb/90/f2 one=11/one/110/f2 zero=0//0/f0 z1=12/stack/120/f2 g=20/grown/200/f2 g=21/grown/210/f2
dsu-ctl status --json "$pid" | grep -o '"adopted": *[0-9]*'
# CHECK: "adopted": 0
echo QUIT >&"${H[1]}"
