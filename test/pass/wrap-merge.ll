; Version checks in the real pipelines (the plugin registers the pass at
; PipelineStartEP and the lowering at OptimizerEarlyEP/OptimizerLastEP).
; At -O2 two checks of one pointer merge into one unless an update point or
; an unknown call (which may write the runtime's state) lies between them;
; a store to ordinary memory does not separate them.  At -O0 the markers
; are lowered too.  No marker survives into the object.
; RUN: %opt -load-pass-plugin=%pass -passes='default<O2>' -dsu-tu-id=m.c -S %s -o %t.o2.ll
; RUN: FileCheck %s --check-prefix=O2 < %t.o2.ll
; RUN: %opt -load-pass-plugin=%pass -passes='default<O0>' -dsu-tu-id=m.c -S %s -o %t.o0.ll
; RUN: FileCheck %s --check-prefix=O0 < %t.o0.ll
; RUN: %clang -c -O2 -fpass-plugin=%pass -fplugin=%pass -mllvm -dsu-tu-id=m.c -x ir %s -o %t.o
; RUN: nm %t.o | FileCheck %s --check-prefix=SYMS
; RUN: %clang -c -O0 -fpass-plugin=%pass -fplugin=%pass -mllvm -dsu-tu-id=m.c -x ir %s -o %t0.o
; RUN: nm %t0.o | FileCheck %s --check-prefix=SYMS
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.conn = type { i32, i32, [8 x i8], i64, [24 x i8] }

@__dsu_ast_types = internal constant [119 x i8] c"[{\22name\22:\22struct conn\22,\22ir_name\22:\22struct.conn\22,\22size\22:48,\22align\22:8,\22wrapped\22:true,\22layout_id\22:\220000abcd\22,\22fields\22:[]}]\00"
@llvm.compiler.used = appending global [1 x ptr] [ptr @__dsu_ast_types], section "llvm.metadata"

declare i32 @dsu_update()
declare void @ext()

define i64 @twice(ptr %c) {
  %a = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 1
  %x = load i32, ptr %a, align 4
  %b = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %y = load i64, ptr %b, align 8
  %x64 = sext i32 %x to i64
  %r = add i64 %x64, %y
  ret i64 %r
}

define i64 @across_store(ptr %c, ptr %out) {
  %a = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 1
  %x = load i32, ptr %a, align 4
  store i32 %x, ptr %out, align 4
  %b = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %y = load i64, ptr %b, align 8
  ret i64 %y
}

define i64 @across_update(ptr %c) {
  %a = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 1
  %x = load i32, ptr %a, align 4
  %u = call i32 @dsu_update()
  %b = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %y = load i64, ptr %b, align 8
  %x64 = sext i32 %x to i64
  %r = add i64 %x64, %y
  ret i64 %r
}

define i64 @across_call(ptr %c) {
  %a = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 1
  %x = load i32, ptr %a, align 4
  call void @ext()
  %b = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %y = load i64, ptr %b, align 8
  %x64 = sext i32 %x to i64
  %r = add i64 %x64, %y
  ret i64 %r
}

; A helper inlined into a caller that passes its own local: the marker goes
; after inlining (PeepholeEP), so SROA still removes the local.
define internal i64 @field(ptr %c) {
  %a = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %x = load i64, ptr %a, align 8
  ret i64 %x
}

define i64 @on_stack(i64 %v) {
  %l = alloca %struct.conn, align 8
  %f = getelementptr inbounds %struct.conn, ptr %l, i32 0, i32 3
  store i64 %v, ptr %f, align 8
  %r = call i64 @field(ptr %l)
  ret i64 %r
}

; O2-LABEL: define i64 @twice(
; O2: load i32, ptr %c, align 4
; O2: icmp eq i32 %{{.*}}, 43981
; O2: call void @__dsu_convert(ptr nonnull %c, ptr nonnull @__dsu_type.s.conn, i32 43981)
; O2-NOT: @__dsu_convert
; O2-LABEL: define i64 @across_store(
; O2: call void @__dsu_convert(ptr nonnull %c,
; O2-NOT: @__dsu_convert
; O2-LABEL: define i64 @across_update(
; O2: call void @__dsu_convert(ptr nonnull %c,
; O2: call i32 @__dsu_update_point(
; O2: call void @__dsu_convert(ptr nonnull %c,
; O2-NOT: @__dsu_convert
; O2-LABEL: define i64 @across_call(
; O2: call void @__dsu_convert(ptr nonnull %c,
; O2: call void %dsu.callee()
; O2: call void @__dsu_convert(ptr nonnull %c,
; O2-NOT: @__dsu_convert
; The helper itself keeps its check (its callers in other TUs and patches).
; O2-LABEL: define dso_local i64 @__dsu_s.{{[0-9a-f]+}}.field(
; O2: call void @__dsu_convert(ptr nonnull %c,
; O2-NOT: @__dsu_convert
; O2-LABEL: define i64 @on_stack(i64 {{(returned )?}}%v)
; O2-NEXT: ret i64 %v
; O2-LABEL: declare void @__dsu_convert(ptr, ptr, i32)
; O2-NOT: __dsu_check_marker

; O0-NOT: __dsu_check_marker
; O0-LABEL: define i64 @twice(
; O0-COUNT-2: call void @__dsu_convert(ptr %c, ptr @__dsu_type.s.conn, i32 43981)
; O0-NOT: __dsu_check_marker

; SYMS-NOT: __dsu_check_marker
; SYMS: U __dsu_convert
; SYMS-NOT: __dsu_check_marker
