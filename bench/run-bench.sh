#!/usr/bin/env bash
# run-bench.sh - dsu's benchmarks, measured side by side in one run.
#
#   bench/run-bench.sh [--reps N] [--steps N] [--requests N] [--dsu-cc PATH] [--out FILE]
#
# 1. n-body (bench/nbody/nbody.c), CPU-bound, four builds:
#      plain            clang-19 -O2                       (baseline)
#      dsu              dsu-cc -O2                         (default policy: small statics kept direct)
#      dsu-all-slots    dsu-cc -O2 --dsu-direct-max-insts=0 (every call through a slot)
#      plain-noinline   clang-19 -O2 -fno-inline           (what losing inlining alone costs)
# 2. kvserver v1 (examples/kvserver), plain vs dsu-cc: one client connection sends
#    REQUESTS commands (SET/GET alternating), waiting for each reply.  A third
#    variant, kv-dsu-after-3, is the dsu build after three live updates (v1->v4).
# 3. Update pause: each round applies v1->v2->v3->v4 to a fresh kvserver and
#    reads the runtime's own measurement of each pause and of the dlopen()
#    inside it, so the ratio pause / dlopen alone is measured in the same run.
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
requests=3000
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
kv="$root/examples/kvserver/v1"
build kv-plain "$work/kvp.log" -- bash -c "cd '$kv' && '$plain_cc' -O2 -DDSU_PLAIN -o '$work/kv-plain' server.c store.c"
if [ -n "$dsu_cc" ] && [ -x "$dsu_cc" ]; then
  build dsu "$work/dsu.log" -- "$dsu_cc" -O2 -o "$work/nbody-dsu" "$nb_src" -lm
  build dsu-all-slots "$work/slots.log" -- "$dsu_cc" -O2 --dsu-direct-max-insts=0 -o "$work/nbody-dsu-all-slots" "$nb_src" -lm
  build kv-dsu "$work/kvd.log" -- bash -c "cd '$kv' && '$dsu_cc' -O2 -o '$work/kv-dsu' server.c store.c"
  # Versions 1..4 and the patches between them (dsu-diff and dsu-ctl sit
  # beside dsu-cc).
  dsu_bin=$(dirname "$dsu_cc")
  for n in 1 2 3 4; do
    build kv-dsu-after-3 "$work/kv$n.log" -- bash -c "cd '$root/examples/kvserver/v$n' && '$dsu_cc' -O2 -o '$work/kv$n' server.c store.c"
  done
  for n in 1 2 3; do
    build kv-dsu-after-3 "$work/p$n.log" -- "$dsu_bin/dsu-diff" "$work/kv$n" "$work/kv$((n + 1))" -o "$work/p$n.so"
  done
  [ -n "${missing[kv-dsu-after-3]:-}" ] || cp "$work/kv1" "$work/kv-dsu-after-3"
else
  for v in dsu dsu-all-slots kv-dsu kv-dsu-after-3; do missing[$v]="no dsu-cc (build dsu or pass --dsu-cc)"; done
fi
[ -z "${missing[plain]:-}" ] || die "the plain n-body build failed: nothing to compare with"

# ---- measurements ---------------------------------------------------------
declare -A times=()    # variant -> space-separated wall times in ms
now_ns() { date +%s%N; }
record() { times[$1]="${times[$1]:-} $2"; }

nb_variants=(plain dsu dsu-all-slots plain-noinline)
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
# update_streak - apply v1->v2->v3->v4 to the running server, record the
# runtime's pause and dlopen times of each step.
update_streak() {
  local n json
  for n in 1 2 3; do
    "$dsu_bin/dsu-ctl" apply --timeout 20 "$server_pid" "$work/p$n.so" >/dev/null ||
      { echo "run-bench.sh: applying p$n.so failed" >&2; exit 1; }
  done
  json=$("$dsu_bin/dsu-ctl" status --json "$server_pid")
  for n in 1 2 3; do
    pauses[n]="${pauses[n]:-} $(echo "$json" | grep -o '"pause_us": *[0-9]*' | sed -n "${n}p" | grep -o '[0-9]*$')"
    loads[n]="${loads[n]:-} $(echo "$json" | grep -o '"load_us": *[0-9]*' | sed -n "${n}p" | grep -o '[0-9]*$')"
  done
}
run_server() {  # run_server VARIANT: REQUESTS round trips over one connection
  local v=$1 t0 t1 i line
  start_server "$work/$v"
  [ "$v" != kv-dsu-after-3 ] || update_streak
  exec 3<>"/dev/tcp/127.0.0.1/$server_port"
  t0=$(now_ns)
  for ((i = 0; i < requests; i++)); do
    if ((i % 2)); then echo "GET k$((i / 2 % 64))" >&3; else echo "SET k$((i / 2 % 64)) v$i" >&3; fi
    read -r line <&3 || { echo "run-bench.sh: $v closed the connection" >&2; exit 1; }
    case "$line" in OK|VALUE*|+OK|+VALUE*) ;; *) echo "run-bench.sh: $v answered '$line' to request $i" >&2; exit 1 ;; esac
  done
  t1=$(now_ns)
  exec 3>&-
  stop_server
  record "$v" $(( (t1 - t0) / 1000000 ))
}

kv_variants=(kv-plain kv-dsu kv-dsu-after-3)
for ((r = 1; r <= reps; r++)); do
  printf 'round %d/%d:' "$r" "$reps"
  for v in "${nb_variants[@]}" "${kv_variants[@]}"; do
    [ -z "${missing[$v]:-}" ] || continue
    case "$v" in kv-*) run_server "$v" ;; *) run_nbody "$v" ;; esac
    printf ' %s=%sms' "$v" "${times[$v]##* }"
  done
  echo
done

# ---- report ---------------------------------------------------------------
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
minmax() { tr ' ' '\n' | grep . | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }
declare -A med=()
for v in "${nb_variants[@]}" "${kv_variants[@]}"; do
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
  row dsu-all-slots plain "dsu-cc -O2 --dsu-direct-max-insts=0"
  row plain-noinline plain "clang-19 -O2 -fno-inline"
  echo
  echo "dsu / plain: $(ratio dsu plain); all slots / plain: $(ratio dsu-all-slots plain);" \
       "all slots / plain -fno-inline: $(ratio dsu-all-slots plain-noinline)."
  echo
  echo "## kvserver v1, $requests requests over one connection (bash client)"
  echo
  echo "| build | how | median ms | min-max ms | ratio to plain |"
  echo "|---|---|---|---|---|"
  row kv-plain kv-plain "clang-19 -O2 -DDSU_PLAIN"
  row kv-dsu kv-plain "dsu-cc -O2"
  row kv-dsu-after-3 kv-plain "dsu-cc -O2, after 3 live updates"
  if [ -z "${missing[kv-dsu-after-3]:-}" ]; then
    echo
    echo "## Update pause (kvserver, one update per step, $reps rounds)"
    echo
    echo "The runtime measures the whole pause (validation, dlopen, symbol checks, slot swaps) and the dlopen()"
    echo "inside it; both in microseconds, median (min-max)."
    echo
    echo "| step | pause us | dlopen us | pause / dlopen |"
    echo "|---|---|---|---|"
    for n in 1 2 3; do
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
