; Version checks (docs/wrap-contract): build mode reads the plugin's wrapped
; type records (layout ids) into !dsu.wrapped before the bitcode is taken,
; routes the object pointer of every GEP with a wrapped source type and >= 2
; indices through a marker, and dsu-lower-checks turns each marker into the
; inline tag test with a cold __dsu_convert call.  Locals and constant
; globals are not checked; a whole-object copy into a local checks its source.
; RUN: %opt -load-pass-plugin=%pass -passes=dsu -dsu-tu-id=c.c -S %s -o %t.ll
; RUN: FileCheck %s --check-prefix=MARK < %t.ll
; RUN: FileCheck %s --check-prefix=STATIC < %t.ll
; RUN: %opt -load-pass-plugin=%pass -passes=dsu,dsu-lower-checks -dsu-tu-id=c.c -S %s -o %t.low.ll
; RUN: FileCheck %s --check-prefix=LOW < %t.low.ll
; RUN: llc -filetype=obj %t.low.ll -o %t.o
; RUN: nm %t.o | FileCheck %s --check-prefix=SYMS
; RUN: sh %S/Inputs/dsu-record.sh %t.o %t.bc | FileCheck %s --check-prefix=MANIFEST
; RUN: llvm-dis %t.bc -o - | FileCheck %s --check-prefix=BITCODE
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.conn = type { i32, i32, [8 x i8], i64, [24 x i8] }
%struct.pt = type { i32, i32 }

@__dsu_ast_types = internal constant [187 x i8] c"[{\22name\22:\22struct conn\22,\22ir_name\22:\22struct.conn\22,\22size\22:48,\22align\22:8,\22wrapped\22:true,\22layout_id\22:\221a2b3c4d\22,\22fields\22:[]},{\22name\22:\22struct pt\22,\22ir_name\22:\22struct.pt\22,\22size\22:8,\22wrapped\22:false}]\00"
@__dsu_ast_uses = internal constant [43 x i8] c"{\22get\22:[\22struct conn\22],\22ptx\22:[],\22gone\22:[]}\00"
@llvm.compiler.used = appending global [2 x ptr] [ptr @__dsu_ast_types, ptr @__dsu_ast_uses], section "llvm.metadata"
@g = global %struct.conn zeroinitializer, align 8
@k = constant %struct.conn zeroinitializer, align 8

define i64 @get(ptr %c, i64 %i) {
  %p = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %v = load i64, ptr %p, align 8
  %q = getelementptr inbounds %struct.conn, ptr %c, i64 %i, i32 1
  %w = load i32, ptr %q, align 4
  %h = load i64, ptr getelementptr inbounds (%struct.conn, ptr @g, i32 0, i32 3), align 8
  %kh = load i64, ptr getelementptr inbounds (%struct.conn, ptr @k, i32 0, i32 3), align 8
  ret i64 %v
}

; One index (p + i) is no field access; an unwrapped struct is not checked.
define ptr @step(ptr %c, ptr %t) {
  %n = getelementptr inbounds %struct.conn, ptr %c, i64 1
  %y = getelementptr inbounds %struct.pt, ptr %t, i32 0, i32 1
  ret ptr %n
}

define i64 @local(ptr %src) {
  %l = alloca %struct.conn, align 8
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %l, ptr align 8 %src, i64 48, i1 false)
  %f = getelementptr inbounds %struct.conn, ptr %l, i32 0, i32 3
  %v = load i64, ptr %f, align 8
  ret i64 %v
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; MARK-NOT: __dsu_ast_types
; MARK-NOT: __dsu_ast_uses
; MARK: @__dsu_type.name = private unnamed_addr constant [12 x i8] c"struct conn\00"
; MARK: @__dsu_type.s.conn = weak global { i32, i32, i64, ptr, ptr } { i32 1, i32 439041101, i64 48, ptr @__dsu_type.name, ptr null }, align 8
; MARK-NOT: __dsu_type.s.pt
; MARK: @llvm.used = {{.*}}ptr @__dsu_type.s.conn
; MARK-LABEL: define i64 @get(ptr %c, i64 %i)
; MARK-NEXT: %dsu.obj = call ptr @__dsu_check_marker(ptr %c, ptr @__dsu_type.s.conn, i32 439041101)
; MARK-NEXT: %p = getelementptr inbounds %struct.conn, ptr %dsu.obj, i32 0, i32 3
; MARK-NEXT: %v = load i64, ptr %p
; MARK-NEXT: %dsu.elt = getelementptr inbounds %struct.conn, ptr %c, i64 %i
; MARK-NEXT: %dsu.obj1 = call ptr @__dsu_check_marker(ptr %dsu.elt, ptr @__dsu_type.s.conn, i32 439041101)
; MARK-NEXT: %q = getelementptr inbounds %struct.conn, ptr %dsu.obj1, i64 0, i32 1
; MARK-NEXT: %w = load i32, ptr %q
; MARK-NEXT: %dsu.obj2 = call ptr @__dsu_check_marker(ptr @g, ptr @__dsu_type.s.conn, i32 439041101)
; MARK-NEXT: [[G:%[0-9]+]] = getelementptr inbounds %struct.conn, ptr %dsu.obj2, i32 0, i32 3
; MARK-NEXT: %h = load i64, ptr [[G]]
; MARK-NEXT: [[K:%[0-9]+]] = getelementptr inbounds %struct.conn, ptr @k, i32 0, i32 3
; MARK-NEXT: %kh = load i64, ptr [[K]]
; MARK-NEXT: ret i64 %v
; MARK-LABEL: define ptr @step(
; MARK-NOT: __dsu_check_marker
; MARK-LABEL: define i64 @local(ptr %src)
; MARK-NEXT: %l = alloca %struct.conn
; MARK-NEXT: store i32 439041101, ptr %l, align 4
; MARK-NEXT: %dsu.obj = call ptr @__dsu_check_marker(ptr %src, ptr @__dsu_type.s.conn, i32 439041101)
; MARK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr align 8 %l, ptr align 8 %dsu.obj, i64 48, i1 false)
; MARK-NEXT: %f = getelementptr inbounds %struct.conn, ptr %l, i32 0, i32 3
; MARK: declare ptr @__dsu_check_marker(ptr, ptr, i32) [[ATTR:#[0-9]+]]
; MARK: attributes [[ATTR]] = { nounwind willreturn memory(inaccessiblemem: read) }
; MARK: !dsu.wrapped = !{[[W:![0-9]+]]}
; MARK: [[W]] = !{!"struct.conn", !"struct conn", i32 439041101, i64 48}

; LOW-LABEL: define i64 @get(ptr %c, i64 %i)
; LOW-NEXT: %[[TAG:dsu.tag[0-9]*]] = load i32, ptr %c, align 4
; LOW-NEXT: %[[CUR:dsu.current[0-9]*]] = icmp eq i32 %[[TAG]], 439041101
; LOW-NEXT: br i1 %[[CUR]], label %[[OK:[0-9]+]], label %[[SLOW:dsu.convert[0-9]*]], !prof [[PROF:![0-9]+]]
; LOW: [[SLOW]]:
; LOW-NEXT: call void @__dsu_convert(ptr %c, ptr @__dsu_type.s.conn, i32 439041101) [[COLD:#[0-9]+]]
; LOW-NEXT: br label %[[OK]]
; LOW: [[OK]]:
; LOW-NEXT: %p = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
; LOW-NOT: __dsu_check_marker
; LOW: declare void @__dsu_convert(ptr, ptr, i32) [[COLDDECL:#[0-9]+]]
; LOW-DAG: attributes [[COLDDECL]] = { cold nounwind }
; LOW-DAG: attributes [[COLD]] = { cold }
; LOW-DAG: [[PROF]] = !{!"branch_weights", i32 1048575, i32 1}

; SYMS-NOT: __dsu_check_marker
; SYMS: U __dsu_convert
; SYMS-NOT: __dsu_check_marker
; SYMS: V __dsu_type.s.conn
; SYMS-NOT: __dsu_check_marker

; The manifest: types_used from the plugin and from the IR (GEPs, locals).
; MANIFEST: {"id":"get",{{.*}}"globals_used":["g","k"],"types_used":["struct conn"],
; MANIFEST: {"id":"step",{{.*}}"globals_used":[],"types_used":[],
; MANIFEST: {"id":"local",{{.*}}"globals_used":[],"types_used":["struct conn"],
; MANIFEST: {"name":"struct conn","ir_name":"struct.conn","size":48,"align":8,"wrapped":true,"layout_id":"1a2b3c4d","fields":[]},

; The embedded bitcode is pristine but knows the wrapped types.
; BITCODE-NOT: __dsu_ast
; BITCODE-NOT: __dsu_check_marker
; BITCODE-NOT: __dsu_type
; BITCODE: !dsu.wrapped = !{[[W:![0-9]+]]}
; BITCODE: [[W]] = !{!"struct.conn", !"struct conn", i32 439041101, i64 48}

; A static function is checked too (its name has changed by then).
define internal i32 @sget(ptr %c) {
  %p = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 1
  %v = load i32, ptr %p, align 4
  ret i32 %v
}
; STATIC-LABEL: define dso_local i32 @__dsu_s.{{[0-9a-f]+}}.sget(ptr %c)
; STATIC-NEXT: %dsu.obj = call ptr @__dsu_check_marker(ptr %c, ptr @__dsu_type.s.conn, i32 439041101)

; Objects received by value (byval) or built for the caller (sret) live in
; the caller's checked or stamped local: not checked.
define void @byval(ptr sret(%struct.conn) %out, ptr byval(%struct.conn) %c) {
  %p = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %v = load i64, ptr %p, align 8
  %q = getelementptr inbounds %struct.conn, ptr %out, i32 0, i32 3
  store i64 %v, ptr %q, align 8
  ret void
}
; STATIC-LABEL: define void @byval(
; STATIC-NEXT: %p = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
; STATIC-NEXT: %v = load i64, ptr %p
; STATIC-NEXT: %q = getelementptr inbounds %struct.conn, ptr %out, i32 0, i32 3

; Passing an object by value copies it inside the call, with no memcpy in the
; IR: the source is checked at the call site (a local source is not).
define void @pass_byval(ptr %c) {
  %l = alloca %struct.conn, align 8
  call void @byval(ptr sret(%struct.conn) %l, ptr byval(%struct.conn) %c)
  call void @byval(ptr sret(%struct.conn) %l, ptr byval(%struct.conn) %l)
  ret void
}
; STATIC-LABEL: define void @pass_byval(ptr %c)
; STATIC: %dsu.obj = call ptr @__dsu_check_marker(ptr %c, ptr @__dsu_type.s.conn, i32 439041101)
; STATIC: call void %dsu.callee(ptr sret(%struct.conn) %l, ptr byval(%struct.conn) %dsu.obj)
; STATIC-NOT: __dsu_check_marker
; STATIC: ret void
