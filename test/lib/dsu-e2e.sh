# dsu-e2e.sh - helpers for end-to-end tests and the demo (sourced by bash).
#
# Everything here drives real processes: servers built by dsu-cc, patches
# made by dsu-diff, applied by dsu-ctl, clients on loopback TCP through
# bash's /dev/tcp.  Every wait is bounded; e2e_cleanup kills what was started.

E2E_PIDS=()

# e2e_cleanup - kill every process started with e2e_start.
e2e_cleanup() {
  local p
  for p in "${E2E_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${E2E_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  E2E_PIDS=()
}

# e2e_build_version SRC_DIR OUT_BIN [dsu-cc flags...] - build one version of a
# program from inside its directory, so TU ids are the bare file names and
# match across versions.
e2e_build_version() {
  local src=$1 out=$2; shift 2
  (cd "$src" && dsu-cc -O2 -g "$@" -o "$out" *.c)
}

# e2e_start BIN PORTFILE [args...] - start a server on an ephemeral port;
# sets E2E_PID and E2E_PORT.  Waits at most 10 s for the port file.
e2e_start() {
  local bin=$1 portfile=$2; shift 2
  rm -f "$portfile"
  "$bin" 0 "$portfile" "$@" >"$portfile.log" 2>&1 &
  E2E_PID=$!
  E2E_PIDS+=("$E2E_PID")
  local i
  for i in $(seq 1 200); do
    if [ -s "$portfile" ]; then E2E_PORT=$(cat "$portfile"); return 0; fi
    kill -0 "$E2E_PID" 2>/dev/null || { echo "e2e: $bin exited early" >&2; cat "$portfile.log" >&2; return 1; }
    sleep 0.05
  done
  echo "e2e: $bin did not write its port within 10 s" >&2
  return 1
}

# e2e_connect FD - open a TCP connection to the server on descriptor FD.
e2e_connect() {
  eval "exec $1<>/dev/tcp/127.0.0.1/$E2E_PORT"
}

# e2e_cmd FD LINE - send one command line, print the one-line reply
# (bounded: 10 s).
e2e_cmd() {
  local fd=$1 line=$2 reply
  printf '%s\n' "$line" >&"$fd"
  if ! IFS= read -r -t 10 reply <&"$fd"; then
    echo "e2e: no reply to '$line' within 10 s" >&2
    return 1
  fi
  printf '%s\n' "${reply%$'\r'}"
}

# e2e_wait_for PATTERN FILE - until FILE has a line matching PATTERN
# (bounded: 20 s).
e2e_wait_for() {
  local i
  for i in $(seq 1 400); do grep -q -- "$1" "$2" 2>/dev/null && return 0; sleep 0.05; done
  echo "e2e: no '$1' in $2 within 20 s" >&2; return 1
}

# e2e_alive PID - fail unless PID is still running.
e2e_alive() {
  kill -0 "$1" 2>/dev/null || { echo "e2e: process $1 is gone" >&2; return 1; }
}

# e2e_loop_patch BIN PATCH DIR - run a looping program (arguments: LOG STOP)
# that writes one line per iteration ending in " served=N", and "updated"
# after an update point applied a patch; apply PATCH while it runs.  Prints
# the first line ("before:"), dsu-ctl's verdict ("apply:"), the first line
# after the update ("after:") and whether the counter carried on.
e2e_loop_patch() {
  local bin=$1 patch=$2 dir=$3 pid i before after b a
  "$bin" "$dir/log" "$dir/stop" &
  pid=$!
  E2E_PIDS+=("$pid")
  for i in $(seq 1 200); do [ -s "$dir/log" ] && break; sleep 0.05; done
  echo "before: $(head -n 1 "$dir/log" | sed 's/ served=.*//')"
  echo "apply: $(dsu-ctl apply --timeout 20 "$pid" "$patch" | cut -d' ' -f1)"
  # The first iteration after the update point that applied the patch.
  for i in $(seq 1 200); do grep -A1 '^updated$' "$dir/log" | grep -q 'served=' && break; sleep 0.05; done
  before=$(grep -B1 '^updated$' "$dir/log" | head -n 1)
  after=$(grep -A1 '^updated$' "$dir/log" | tail -n 1)
  echo "after: ${after% served=*}"
  b=${before##*served=} a=${after##*served=}
  if [ "$a" -eq $((b + 1)) ]; then echo "served carried on: yes"; else echo "served carried on: no ($b then $a)"; fi
  touch "$dir/stop"
}
