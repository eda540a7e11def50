#!/usr/bin/env bash
# test.sh - set dsu up (see setup.sh) and run the whole test suite through
# ctest: the lit suites for the pass, the plugin, the runtime, the tools and
# the end-to-end live updates.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/setup.sh"
build=${DSU_BUILD_DIR:-$top/build}
cd "$build"
ctest --output-on-failure "$@"
