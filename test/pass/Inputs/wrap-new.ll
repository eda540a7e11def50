; NEW version of a TU with a wrapped type (layout id 5e6f7a8b), for
; wrap-patch.test.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.conn = type { i32, i32, [8 x i8], i64, [24 x i8] }

@__dsu_ast_types = internal constant [119 x i8] c"[{\22name\22:\22struct conn\22,\22ir_name\22:\22struct.conn\22,\22size\22:48,\22align\22:8,\22wrapped\22:true,\22layout_id\22:\225e6f7a8b\22,\22fields\22:[]}]\00"
@__dsu_ast_uses = internal constant [24 x i8] c"{\22get\22:[\22struct conn\22]}\00"
@llvm.compiler.used = appending global [2 x ptr] [ptr @__dsu_ast_types, ptr @__dsu_ast_uses], section "llvm.metadata"
@old = global %struct.conn zeroinitializer, align 8
@fresh = global %struct.conn zeroinitializer, align 8

define i64 @get(ptr %c) {
  %p = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 3
  %v = load i64, ptr %p, align 8
  %q = getelementptr inbounds %struct.conn, ptr @fresh, i32 0, i32 3
  store i64 %v, ptr %q, align 8
  ret i64 %v
}

define i64 @other(ptr %c) {
  %p = getelementptr inbounds %struct.conn, ptr %c, i32 0, i32 1
  %v = load i32, ptr %p, align 4
  %w = sext i32 %v to i64
  ret i64 %w
}
