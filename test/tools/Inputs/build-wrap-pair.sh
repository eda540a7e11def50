#!/bin/sh
# build-wrap-pair.sh CASE_DIR OUT_DIR [dsu-cc flags...] - build CASE_DIR/v1
# with --dsu-wrap, then CASE_DIR/v2 with --dsu-wrap --dsu-base=OUT_DIR/v1 (so
# wrapped structs keep v1's size), each from inside its directory (TU ids are
# the bare file names) into OUT_DIR/v1 and OUT_DIR/v2.  NOBASE=1 builds v2
# without --dsu-base; V1FLAGS replaces v1's --dsu-wrap.
set -e
src=$1 out=$2
shift 2
(cd "$src/v1" && dsu-cc -O2 -g ${V1FLAGS---dsu-wrap} "$@" -o "$out/v1" *.c)
base="--dsu-base=$out/v1"
[ -n "$NOBASE" ] && base=
(cd "$src/v2" && dsu-cc -O2 -g --dsu-wrap $base "$@" -o "$out/v2" *.c)
