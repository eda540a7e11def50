; Stamping fresh objects with this code's layout ids (wrapped types from
; !dsu.wrapped here: a module without the plugin's records).
; RUN: %opt -load-pass-plugin=%pass -passes=dsu -dsu-tu-id=s.c -S %s -o %t.ll
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=GLOBALS < %t.ll
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.conn = type { i32, i32, [8 x i8], i64, [24 x i8] }
%struct.vec = type { i32, double, [8 x i8] }
%struct.body = type { i32, %struct.vec, double }

@.str = private unnamed_addr constant [12 x i8] c"struct conn\00"
@.str.1 = private unnamed_addr constant [4 x i8] c"vec\00"
@__const.locals.l = private unnamed_addr constant { [4 x i8], i32, [8 x i8], i64, [24 x i8] } { [4 x i8] undef, i32 1, [8 x i8] c"q\00\00\00\00\00\00\00", i64 3, [24 x i8] zeroinitializer }, align 8
@gi = global { [4 x i8], i32, [8 x i8], i64, [24 x i8] } { [4 x i8] undef, i32 3, [8 x i8] c"ab\00\00\00\00\00\00", i64 7, [24 x i8] zeroinitializer }, align 8
@gz = global %struct.conn zeroinitializer, align 8
@ga = global <{ { [4 x i8], i32, [8 x i8], i64, [24 x i8] }, [2 x { [4 x i8], i32, [8 x i8], i64, [24 x i8] }] }> <{ { [4 x i8], i32, [8 x i8], i64, [24 x i8] } { [4 x i8] undef, i32 1, [8 x i8] zeroinitializer, i64 2, [24 x i8] zeroinitializer }, [2 x { [4 x i8], i32, [8 x i8], i64, [24 x i8] }] zeroinitializer }>, align 16
@gk = constant %struct.conn zeroinitializer, align 8
@gb = global { [8 x i8], { [8 x i8], double, [8 x i8] }, double } { [8 x i8] undef, { [8 x i8], double, [8 x i8] } { [8 x i8] undef, double 1.0, [8 x i8] zeroinitializer }, double 2.0 }, align 8

declare ptr @__dsu_alloc_stamp(ptr, ptr)
declare noalias ptr @malloc(i64)
declare noalias ptr @calloc(i64, i64)
declare ptr @realloc(ptr, i64)
declare ptr @my_alloc(i64, i64) allocsize(0, 1)
declare ptr @pool()
declare void @free(ptr)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.lifetime.start.p0(i64, ptr)

define void @heap(i64 %n, ptr %old) {
  %m = call ptr @malloc(i64 48)
  %m.s = call ptr @__dsu_alloc_stamp(ptr %m, ptr @.str)
  call void @free(ptr %m.s)
  %c = call ptr @calloc(i64 %n, i64 48)
  %c.s = call ptr @__dsu_alloc_stamp(ptr %c, ptr @.str)
  call void @free(ptr %c.s)
  %r = call ptr @realloc(ptr %old, i64 %n)
  %r.s = call ptr @__dsu_alloc_stamp(ptr %r, ptr @.str)
  call void @free(ptr %r.s)
  %a = call ptr @my_alloc(i64 %n, i64 24)
  %a.s = call ptr @__dsu_alloc_stamp(ptr %a, ptr @.str.1)
  call void @free(ptr %a.s)
  %p = call ptr @pool()
  %p.s = call ptr @__dsu_alloc_stamp(ptr %p, ptr @.str)
  call void @free(ptr %p.s)
  ret void
}
; CHECK-LABEL: define void @heap(i64 %n, ptr %old)
; CHECK-NEXT: %m = call ptr @malloc(i64 48)
; CHECK-NEXT: call void @__dsu_stamp_alloc(ptr %m, ptr @__dsu_type.s.conn, i32 161, i64 0, i64 48, i32 0)
; CHECK-NEXT: call void @free(ptr %m)
; CHECK-NEXT: %c = call ptr @calloc(i64 %n, i64 48)
; CHECK-NEXT: [[REQ:%[0-9]+]] = mul i64 %n, 48
; CHECK-NEXT: call void @__dsu_stamp_alloc(ptr %c, ptr @__dsu_type.s.conn, i32 161, i64 0, i64 [[REQ]], i32 0)
; CHECK-NEXT: call void @free(ptr %c)
; CHECK-NEXT: %dsu.old_usable = call i64 @malloc_usable_size(ptr %old)
; CHECK-NEXT: %r = call ptr @realloc(ptr %old, i64 %n)
; CHECK-NEXT: call void @__dsu_stamp_alloc(ptr %r, ptr @__dsu_type.s.conn, i32 161, i64 %dsu.old_usable, i64 %n, i32 0)
; CHECK-NEXT: call void @free(ptr %r)
; Custom allocators are program functions: called through their slots.
; CHECK-NEXT: %dsu.callee = load ptr, ptr @__dsu_slot.my_alloc
; CHECK-NEXT: %a = call ptr %dsu.callee(i64 %n, i64 24)
; CHECK-NEXT: [[REQ2:%[0-9]+]] = mul i64 %n, 24
; CHECK-NEXT: call void @__dsu_stamp_alloc(ptr %a, ptr @__dsu_type.t.vec, i32 162, i64 0, i64 [[REQ2]], i32 1)
; CHECK-NEXT: call void @free(ptr %a)
; CHECK-NEXT: %dsu.callee1 = load ptr, ptr @__dsu_slot.pool
; CHECK-NEXT: %p = call ptr %dsu.callee1()
; CHECK-NEXT: call void @__dsu_stamp_alloc(ptr %p, ptr @__dsu_type.s.conn, i32 161, i64 0, i64 48, i32 1)
; CHECK-NEXT: call void @free(ptr %p)
; CHECK-NEXT: ret void

define void @locals() {
  %l = alloca %struct.conn, align 8
  %arr = alloca [3 x %struct.conn], align 16
  %b = alloca %struct.body, align 8
  %i = alloca i32, align 4
  store i32 0, ptr %i, align 4
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %l, ptr align 8 @__const.locals.l, i64 48, i1 false)
  call void @free(ptr %l)
  call void @llvm.memset.p0.i64(ptr align 8 %l, i8 0, i64 48, i1 false)
  call void @free(ptr %l)
  call void @free(ptr %arr)
  call void @free(ptr %b)
  ret void
}
; CHECK-LABEL: define void @locals()
; CHECK-NEXT: %l = alloca %struct.conn
; CHECK-NEXT: %arr = alloca [3 x %struct.conn]
; CHECK-NEXT: %b = alloca %struct.body
; CHECK-NEXT: %i = alloca i32
; CHECK-NEXT: store i32 161, ptr %l, align 4
; CHECK-NEXT: store i32 161, ptr %arr, align 4
; CHECK-NEXT: [[E1:%[0-9]+]] = getelementptr inbounds i8, ptr %arr, i64 48
; CHECK-NEXT: store i32 161, ptr [[E1]], align 4
; CHECK-NEXT: [[E2:%[0-9]+]] = getelementptr inbounds i8, ptr %arr, i64 96
; CHECK-NEXT: store i32 161, ptr [[E2]], align 4
; CHECK-NEXT: store i32 163, ptr %b, align 4
; CHECK-NEXT: [[V:%[0-9]+]] = getelementptr inbounds i8, ptr %b, i64 8
; CHECK-NEXT: store i32 162, ptr [[V]], align 4
; CHECK-NEXT: store i32 0, ptr %i
; The template holds the tag, so the copy needs neither check nor stamp.
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr align 8 %l, ptr align 8 @__const.locals.l, i64 48, i1 false)
; CHECK-NEXT: call void @free(ptr %l)
; CHECK-NEXT: call void @llvm.memset.p0.i64(ptr align 8 %l, i8 0, i64 48, i1 false)
; CHECK-NEXT: store i32 161, ptr %l, align 4
; CHECK-NEXT: call void @free(ptr %l)

define void @scoped() {
  %l = alloca %struct.conn, align 8
  call void @free(ptr null)
  call void @llvm.lifetime.start.p0(i64 48, ptr %l)
  call void @free(ptr %l)
  ret void
}
; CHECK-LABEL: define void @scoped()
; CHECK-NEXT: %l = alloca %struct.conn
; CHECK-NEXT: call void @free(ptr null)
; CHECK-NEXT: call void @llvm.lifetime.start.p0(i64 48, ptr %l)
; CHECK-NEXT: store i32 161, ptr %l, align 4
; CHECK-NEXT: call void @free(ptr %l)

define void @big() {
  %a = alloca [100 x %struct.conn], align 16
  call void @free(ptr %a)
  ret void
}
; CHECK-LABEL: define void @big()
; CHECK-NEXT: %a = alloca [100 x %struct.conn]
; CHECK-NEXT: br label %[[LOOP:.*]]
; CHECK: [[LOOP]]:
; CHECK-NEXT: %[[I:.*]] = phi i64 [ 0, %{{.*}} ], [ %[[NEXT:.*]], %[[LOOP]] ]
; CHECK-NEXT: [[OFF:%[0-9]+]] = mul i64 %[[I]], 48
; CHECK-NEXT: [[E:%[0-9]+]] = getelementptr inbounds i8, ptr %a, i64 [[OFF]]
; CHECK-NEXT: store i32 161, ptr [[E]], align 4
; CHECK-NEXT: %[[NEXT]] = add nuw nsw i64 %[[I]], 1
; CHECK-NEXT: [[DONE:%.*]] = icmp eq i64 %[[NEXT]], 100
; CHECK-NEXT: br i1 [[DONE]],
; CHECK: call void @free(ptr %a)

; CHECK: declare void @__dsu_stamp_alloc(ptr, ptr, i32, i64, i64, i32)
; CHECK: declare i64 @malloc_usable_size(ptr)
; CHECK-NOT: __dsu_alloc_stamp

; Initialisers: tags set where the initialiser is not all zero (the tag is
; 0xa1 = 161 little endian); all-zero objects keep tag 0 and stay in .bss;
; a constant always holds the id (it is never checked).
; GLOBALS: @__const.locals.l = private unnamed_addr constant { [4 x i8], i32, [8 x i8], i64, [24 x i8] } { [4 x i8] c"\A1\00\00\00", i32 1,
; GLOBALS: @gi = global { [4 x i8], i32, [8 x i8], i64, [24 x i8] } { [4 x i8] c"\A1\00\00\00", i32 3,
; GLOBALS: @gz = global %struct.conn zeroinitializer
; GLOBALS: @ga = global <{ {{.*}} }> <{ { [4 x i8], i32, [8 x i8], i64, [24 x i8] } { [4 x i8] c"\A1\00\00\00", i32 1, [8 x i8] zeroinitializer, i64 2, [24 x i8] zeroinitializer }, [2 x { [4 x i8], i32, [8 x i8], i64, [24 x i8] }] zeroinitializer }>
; GLOBALS: @gk = constant %struct.conn { i32 161, i32 0, [8 x i8] zeroinitializer, i64 0, [24 x i8] zeroinitializer }
; GLOBALS: @gb = global { [8 x i8], { [8 x i8], double, [8 x i8] }, double } { [8 x i8] c"\A3\00\00\00\00\00\00\00", { [8 x i8], double, [8 x i8] } { [8 x i8] c"\A2\00\00\00\00\00\00\00", double 1.000000e+00, [8 x i8] zeroinitializer }, double 2.000000e+00 }
; GLOBALS: @__dsu_type.s.conn = weak global { i32, i32, i64, ptr, ptr } { i32 1, i32 161, i64 48,
; GLOBALS: @__dsu_type.t.vec = weak global { i32, i32, i64, ptr, ptr } { i32 1, i32 162, i64 24,

!dsu.wrapped = !{!0, !1, !2}
!0 = !{!"struct.conn", !"struct conn", i32 161, i64 48}
!1 = !{!"struct.vec", !"vec", i32 162, i64 24}
!2 = !{!"struct.body", !"struct body", i32 163, i64 40}
