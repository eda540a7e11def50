#!/usr/bin/env bash
# setup.sh - install what dsu needs (Debian 12 packages) when it is missing,
# then configure and build dsu in ./build.  Safe to run again: it only
# installs what is missing and only rebuilds what changed.
#
# Environment: DSU_BUILD_DIR (default: build), DSU_JOBS (default: nproc),
# DSU_EXTRA_PACKAGES (more apt packages), DSU_CMAKE_ARGS (more cmake -D...).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${DSU_BUILD_DIR:-$top/build}
jobs=${DSU_JOBS:-$(nproc)}

# LLVM/Clang are pinned to 19.1: LLVM 14 is installed by default on Debian 12
# and newer ones exist, and dsu's plugin ABI is tied to one version.
packages=(clang-19 llvm-19-dev libclang-19-dev llvm-19-tools lld-19
          cmake make pkg-config python3
          libelf-dev libjansson-dev libxxhash-dev ${DSU_EXTRA_PACKAGES:-})

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "dsu setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "dsu setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

echo "dsu setup: building in $build"
mkdir -p "$build"
# shellcheck disable=SC2086 # DSU_CMAKE_ARGS is a list of arguments
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${DSU_CMAKE_ARGS:-} >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; echo "dsu setup: cmake configure failed" >&2; exit 1; }
cmake --build "$build" -j "$jobs"
