# types_lib.sh - helpers for the wrapped-type runtime tests (after lib.sh):
# the program is types_prog.c, the patches are built from types_patch.c.

# ask LINE PATTERN: send LINE to the program, wait for a new output line
# matching PATTERN, print it.
ask() {
  local before
  before=$(grep -c -- "$2" "$T/out")
  echo "$1" >&3
  for i in $(seq 200); do
    [ "$(grep -c -- "$2" "$T/out")" -gt "$before" ] && break
    sleep 0.05
  done
  [ "$(grep -c -- "$2" "$T/out")" -gt "$before" ] || die "no answer matching '$2' to '$1'"
  grep -- "$2" "$T/out" | tail -1
}

# show K: the program's answer to "show K".
show() { ask "show $1" "^show $1:"; }

# tpatch OUT PID FROM_VERSION TYPE_FROM TYPE_TO V [CFLAGS...]: a patch
# replacing show and set with code for layout V (2 or 3), changing struct
# item from TYPE_FROM to TYPE_TO.  The version it leads to is
# 00000000000000 + the last two digits of PID.  Environment overrides for
# bad patches: SIZE (32), XSYM (the transformer symbol), DESC
# (__dsu_type.s.item), STATE (the state transformer symbol, or null).
tpatch() {
  local out=$1 pid=$2 from=$3 tfrom=$4 tto=$5 v=$6
  shift 6
  local to="00000000000000$(printf %s "$pid" | cut -c15-16)"
  local xsym=${XSYM:-__dsu_x_${pid}_struct_item} size=${SIZE:-32} desc=${DESC:-__dsu_type.s.item}
  local state=${STATE:-null}
  local m="{\"format\":1,\"patch_id\":\"$pid\",\"from\":\"$from\",\"to\":\"$to\",\"created_by\":\"test\","
  m="$m\"replace\":[{\"id\":\"show\",\"slot\":\"__dsu_slot.show\",\"new\":\"__dsu_p.$pid.show\"},"
  m="$m{\"id\":\"set\",\"slot\":\"__dsu_slot.set\",\"new\":\"__dsu_p.$pid.set\"}],"
  m="$m\"add\":[],\"new_globals\":[],\"state_transformer\":$state,"
  m="$m\"types\":[{\"name\":\"struct item\",\"desc\":\"$desc\",\"from\":\"$tfrom\",\"to\":\"$tto\",\"size\":$size,"
  m="$m\"xform\":\"$xsym\",\"fields_new\":[\"c\"],\"fields_dropped\":[]}],\"warnings\":[]}"
  embed_patch "$out" "$INPUTS/types_patch.c" "$m" -DPID="$pid" -DV="$v" "$@"
}

# apply PATCH: apply it, print dsu-ctl's answer (paths and pause times
# replaced) and its exit status.
apply() {
  "$CTL" apply "$PID" "$1" 2>&1 | sed "s|$T|T|g; s/$VERSION/BASE/g; s/pause [0-9]* us (dlopen [0-9]* us)/pause N us (dlopen N us)/"
  echo "exit ${PIPESTATUS[0]}"
}

# wait_exit: wait (at most 10 s) for the program to end; print how.
wait_exit() {
  for i in $(seq 200); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.05
  done
  kill -0 "$PID" 2>/dev/null && die "program $PID still running"
  { wait "$PID"; } 2>/dev/null
  local rc=$?
  if [ "$rc" -gt 128 ]; then echo "program died by signal $(kill -l $((rc - 128)))"; else echo "program exited $rc"; fi
}

# fatal LINE: send LINE, which must end the program; print how it ended.
# Bash's own "Aborted" notice goes to stderr, which is dropped here.
fatal() {
  echo "$1" >&3
  wait_exit
} 2>/dev/null
