#!/bin/sh
# make-fake.sh MANIFEST.json OUT [MANIFEST_LEN] - link a tiny executable whose
# dsu_tu section holds one record with MANIFEST and no bitcode, written by
# hand (docs/manifest.md section 2), to test dsu-diff on inputs dsu-cc
# would not produce.  MANIFEST_LEN overrides the length field (damage).
set -e
json=$1 out=$2
len=${3:-$(wc -c < "$json")}
cat > "$out.s" <<ASM
	.section dsu_tu,"a"
	.balign 8
	.ascii "DSUTU001"
	.long $len
	.long 0
	.incbin "$json"
	.balign 8
	.text
	.globl main
main:
	xorl %eax, %eax
	ret
	.section .note.GNU-stack,"",@progbits
ASM
"${CLANG:-clang}" -o "$out" "$out.s"
