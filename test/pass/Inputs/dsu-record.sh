#!/bin/sh
# dsu-record.sh OBJ [BITCODE_OUT] - checks the single dsu_tu record of OBJ
# (docs/manifest.md section 2) and prints its manifest with one function,
# global or update point per line, so FileCheck lines stay readable.
# The record's bitcode is written to BITCODE_OUT when given.
set -e
obj=$1
sec=$(mktemp)
trap 'rm -f "$sec"' EXIT
llvm-objcopy --dump-section dsu_tu="$sec" "$obj"
magic=$(head -c 8 "$sec")
if [ "$magic" != DSUTU001 ]; then
  echo "dsu-record: $obj: bad magic '$magic'" >&2
  exit 1
fi
ml=$(od -An -tu4 -j8 -N4 "$sec" | tr -d ' ')
bl=$(od -An -tu4 -j12 -N4 "$sec" | tr -d ' ')
size=$(wc -c < "$sec")
end=$((16 + ml + bl))
pad=$((size - end))
if [ "$pad" -lt 0 ] || [ "$pad" -gt 7 ] || [ $((size % 8)) -ne 0 ]; then
  echo "dsu-record: $obj: section size $size, manifest $ml, bitcode $bl: not one padded record" >&2
  exit 1
fi
if [ "$pad" -gt 0 ] && [ -n "$(tail -c "$pad" "$sec" | tr -d '\0')" ]; then
  echo "dsu-record: $obj: padding is not zero" >&2
  exit 1
fi
echo "RECORD manifest_len=$ml bitcode_len=$bl pad=$pad"
if [ -n "$2" ]; then
  tail -c +$((17 + ml)) "$sec" | head -c "$bl" > "$2"
fi
tail -c +17 "$sec" | head -c "$ml" | sed -e 's/},{/},\n{/g' -e 's/\[{/[\n{/g'
echo
