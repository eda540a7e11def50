#!/usr/bin/env bash
# sanitize.sh - build dsu's C parts (rt/, tools/) with AddressSanitizer and
# UndefinedBehaviorSanitizer into build-asan and run the runtime, tools, pass
# and end-to-end suites against them.  Programs dsu-cc builds there link the
# sanitized runtime, so every live update in the tests runs under ASan too.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DSU_BUILD_DIR=${DSU_BUILD_DIR:-$top/build-asan}
export DSU_EXTRA_PACKAGES="libclang-rt-19-dev"
export DSU_CMAKE_ARGS="-DDSU_SANITIZE=ON -DCMAKE_C_COMPILER=/usr/lib/llvm-19/bin/clang"
# Leaks are reported by the tools at exit; a sanitizer error fails the test.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$top/scripts/setup.sh"
cd "$DSU_BUILD_DIR"
ctest --output-on-failure -R 'rt|tools|pass|e2e' "$@"
