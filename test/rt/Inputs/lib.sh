# lib.sh - helpers for the runtime tests (sourced by test/rt/*.sh).
#
# The caller sets T (a scratch dir, lit's %t), CLANG, INC (%dsu-include)
# and CTL (%dsu-ctl).  Every wait is a bounded loop; every process started
# here is killed by the EXIT trap.
set -u
RTLIB="$INC/../lib/dsu/libdsu_rt.a"
INPUTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PIDS=""
rm -rf "$T" && mkdir -p "$T"
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  exec 3>&- 2>/dev/null
}
trap cleanup EXIT

die() { echo "FAIL: $*"; [ -f "$T/out" ] && sed 's/^/  out: /' "$T/out"; exit 1; }

# build_prog [SRC]: compile Inputs/SRC (default prog.c) against the runtime into $T/prog.
build_prog() {
  # shellcheck disable=SC2086 # DSU_RT_LINK_FLAGS is a list of flags
  "$CLANG" -g -O1 -I"$INC" -rdynamic ${DSU_RT_LINK_FLAGS:-} -o "$T/prog" "$INPUTS/${1:-prog.c}" "$RTLIB" \
    -ljansson -lelf -lxxhash -ldl -lpthread || die "cannot build prog"
}

# wait_for PATTERN [FILE]: wait (at most 10 s) until FILE (default $T/out) has a line matching PATTERN.
wait_for() {
  local f=${2:-$T/out}
  for i in $(seq 200); do
    grep -q -- "$1" "$f" 2>/dev/null && return 0
    sleep 0.05
  done
  die "timed out waiting for '$1' in $f"
}

# start_prog MODE [ARG]: run prog with stdin from a FIFO held open on fd 3;
# sets PID and VERSION.
start_prog() {
  rm -f "$T/in" "$T/out"
  mkfifo "$T/in"
  "$T/prog" "$@" <"$T/in" >"$T/out" 2>&1 &
  PID=$!
  PIDS="$PIDS $PID"
  exec 3>"$T/in"
  wait_for "^version "
  VERSION=$(sed -n 's/^version \([0-9a-f]*\) .*/\1/p' "$T/out")
}

# query N: send N to the program and print its answer line.
query() {
  echo "$1" >&3
  wait_for "^f($1)="
  grep "^f($1)=" "$T/out" | tail -1
}

# alive: the program is still running.
alive() { kill -0 "$PID" 2>/dev/null || die "program $PID died"; }

# mkpatch OUT ID FROM BODY [XFORM_RETURN] [EXTRA_C] [MANIFEST]: build a patch
# whose new f returns BODY (a C expression of x, after hits++).  With
# XFORM_RETURN, a state transformer sets hits=1000 and returns that value.
# MANIFEST, when given, replaces the generated manifest verbatim.
mkpatch() {
  local out=$1 id=$2 from=$3 body=$4 xret=${5:-} extra=${6:-} manifest=${7:-}
  local xf=null
  [ -n "$xret" ] && xf="\"__dsu_xform_$id\""
  [ -n "$manifest" ] || manifest="{\"format\":1,\"patch_id\":\"$id\",\"from\":\"$from\",\"to\":\"00000000000000$(printf %s "$id" | cut -c15-16)\",\"created_by\":\"test\",\"replace\":[{\"id\":\"f\",\"slot\":\"__dsu_slot.f\",\"new\":\"__dsu_p.$id.f\",\"why\":\"body changed\"}],\"add\":[],\"new_globals\":[],\"state_transformer\":$xf,\"warnings\":[]}"
  {
    echo "extern int hits;"
    echo "$extra"
    echo "int f_new(int x) __asm__(\"__dsu_p.$id.f\");"
    echo "int f_new(int x) { hits++; return $body; }"
    [ -n "$xret" ] && echo "int xf(void) __asm__(\"__dsu_xform_$id\"); int xf(void) { hits = 1000; return $xret; }"
  } >"$out.src.c"
  embed_patch "$out" "$out.src.c" "$manifest"
}

# embed_patch OUT SRC MANIFEST [CFLAGS...]: build the patch OUT from the C
# file SRC plus a dsu_patch section holding MANIFEST (a C string), as
# dsu-diff would; mode 644 so the runtime's file checks pass.
embed_patch() {
  local out=$1 src=$2 manifest=$3 esc
  shift 3
  esc=$(printf '%s' "$manifest" | sed 's/\\/\\\\/g; s/"/\\"/g')
  {
    cat "$src"
    echo "__attribute__((section(\"dsu_patch\"), used)) static const char manifest[] = \"$esc\";"
  } >"$out.c"
  "$CLANG" -shared -fPIC -I"$INC" "$@" -o "$out" "$out.c" || die "cannot build patch $out"
  chmod 644 "$out"
}
