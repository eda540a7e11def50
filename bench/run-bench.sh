#!/usr/bin/env bash
# run-bench.sh - dsu's benchmarks, measured side by side in one run.
#
#   bench/run-bench.sh [--reps N] [--steps N] [--requests N] [--dsu-cc PATH] [--out FILE]
#
# 1. n-body (bench/nbody/nbody.c), CPU-bound, five builds:
#      plain            clang-19 -O2                       (baseline)
#      dsu              dsu-cc -O2                         (default policy: small statics kept direct)
#      dsu-wrap         dsu-cc -O2 --dsu-wrap              (structs wrapped: tags, version checks)
#      dsu-all-slots    dsu-cc -O2 --dsu-direct-max-insts=0 (every call through a slot)
#      plain-noinline   clang-19 -O2 -fno-inline           (what losing inlining alone costs)
# 2. n-body live (bench/nbody-live): the same simulation as a running program
#    that is told "RUN STEPS" on stdin; plain vs dsu-cc --dsu-wrap before any
#    update and after a streak of live updates (v1 -> v2 changes struct body's
#    layout, v2 -> v3 the code).  The program times its own RUN.
# 3. kvserver (examples/kvserver) under load from bench/kvload (a C client, 4
#    connections, REQUESTS requests): plain v1 and v8, dsu-cc v1, dsu-cc
#    --dsu-wrap v1, and the wrapped build after seven live updates v1 -> v8
#    (three change struct layouts, one the type of two globals).
# 4. Update pause: each round applies v1 -> ... -> v8 to a fresh wrapped
#    kvserver and reads the runtime's own measurement of each pause and of the
#    dlopen() inside it, so the ratio pause / dlopen alone is measured in the
#    same run.
#
# The builds run alternately, REPS times each, so drift of the machine's load hits
# all of them alike; the median wall time of each is reported with its ratio to
# the plain build.  Results: stdout and bench/results/latest.md.  No thresholds:
# this measures, it does not judge.  Wall time comes from `date +%s%N`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
reps=5
steps=2000000
requests=20000
out="$here/results/latest.md"
plain_cc=${PLAIN_CC:-clang-19}
dsu_cc=${DSU_CC:-}

die() { echo "run-bench.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=${2:?}; shift 2 ;;
    --steps) steps=${2:?}; shift 2 ;;
    --requests) requests=${2:?}; shift 2 ;;
    --dsu-cc) dsu_cc=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
for n in "$reps" "$steps" "$requests"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a positive number"
done
if [ -z "$dsu_cc" ]; then
  if [ -x "$root/build/bin/dsu-cc" ]; then dsu_cc="$root/build/bin/dsu-cc"
  else dsu_cc=$(command -v dsu-cc || true); fi
fi
command -v "$plain_cc" >/dev/null || die "$plain_cc not found (set PLAIN_CC)"

work=$(mktemp -d "${TMPDIR:-/tmp}/dsu-bench.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# ---- builds ---------------------------------------------------------------
declare -A missing=()   # variant -> why it could not be built
build() {  # build VARIANT LOG -- command...
  local v=$1 log=$2; shift 3
  local rc=0
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    missing[$v]="build failed, exit $rc: $(head -c 200 "$log" | tr '\n|' '  ')"
    echo "  $v: BUILD FAILED (see below)"; sed 's/^/    /' "$log" | head -20
  fi
}
nb_src="$here/nbody/nbody.c"
echo "building in $work (dsu-cc: ${dsu_cc:-none})"
build plain "$work/plain.log" -- "$plain_cc" -O2 -DDSU_PLAIN -o "$work/nbody-plain" "$nb_src" -lm
build plain-noinline "$work/noinl.log" -- "$plain_cc" -O2 -fno-inline -DDSU_PLAIN -o "$work/nbody-plain-noinline" "$nb_src" -lm
# The server is built from inside its directory, as its README says; objects
# and binaries go to $work.
kvsrc="$root/examples/kvserver"
nl_src="$here/nbody-live"
build kv-plain "$work/kvp.log" -- bash -c "cd '$kvsrc/v1' && '$plain_cc' -O2 -DDSU_PLAIN -o '$work/kv-plain' server.c store.c"
build kv-plain-v8 "$work/kvp8.log" -- bash -c "cd '$kvsrc/v8' && '$plain_cc' -O2 -DDSU_PLAIN -o '$work/kv-plain-v8' server.c store.c"
build live-plain "$work/nlp.log" -- "$plain_cc" -O2 -DDSU_PLAIN -o "$work/live-plain" "$nl_src/v1/nbody.c" -lm
"$plain_cc" -O2 -o "$work/kvload" "$here/kvload/kvload.c" || die "cannot build bench/kvload"
if [ -n "$dsu_cc" ] && [ -x "$dsu_cc" ]; then
  dsu_bin=$(dirname "$dsu_cc")   # dsu-diff and dsu-ctl sit beside dsu-cc
  build dsu "$work/dsu.log" -- "$dsu_cc" -O2 -o "$work/nbody-dsu" "$nb_src" -lm
  build dsu-wrap "$work/wrap.log" -- "$dsu_cc" -O2 --dsu-wrap -o "$work/nbody-dsu-wrap" "$nb_src" -lm
  build dsu-all-slots "$work/slots.log" -- "$dsu_cc" -O2 --dsu-direct-max-insts=0 -o "$work/nbody-dsu-all-slots" "$nb_src" -lm
  build kv-dsu "$work/kvd.log" -- bash -c "cd '$kvsrc/v1' && '$dsu_cc' -O2 -o '$work/kv-dsu' server.c store.c"
  # Wrapped versions 1..8, each built against the one before, and the
  # patches between them.
  build kv-wrap "$work/kvw1.log" -- bash -c "cd '$kvsrc/v1' && '$dsu_cc' -O2 --dsu-wrap -o '$work/kvw1' server.c store.c"
  for n in 2 3 4 5 6 7 8; do
    build kv-wrap-after-7 "$work/kvw$n.log" -- bash -c "cd '$kvsrc/v$n' && '$dsu_cc' -O2 --dsu-base='$work/kvw$((n - 1))' -o '$work/kvw$n' server.c store.c"
  done
  for n in 1 2 3 4 5 6 7; do
    build kv-wrap-after-7 "$work/p$n.log" -- "$dsu_bin/dsu-diff" "$work/kvw$n" "$work/kvw$((n + 1))" -o "$work/p$n.so"
  done
  [ -n "${missing[kv-wrap]:-}" ] || cp "$work/kvw1" "$work/kv-wrap"
  [ -n "${missing[kv-wrap-after-7]:-}" ] || cp "$work/kvw1" "$work/kv-wrap-after-7"
  # n-body live: v1 wrapped, v2 and v3 against it, two patches.
  # (From inside each version's directory: the TU id is then nbody.c in all three.)
  build live-wrap "$work/nl1.log" -- bash -c "cd '$nl_src/v1' && '$dsu_cc' -O2 --dsu-wrap -o '$work/live1' nbody.c -lm"
  for n in 2 3; do
    build live-wrap-after-2 "$work/nl$n.log" -- bash -c "cd '$nl_src/v$n' && '$dsu_cc' -O2 --dsu-base='$work/live$((n - 1))' -o '$work/live$n' nbody.c -lm"
  done
  build live-wrap-after-2 "$work/lp1.log" -- "$dsu_bin/dsu-diff" "$work/live1" "$work/live2" -o "$work/lp1.so"
  build live-wrap-after-2 "$work/lp2.log" -- "$dsu_bin/dsu-diff" "$work/live2" "$work/live3" -o "$work/lp2.so"
  [ -n "${missing[live-wrap]:-}" ] || cp "$work/live1" "$work/live-wrap"
  [ -n "${missing[live-wrap-after-2]:-}" ] || cp "$work/live1" "$work/live-wrap-after-2"
else
  for v in dsu dsu-wrap dsu-all-slots kv-dsu kv-wrap kv-wrap-after-7 live-wrap live-wrap-after-2; do
    missing[$v]="no dsu-cc (build dsu or pass --dsu-cc)"
  done
fi
[ -z "${missing[plain]:-}" ] || die "the plain n-body build failed: nothing to compare with"

# ---- measurements ---------------------------------------------------------
declare -A times=()    # variant -> space-separated wall times in ms
now_ns() { date +%s%N; }
record() { times[$1]="${times[$1]:-} $2"; }

nb_variants=(plain dsu dsu-wrap dsu-all-slots plain-noinline)
declare -A nb_result=()
run_nbody() {  # run_nbody VARIANT
  local v=$1 t0 t1 res
  t0=$(now_ns)
  res=$("$work/nbody-$v" "$steps")
  t1=$(now_ns)
  record "$v" $(( (t1 - t0) / 1000000 ))
  # Every build must compute the same energies; a difference is a miscompile.
  if [ -z "${nb_result[plain]:-}" ] || [ "$v" = plain ]; then nb_result[$v]=$res
  elif [ "$res" != "${nb_result[plain]}" ]; then
    echo "run-bench.sh: nbody-$v printed '$(echo $res)', plain printed '$(echo ${nb_result[plain]})'" >&2; exit 1
  fi
}

start_server() {  # start_server BINARY -> sets server_pid, server_port
  local bin=$1 pf="$work/port" i
  rm -f "$pf"
  "$bin" 0 "$pf" >"$work/server.out" 2>&1 &
  server_pid=$!
  for ((i = 0; i < 100; i++)); do [ -s "$pf" ] && break; sleep 0.05; done
  [ -s "$pf" ] || { echo "run-bench.sh: $bin did not start:"; cat "$work/server.out"; exit 1; } >&2
  server_port=$(cat "$pf")
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
declare -a pauses=() loads=()   # per patch step: space-separated microseconds
# update_streak - apply v1 -> ... -> v8 to the running server, record the
# runtime's pause and dlopen times of each step.
update_streak() {
  local n json
  for n in 1 2 3 4 5 6 7; do
    "$dsu_bin/dsu-ctl" apply --timeout 20 "$server_pid" "$work/p$n.so" >/dev/null ||
      { echo "run-bench.sh: applying p$n.so failed" >&2; exit 1; }
  done
  json=$("$dsu_bin/dsu-ctl" status --json "$server_pid")
  for n in 1 2 3 4 5 6 7; do
    pauses[n]="${pauses[n]:-} $(echo "$json" | grep -o '"pause_us": *[0-9]*' | sed -n "${n}p" | grep -o '[0-9]*$')"
    loads[n]="${loads[n]:-} $(echo "$json" | grep -o '"load_us": *[0-9]*' | sed -n "${n}p" | grep -o '[0-9]*$')"
  done
}
run_server() {  # run_server VARIANT: REQUESTS requests from kvload over 4 connections
  local v=$1 us
  start_server "$work/$v"
  [ "$v" != kv-wrap-after-7 ] || update_streak
  us=$("$work/kvload" "$server_port" 4 "$requests") || { echo "run-bench.sh: kvload against $v failed" >&2; exit 1; }
  stop_server
  record "$v" $((us / 1000))
}

# run_live VARIANT - n-body live: RUN $steps, after the update streak for
# *-after-2.  The program times its own RUN; its energy must match plain's.
declare -A live_energy=()
run_live() {
  local v=$1 reply energy us pid
  coproc LIVE { exec "$work/$v"; }
  pid=$LIVE_PID
  if [ "$v" = live-wrap-after-2 ]; then
    # Make the old objects old: one short run under v1, then both updates.
    echo "RUN 1" >&"${LIVE[1]}"; read -r reply <&"${LIVE[0]}"
    for n in 1 2; do
      "$dsu_bin/dsu-ctl" apply --timeout 20 "$pid" "$work/lp$n.so" >/dev/null ||
        { echo "run-bench.sh: applying lp$n.so to n-body live failed" >&2; exit 1; }
    done
  else
    echo "RUN 1" >&"${LIVE[1]}"; read -r reply <&"${LIVE[0]}"
  fi
  echo "RUN $steps" >&"${LIVE[1]}"
  read -r energy us <&"${LIVE[0]}" || { echo "run-bench.sh: $v died" >&2; exit 1; }
  echo "QUIT" >&"${LIVE[1]}"
  wait "$pid" 2>/dev/null || true
  record "$v" $((us / 1000))
  if [ -z "${live_energy[x]:-}" ]; then live_energy[x]=$energy
  elif [ "$energy" != "${live_energy[x]}" ]; then
    echo "run-bench.sh: $v computed energy $energy, an earlier build $(echo ${live_energy[x]})" >&2; exit 1
  fi
}

live_variants=(live-plain live-wrap live-wrap-after-2)
kv_variants=(kv-plain kv-plain-v8 kv-dsu kv-wrap kv-wrap-after-7)
for ((r = 1; r <= reps; r++)); do
  printf 'round %d/%d:' "$r" "$reps"
  for v in "${nb_variants[@]}" "${live_variants[@]}" "${kv_variants[@]}"; do
    [ -z "${missing[$v]:-}" ] || continue
    case "$v" in kv-*) run_server "$v" ;; live-*) run_live "$v" ;; *) run_nbody "$v" ;; esac
    printf ' %s=%sms' "$v" "${times[$v]##* }"
  done
  echo
done

# ---- report ---------------------------------------------------------------
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
minmax() { tr ' ' '\n' | grep . | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }
declare -A med=()
for v in "${nb_variants[@]}" "${live_variants[@]}" "${kv_variants[@]}"; do
  [ -z "${missing[$v]:-}" ] && med[$v]=$(echo "${times[$v]}" | median)
done
ratio() {  # ratio VARIANT BASE
  if [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ] && [ "${med[$2]}" -gt 0 ]; then
    awk -v a="${med[$1]}" -v b="${med[$2]}" 'BEGIN {printf "%.2f", a / b}'
  else echo "n/a"; fi
}
row() {  # row VARIANT BASE WHAT
  local v=$1
  if [ -n "${missing[$v]:-}" ]; then
    printf '| %s | %s | n/a | n/a | n/a (%s) |\n' "$v" "$3" "${missing[$v]}"
  else
    printf '| %s | %s | %s | %s | %s |\n' "$v" "$3" "${med[$v]}" "$(echo "${times[$v]}" | minmax)" "$(ratio "$v" "$2")"
  fi
}

{
  echo "# dsu benchmark results"
  echo
  echo "Generated by \`bench/run-bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); see docs/benchmarks.md."
  echo "Machine: $(uname -m), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || echo unknown CPU);"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Compiler: $("$plain_cc" --version | head -1)."
  echo "dsu source: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')."
  echo "Repetitions: $reps per build, run alternately; wall time in ms (median, min-max)."
  echo
  echo "## n-body, $steps steps"
  echo
  echo "| build | how | median ms | min-max ms | ratio to plain |"
  echo "|---|---|---|---|---|"
  row plain plain "clang-19 -O2"
  row dsu plain "dsu-cc -O2"
  row dsu-wrap plain "dsu-cc -O2 --dsu-wrap"
  row dsu-all-slots plain "dsu-cc -O2 --dsu-direct-max-insts=0"
  row plain-noinline plain "clang-19 -O2 -fno-inline"
  echo
  echo "dsu / plain: $(ratio dsu plain); wrapped / plain: $(ratio dsu-wrap plain); all slots / plain: $(ratio dsu-all-slots plain);" \
       "all slots / plain -fno-inline: $(ratio dsu-all-slots plain-noinline)."
  echo
  echo "## n-body live, RUN $steps steps, before and after a streak of updates"
  echo
  echo "| build | how | median ms | min-max ms | ratio to plain |"
  echo "|---|---|---|---|---|"
  row live-plain live-plain "clang-19 -O2 v1"
  row live-wrap live-plain "dsu-cc -O2 --dsu-wrap v1, no update"
  row live-wrap-after-2 live-plain "the same after v1 -> v2 (struct body changes) -> v3, applied live"
  echo
  echo "## kvserver, $requests requests from bench/kvload over 4 connections"
  echo
  echo "| build | how | median ms | min-max ms | ratio to plain v1 | ratio to plain v8 |"
  echo "|---|---|---|---|---|---|"
  for v in kv-plain kv-plain-v8 kv-dsu kv-wrap kv-wrap-after-7; do
    case $v in
      kv-plain) how="clang-19 -O2 -DDSU_PLAIN, v1" ;;
      kv-plain-v8) how="clang-19 -O2 -DDSU_PLAIN, v8" ;;
      kv-dsu) how="dsu-cc -O2, v1" ;;
      kv-wrap) how="dsu-cc -O2 --dsu-wrap, v1" ;;
      kv-wrap-after-7) how="the same after 7 live updates to v8 (3 change struct layouts, 1 global types)" ;;
    esac
    if [ -n "${missing[$v]:-}" ]; then printf '| %s | %s | n/a | n/a | n/a | n/a (%s) |\n' "$v" "$how" "${missing[$v]}"
    else printf '| %s | %s | %s | %s | %s | %s |\n' "$v" "$how" "${med[$v]}" "$(echo "${times[$v]}" | minmax)" \
      "$(ratio "$v" kv-plain)" "$(ratio "$v" kv-plain-v8)"; fi
  done
  if [ -z "${missing[kv-wrap-after-7]:-}" ]; then
    echo
    echo "## Update pause (wrapped kvserver, one update per step, $reps rounds)"
    echo
    echo "The runtime measures the whole pause (validation, dlopen, symbol checks, slot swaps) and the dlopen()"
    echo "inside it; both in microseconds, median (min-max)."
    echo
    echo "| step | pause us | dlopen us | pause / dlopen |"
    echo "|---|---|---|---|"
    for n in 1 2 3 4 5 6 7; do
      pm=$(echo "${pauses[n]}" | median) lm=$(echo "${loads[n]}" | median)
      printf '| v%d -> v%d | %s (%s) | %s (%s) | %s |\n' "$n" "$((n + 1))" "$pm" "$(echo "${pauses[n]}" | minmax)" \
        "$lm" "$(echo "${loads[n]}" | minmax)" "$(awk -v a="$pm" -v b="$lm" 'BEGIN {printf (b > 0 ? "%.2f" : "n/a"), a / b}')"
    done
  fi
} >"$work/report.md"
mkdir -p "$(dirname "$out")"
cp "$work/report.md" "$out"
echo
cat "$out"
echo
echo "written to $out"
