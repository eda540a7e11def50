#!/bin/sh
# Print "NAME LAYOUT_ID" for each wrapped type recorded in the
# __dsu_ast_types global of the LLVM IR file $1 (test/plugin/layout-id.test).
# Fails when a layout id is not 8 lowercase hex digits.
grep '^@__dsu_ast_types' "$1" | sed -e 's/\\22/"/g' -e 's/{"align"/\
{"align"/g' | sed -n 's/.*"layout_id":"\([^"]*\)".*"name":"\([^"]*\)","size".*/\2 \1/p' >"$1.ids" || exit 1
if grep -qv ' [0-9a-f]\{8\}$' "$1.ids"; then
  echo "bad layout id in $1" >&2
  exit 1
fi
cat "$1.ids"
