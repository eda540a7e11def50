# Bad type changes are refused before anything changes, each with a message
# naming the patch, the type and what is wrong; a transformer that crashes
# on its smoke run is refused; a state transformer that crashes rolls the
# update back ("failed").  After each, the old code still answers and the
# object is untouched; then a good patch applies.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
. "$(dirname "$0")/Inputs/types_lib.sh"
build_prog types_prog.c
# In a DSU_SANITIZE build the program's reports go to this test's files, not
# to scripts/sanitize.sh's log directory: the crash at the end is expected
# there, and every other report is checked for at the end.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:log_path=$T/san" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}:log_path=$T/san"
start_prog
ask "new 1 5 6" "^new 1"
# CHECK: new 1

try() {
  echo "== $1"
  apply "$2"
  alive
  show 1
}

tpatch "$T/from.so" 00000000000000d1 "$VERSION" 22222222 33333333 3
try "wrong from" "$T/from.so"
# CHECK-LABEL: == wrong from
# CHECK-NEXT: refused: patch T/from.so expects struct item at layout 22222222; the program has 11111111
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

SIZE=40 tpatch "$T/size.so" 00000000000000d2 "$VERSION" 11111111 22222222 2
try "wrong size" "$T/size.so"
# CHECK-LABEL: == wrong size
# CHECK-NEXT: refused: patch T/size.so: struct item has wrapped size 40 in the patch but 32 in the program (the wrapped size must not change: build with dsu-cc --dsu-base)
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

tpatch "$T/noxf.so" 00000000000000d3 "$VERSION" 11111111 22222222 2 -DNO_XFORM
try "no transformer" "$T/noxf.so"
# CHECK-LABEL: == no transformer
# CHECK-NEXT: refused: patch T/noxf.so: type transformer of struct item __dsu_x_00000000000000d3_struct_item is not defined by the patch
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

DESC=__dsu_type.s.nosuch tpatch "$T/nodesc.so" 00000000000000d4 "$VERSION" 11111111 22222222 2
try "no descriptor" "$T/nodesc.so"
# CHECK-LABEL: == no descriptor
# CHECK-NEXT: refused: patch T/nodesc.so: type descriptor __dsu_type.s.nosuch (struct item) is not in the running program
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

tpatch "$T/segv.so" 00000000000000d5 "$VERSION" 11111111 22222222 2 -DXFORM_SEGV
try "transformer SIGSEGV" "$T/segv.so"
# CHECK-LABEL: == transformer SIGSEGV
# CHECK-NEXT: refused: patch T/segv.so: transformer for struct item crashed (SIGSEGV) on a zeroed object; nothing was changed
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

tpatch "$T/fpe.so" 00000000000000d6 "$VERSION" 11111111 22222222 2 -DXFORM_FPE
try "transformer SIGFPE" "$T/fpe.so"
# CHECK-LABEL: == transformer SIGFPE
# CHECK-NEXT: refused: patch T/fpe.so: transformer for struct item crashed (SIGFPE) on a zeroed object; nothing was changed
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

STATE='"__dsu_xform_00000000000000d7"' tpatch "$T/state.so" 00000000000000d7 "$VERSION" 11111111 22222222 2 -DSTATE_SEGV
try "state transformer SIGSEGV" "$T/state.so"
# CHECK-LABEL: == state transformer SIGSEGV
# CHECK-NEXT: failed: patch T/state.so: state transformer __dsu_xform_00000000000000d7 crashed (SIGSEGV); the update was rolled back
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

# A malformed layout id is refused when the manifest is read.
XSYM=x tpatch "$T/badid.so" 00000000000000d9 "$VERSION" 1111111 22222222 2
try "bad layout id" "$T/badid.so"
# CHECK-LABEL: == bad layout id
# CHECK-NEXT: refused: patch T/badid.so: manifest types[0] (struct item): "from" "1111111" and "to" "22222222" must be layout ids, 8 lowercase hex digits, not 00000000
# CHECK-NEXT: exit 1
# CHECK-NEXT: show 1: v1 tag=11111111 a=5 b=6

# Nothing of all that was registered.
"$CTL" status --json "$PID" | tr -d ' \n' | sed 's/.*"types":/types=/'; echo
# CHECK-NEXT: types=[]}
"$CTL" ping "$PID" | sed "s/$PID/PID/; s/$VERSION/BASE/"
# CHECK-NEXT: process PID is a dsu program at version BASE

tpatch "$T/good.so" 00000000000000d8 "$VERSION" 11111111 22222222 2
try "good" "$T/good.so"
# CHECK-LABEL: == good
# CHECK-NEXT: applied T/good.so (00000000000000d8) at main (unknown location): pause N us (dlopen N us), now at version 00000000000000d8
# CHECK-NEXT: exit 0
# CHECK-NEXT: show 1: v2 tag=22222222 a=5 b=6 c=11
"$CTL" status "$PID" | awk '$1 ~ /^[0-9]+$/ { n = split($NF, a, "/"); print $4, a[n] } /^types/,0 { print }'
# CHECK-NEXT: refused from.so
# CHECK-NEXT: refused size.so
# CHECK-NEXT: refused noxf.so
# CHECK-NEXT: refused nodesc.so
# CHECK-NEXT: refused segv.so
# CHECK-NEXT: refused fpe.so
# CHECK-NEXT: failed state.so
# CHECK-NEXT: refused badid.so
# CHECK-NEXT: applied good.so
# CHECK-NEXT: types:
# CHECK-NEXT:   struct item: current 22222222 (base 11111111), 1 step, converted 1, slow path 1, adopted 0

# The guards put the program's own crash handling back: a crash now is an
# ordinary SIGSEGV (or, in a DSU_SANITIZE build, AddressSanitizer's report,
# which goes to this test's own files: scripts/sanitize.sh fails on any report
# in its log directory, and this one is expected).
fatal crash >"$T/how"
how=$(cat "$T/how")
if [ "$how" = "program died by signal SEGV" ] || grep -qs "AddressSanitizer: SEGV" "$T/out" "$T"/san.*; then
  echo "crash: the program's own handling"
else
  echo "crash: $how"
fi
# CHECK-NEXT: crash: the program's own handling

# Any other sanitizer report of the program is a failure (see start_prog).
for f in "$T"/san.*; do
  [ -e "$f" ] || continue
  grep -q "AddressSanitizer: SEGV" "$f" && grep -q "types_prog.c" "$f" || { echo "unexpected report $f:"; cat "$f"; }
done
echo "no other sanitizer report"
# CHECK-NEXT: no other sanitizer report
