; The clang plugin's __dsu_ast_types (a C string holding a JSON array) becomes
; the manifest's "types" and leaves the module, also from llvm.compiler.used.
; Also: `opt -passes=dsu` runs the pass alone.
; RUN: %opt -load-pass-plugin=%pass -passes=dsu -dsu-tu-id=kv.c -S %s -o %t.ll
; RUN: FileCheck %s --check-prefix=IR < %t.ll
; RUN: llc -filetype=obj %t.ll -o %t.o
; RUN: sh %S/Inputs/dsu-record.sh %t.o | FileCheck %s
; A malformed record is an error that names it:
; RUN: sed "s/:16,/ 16,/" %s | not %opt -load-pass-plugin=%pass -passes=dsu -disable-output 2>&1 \
; RUN:   | FileCheck %s --check-prefix=BAD
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.kv = type { [8 x i8], i64 }

@__dsu_ast_types = internal constant [77 x i8] c"[{\22name\22:\22struct kv\22,\22ir_name\22:\22struct.kv\22,\22size\22:16,\22align\22:8,\22fields\22:[]}]\00", section "dsu_ast", align 1
@llvm.compiler.used = appending global [1 x ptr] [ptr @__dsu_ast_types], section "llvm.metadata"
@table = global [2 x %struct.kv] zeroinitializer, align 16

define i64 @value(i64 %i) {
  %p = getelementptr inbounds [2 x %struct.kv], ptr @table, i64 0, i64 %i, i32 1
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

; IR-NOT: __dsu_ast_types
; IR-NOT: llvm.compiler.used
; IR: @__dsu_slot.value = dso_local global ptr @value

; CHECK: {"format":1,"tu":"kv.c",{{.*}}"opt_level":0,
; CHECK: }],"types":[
; CHECK-NEXT: {"name":"struct kv","ir_name":"struct.kv","size":16,"align":8,"fields":[]}],"ir_types":{"struct.kv":"{ [8 x i8], i64 }"},"update_points":[]}

; BAD: dsu: {{.*}}__dsu_ast_types: invalid JSON
