# Wrapped types at run time, without the pass: a hand-instrumented program
# (Inputs/types_prog.c) and hand-made patches changing struct item
# 11111111 -> 22222222 -> 33333333.  Objects are converted in place when
# the new code first touches them, through every step they are behind;
# tag 0 means the base layout; an unstamped object is adopted while the
# type never changed; `status` reports it all.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
. "$(dirname "$0")/Inputs/types_lib.sh"
build_prog types_prog.c
start_prog

ask "new 1 5 6" "^new 1"
ask "new 2 40 2" "^new 2"
ask "bss 3" "^bss 3"
ask "raw 4 0badf00d 8 9" "^raw 4"
# CHECK: new 1
# CHECK-NEXT: new 2
# CHECK-NEXT: bss 3
# CHECK-NEXT: raw 4
show 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6
# Never stamped, but the type has not changed: adopted as is.
show 4
# CHECK-NEXT: show 4: v1 tag=11111111 a=8 b=9
"$CTL" status --json "$PID" | tr -d ' \n' | sed 's/.*"types":/types=/'; echo
# CHECK-NEXT: types=[{"name":"structitem","base":"11111111","current":"11111111","steps":[],"slow_path":1,"converted":0,"adopted":1}]}

tpatch "$T/p1.so" 00000000000000c1 "$VERSION" 11111111 22222222 2
apply "$T/p1.so"
# CHECK-NEXT: applied T/p1.so (00000000000000c1) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000c1
# CHECK-NEXT: exit 0

# Converted in place by the v1 -> v2 transformer (c = a + b).
show 1
# CHECK-NEXT: show 1: v2 tag=22222222 a=5 b=6 c=11
show 1
# CHECK-NEXT: show 1: v2 tag=22222222 a=5 b=6 c=11
# Tag 0: the base layout (the program's 11111111, not the patch's descriptor copy).
show 3
# CHECK-NEXT: show 3: v2 tag=22222222 a=0 b=0 c=0
# New objects set by new code: tag 11111111 from the stamp, converted by set.
ask "new 5 7 7" "^new 5"
show 5
# CHECK-NEXT: new 5
# CHECK-NEXT: show 5: v2 tag=22222222 a=7 b=7 c=-1

tpatch "$T/p2.so" 00000000000000c2 00000000000000c1 22222222 33333333 3
apply "$T/p2.so"
# CHECK-NEXT: applied T/p2.so (00000000000000c2) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000c2
# CHECK-NEXT: exit 0
# Object 2 was never touched by v2 code: two versions behind, converted through both steps.
show 2
# CHECK-NEXT: show 2: v3 tag=33333333 a=40 b=2 c=42 d=420
show 1
# CHECK-NEXT: show 1: v3 tag=33333333 a=5 b=6 c=11 d=110
show 3
# CHECK-NEXT: show 3: v3 tag=33333333 a=0 b=0 c=0 d=0

"$CTL" status --json "$PID" >"$T/status.json" || die "status failed"
tr -d ' \n' <"$T/status.json" | sed 's/.*"types":/types=/'; echo
# CHECK-NEXT: types=[{"name":"structitem","base":"11111111","current":"33333333","steps":[{"from":"11111111","to":"22222222","patch_id":"00000000000000c1","converted":4},{"from":"22222222","to":"33333333","patch_id":"00000000000000c2","converted":3}],"slow_path":7,"converted":7,"adopted":1}]}
"$CTL" status "$PID" | sed -n '/^types/,$p'
# CHECK-NEXT: types:
# CHECK-NEXT:   struct item: current 33333333 (base 11111111), 2 steps, converted 7, slow path 7, adopted 1

# After a change, an object with a tag no step knows is fatal: the message
# names type, address, tag, expected layout and the likely cause; abort().
ask "raw 6 0badf00d 1 2" "^raw 6"
# CHECK-NEXT: raw 6
fatal "show 6"
# CHECK-NEXT: program died by signal ABRT
sed -n '/^dsu:/p' "$T/out" | sed 's/at 0x[0-9a-f]*/at ADDR/'
# CHECK-NEXT: dsu: fatal: struct item object at ADDR has layout tag 0badf00d, the code using it expects 33333333, and no conversion leads there
# CHECK-NEXT: dsu: layouts of struct item in this process: 11111111 (base), 11111111 -> 22222222 (patch 00000000000000c1), 22222222 -> 33333333 (patch 00000000000000c2)
# CHECK-NEXT: dsu: likely cause: the object was never stamped (allocated by an allocator dsu does not know: mark it __attribute__((annotate("dsu_alloc")))) or its tag was overwritten
echo "show 6 answered: $(grep -c "^show 6" "$T/out")"
# CHECK-NEXT: show 6 answered: 0

# A second process: old code (peek, compiled for 11111111, not replaced)
# meeting an object new code converted.
start_prog
ask "new 1 5 6" "^new 1"
apply "$T/p1.so" >/dev/null
show 1
# CHECK: show 1: v2 tag=22222222 a=5 b=6 c=11
fatal "peek 1"
# CHECK-NEXT: program died by signal ABRT
sed -n '/^dsu:/p' "$T/out" | sed 's/at 0x[0-9a-f]*/at ADDR/'
# CHECK-NEXT: dsu: fatal: struct item object at ADDR has layout tag 22222222, the code using it expects 11111111, and no conversion leads there
# CHECK-NEXT: dsu: layouts of struct item in this process: 11111111 (base), 11111111 -> 22222222 (patch 00000000000000c1)
# CHECK-NEXT: dsu: likely cause: old code using struct item after the type changed under it (a function compiled for layout 11111111 was not replaced by the patch, or was still running)

# A third: a transformer that passed its smoke run crashes on a real
# object during lazy conversion: message naming type, step and object; abort.
start_prog
ask "new 1 666 1" "^new 1"
tpatch "$T/lazy.so" 00000000000000c3 "$VERSION" 11111111 22222222 2 -DXFORM_LAZY_SEGV
apply "$T/lazy.so"
# CHECK: applied T/lazy.so (00000000000000c3)
# CHECK-NEXT: exit 0
fatal "show 1"
# CHECK-NEXT: program died by signal ABRT
sed -n '/^dsu:/p' "$T/out" | sed 's/at 0x[0-9a-f]*/at ADDR/'
# CHECK-NEXT: dsu: fatal: type transformer of struct item, step 11111111 -> 22222222 (patch 00000000000000c3), crashed (SIGSEGV) converting the object at ADDR; the object is half converted
