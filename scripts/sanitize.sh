#!/usr/bin/env bash
# sanitize.sh - build dsu's C parts (rt/, tools/) with AddressSanitizer and
# UndefinedBehaviorSanitizer into build-asan and run the runtime, tools, pass
# and end-to-end suites against them.  Programs dsu-cc builds there link the
# sanitized runtime, so every live update in the tests runs under ASan too.
#
# Extra arguments go to ctest (e.g. -V).  Environment: DSU_BUILD_DIR
# (default: build-asan), DSU_JOBS, and ASAN_OPTIONS/UBSAN_OPTIONS to add to.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DSU_BUILD_DIR=${DSU_BUILD_DIR:-$top/build-asan}
export DSU_EXTRA_PACKAGES="libclang-rt-19-dev"
export DSU_CMAKE_ARGS="-DDSU_SANITIZE=ON -DCMAKE_C_COMPILER=/usr/lib/llvm-19/bin/clang"
"$top/scripts/setup.sh"

# Reports go to files, not only to a test's stderr: a report from a program
# running in the background, or from a tool a test expects to fail
# (`not dsu-diff ...`), would otherwise pass unseen.  abort_on_error turns a
# report (leaks included) into a crash, which `not` does not accept either.
logs=$DSU_BUILD_DIR/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$logs/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

cd "$DSU_BUILD_DIR"
rc=0
ctest --output-on-failure -R 'rt|tools|pass|e2e' "$@" || rc=$?
if compgen -G "$logs/*" >/dev/null; then
  echo "dsu sanitize: sanitizer reports (in $logs):" >&2
  cat "$logs"/* >&2
  rc=1
fi
if [ "$rc" -eq 0 ]; then
  echo "dsu sanitize: clean (no sanitizer reports)"
fi
exit "$rc"
