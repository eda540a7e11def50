#!/bin/sh
# build-pair.sh CASE_DIR OUT_DIR [dsu-cc flags...] - build CASE_DIR/v1 and
# CASE_DIR/v2 with dsu-cc from inside each directory (so TU ids are the bare
# file names and match across versions) into OUT_DIR/v1 and OUT_DIR/v2.
set -e
src=$1 out=$2
shift 2
for v in v1 v2; do
  (cd "$src/$v" && dsu-cc -O2 -g "$@" -o "$out/$v" *.c)
done
