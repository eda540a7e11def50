# __dsu_stamp_alloc: every element slot of a libc allocation gets the
# layout id (up to malloc_usable_size), a realloc stamps only the slots it
# added (the kept ones hold objects), another allocator's block is stamped
# for the requested bytes only, NULL is left alone.
# RUN: env T=%t CLANG=%clang INC=%dsu-include CTL=%dsu-ctl bash %s 2>&1 | FileCheck %s
. "$(dirname "$0")/Inputs/lib.sh"
. "$(dirname "$0")/Inputs/types_lib.sh"
build_prog types_prog.c
start_prog

# The array's bytes are 0xab before the stamp: a count equal to the usable
# element count means every slot was written.
ask "arr 1" "^arr 1:"
ask "arr 7" "^arr 7:"
# CHECK: arr 1: usable_elems=[[U1:[1-9][0-9]*]] stamped=[[U1]]
# CHECK-NEXT: arr 7: usable_elems=[[U7:[1-9][0-9]*]] stamped=[[U7]]
ask "grow 2 9" "^grow 2 9:"
ask "grow 3 40" "^grow 3 40:"
# CHECK-NEXT: grow 2 9: old_elems=[[O:[1-9][0-9]*]] kept=[[O]] new_slots=[[N:[1-9][0-9]*]] stamped=[[N]]
# CHECK-NEXT: grow 3 40: old_elems=[[O:[1-9][0-9]*]] kept=[[O]] new_slots=[[N:[1-9][0-9]*]] stamped=[[N]]
ask "pool" "^pool:"
# CHECK-NEXT: pool: 11111111 11111111 11111111 ffffffff ffffffff
# The stamps need no registry: nothing to report.
"$CTL" status --json "$PID" | tr -d ' \n' | sed 's/.*"types":/types=/'; echo
# CHECK-NEXT: types=[]}
