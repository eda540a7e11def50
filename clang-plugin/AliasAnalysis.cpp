//===- AliasAnalysis.cpp - abstraction-violating aliases of wrapped structs ===//
//
// Part of dsu.  See AliasAnalysis.h for the rules.  One walk over the TU:
// each function body is first scanned for the local variables that hold
// field addresses (to a fixpoint, flow-insensitively), then walked again to
// judge every place a value goes (a store, a return, a cast, an asm operand,
// a call argument).  `void *` flows are collected for the whole TU and
// judged at the end.
//
//===----------------------------------------------------------------------===//
#include "AliasAnalysis.h"
#include "SourceNames.h"
#include "Wrapper.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

using namespace clang;
using namespace llvm;

namespace dsu {
namespace {

bool hasOkAnnotation(const Decl *D) {
  for (const AnnotateAttr *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == AliasAnalysis::OkAnnotation)
      return true;
  return false;
}

/**
 * isOk() - true when @D carries annotate("dsu_alias_ok") on any of its
 * declarations (a prototype in a header counts); for a parameter, on the
 * same parameter of any declaration of its function.
 */
bool isOk(const Decl *D) {
  if (!D)
    return false;
  if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
    const auto *FD = dyn_cast<FunctionDecl>(P->getDeclContext());
    if (!FD)
      return hasOkAnnotation(P);
    unsigned I = P->getFunctionScopeIndex();
    for (const FunctionDecl *R : FD->redecls())
      if (I < R->getNumParams() && hasOkAnnotation(R->getParamDecl(I)))
        return true;
    return false;
  }
  for (const Decl *R : D->redecls())
    if (hasOkAnnotation(R))
      return true;
  return false;
}

/// The definition of @RD when there is one: wrapping decisions, fields and
/// findings are keyed by it.
const RecordDecl *definition(const RecordDecl *RD) {
  return RD && RD->getDefinition() ? RD->getDefinition() : RD;
}

/// The struct or union @T points to, or nullptr.
const RecordDecl *pointeeRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getCanonicalType();
  if (!T->isPointerType())
    return nullptr;
  return definition(T->getPointeeType()->getAsRecordDecl());
}

bool isVoidPointer(QualType T) {
  T = T.getCanonicalType();
  return T->isPointerType() && T->getPointeeType()->isVoidType();
}

/// `void *`, or an array (of arrays) of them: a declaration rule 4 tracks.
bool holdsVoidPointer(ASTContext &Ctx, QualType T) {
  while (const ArrayType *AT = Ctx.getAsArrayType(T))
    T = AT->getElementType();
  return isVoidPointer(T);
}

/// "sub.x": the path of a field inside an outer struct.
std::string joinField(StringRef Outer, StringRef Inner) {
  if (Outer.empty())
    return Inner.str();
  if (Inner.empty())
    return Outer.str();
  return (Outer + "." + Inner).str();
}

/// How a declaration is named in a message: "global variable 'g'",
/// "field 'item' of 'struct box'", "function 'get'", ...
std::string describeDecl(const Decl *D) {
  if (const auto *P = dyn_cast<ParmVarDecl>(D)) {
    std::string S = "parameter '" + P->getNameAsString() + "'";
    if (const auto *FD = dyn_cast<FunctionDecl>(P->getDeclContext()))
      S += " of '" + FD->getNameAsString() + "'";
    return S;
  }
  if (const auto *V = dyn_cast<VarDecl>(D)) {
    const char *Kind = V->hasLocalStorage() ? "variable"
                       : V->isStaticLocal() ? "static variable"
                                            : "global variable";
    return std::string(Kind) + " '" + V->getNameAsString() + "'";
  }
  if (const auto *F = dyn_cast<FieldDecl>(D))
    return "field '" + F->getNameAsString() + "' of '" + Wrapper::displayName(F->getParent()) + "'";
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    return "function '" + FD->getNameAsString() + "'";
  return "the declaration";
}

/// A pointer into a field of a wrapped struct.
struct FieldRef {
  const RecordDecl *RD; ///< the wrapped struct (definition)
  std::string Field;    ///< "key", or "sub.x" through structs embedded in it
  bool operator==(const FieldRef &O) const { return RD == O.RD && Field == O.Field; }
};
using FieldRefs = SmallVector<FieldRef, 2>;

/// Where a value stored by an assignment goes, when not a local variable.
struct Dest {
  const Decl *D = nullptr;        ///< the variable or field written, if known
  const VarDecl *Root = nullptr;  ///< the global whose part is written, if any
  std::string What;               ///< "global variable 'g'", ...
  bool Surely = false;            ///< outlives the call for certain (a global)
};

/// A `void *` declaration receiving (In) or giving up (Out) a struct pointer.
struct VoidUse {
  const RecordDecl *RD;
  SourceLocation Loc;
  bool In;
};

class Finder : public RecursiveASTVisitor<Finder> {
  using Base = RecursiveASTVisitor<Finder>;

public:
  Finder(ASTContext &Ctx, AliasAnalysis &A)
      : Ctx(Ctx), A(A), W(A.wrapper()), SM(Ctx.getSourceManager()) {}

  /// A function's body: find the locals that hold field addresses, then
  /// judge every use.  A function annotated dsu_alias_ok is not looked at.
  bool TraverseFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || isOk(FD))
      return true;
    CurFn = FD;
    Taint.clear();
    computeTaint(FD->getBody());
    bool R = Base::TraverseFunctionDecl(FD);
    CurFn = nullptr;
    return R;
  }

  // -- Rule 1: stores, initialisations, returns ----------------------------

  bool VisitBinaryOperator(BinaryOperator *B) {
    switch (B->getOpcode()) {
    case BO_Assign: {
      if (const VarDecl *V = localRoot(B->getLHS()); V ? isOk(V) : okDest(destOf(B->getLHS())))
        silence(B->getRHS());
      FieldRefs R;
      yields(B->getRHS(), R);
      if (!R.empty())
        store(R, B->getLHS(), B->getOperatorLoc());
      voidStore(B->getLHS(), B->getRHS());
      break;
    }
    case BO_Add:
    case BO_Sub:
    case BO_AddAssign:
    case BO_SubAssign:
      if (B->getType()->isPointerType() && !Silenced.count(B)) {
        offsetofArithmetic(B->getLHS(), B->getOperatorLoc());
        offsetofArithmetic(B->getRHS(), B->getOperatorLoc());
      }
      break;
    default:
      break;
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (isa<ParmVarDecl>(V) || V->isImplicit() || !V->getInit())
      return true;
    if (isOk(V))
      silence(V->getInit());
    FieldRefs R;
    yields(V->getInit(), R);
    if (!R.empty()) {
      if (V->hasLocalStorage())
        hold(R, V, V->getLocation());
      else if (!isOk(V))
        for (const FieldRef &F : R)
          pin(F.RD, V->getLocation(),
              "the address of its field '" + F.Field + "' is stored in " + describeDecl(V) +
                  ", which outlives the call",
              describeDecl(V));
    }
    voidInit(V);
    return true;
  }

  /// A returned field address is held by the caller (as in the pass,
  /// "returns_field_alias"): recorded, not pinned.  A caller in this TU
  /// sees it through Returns and is judged like any other holder.
  bool VisitReturnStmt(ReturnStmt *RS) {
    const Expr *Value = RS->getRetValue();
    if (!Value || !CurFn)
      return true;
    FieldRefs R;
    yields(Value, R);
    if (!R.empty()) {
      FileLine FL = fileLine(SM, RS->getReturnLoc(), A.sourceRoot());
      for (const FieldRef &F : R)
        A.addHeld(F.RD, {F.Field, FL.File, FL.Line, CurFn->getNameAsString()});
    }
    if (isVoidPointer(CurFn->getReturnType()))
      voidIn(CurFn->getCanonicalDecl(), Value);
    return true;
  }

  /**
   * computeReturns() - the field addresses each function of the TU may
   * return, so that `char *v = get(e); last = v;` in a caller is seen.
   * Functions may call each other in any order: rounds until nothing grows.
   */
  void computeReturns(TranslationUnitDecl *TU) {
    SmallVector<FunctionDecl *, 32> Bodies;
    for (Decl *D : TU->decls())
      if (auto *FD = dyn_cast<FunctionDecl>(D); FD && FD->doesThisDeclarationHaveABody() && !isOk(FD))
        Bodies.push_back(FD);
    struct Rets : RecursiveASTVisitor<Rets> {
      Finder &F;
      FieldRefs &Out;
      Rets(Finder &F, FieldRefs &Out) : F(F), Out(Out) {}
      bool VisitReturnStmt(ReturnStmt *RS) {
        F.yields(RS->getRetValue(), Out);
        return true;
      }
    };
    for (unsigned Round = 0; Round < 8; ++Round) {
      bool Grew = false;
      for (FunctionDecl *FD : Bodies) {
        Taint.clear();
        computeTaint(FD->getBody());
        FieldRefs R;
        Rets(*this, R).TraverseStmt(FD->getBody());
        FieldRefs &Known = Returns[FD->getCanonicalDecl()];
        for (FieldRef &Ref : R)
          if (!is_contained(Known, Ref)) {
            Known.push_back(std::move(Ref));
            Grew = true;
          }
      }
      if (!Grew)
        break;
    }
    Taint.clear();
  }

  // -- Rules 1 (to an integer), 2 (from an integer), 4 (out of void *) ------

  bool VisitCastExpr(CastExpr *CE) {
    if (Silenced.count(CE))
      return true;
    switch (CE->getCastKind()) {
    case CK_PointerToIntegral: {
      // &((struct T *)0)->f, an offsetof spelled by hand, is a constant:
      // the address of no object.
      if (CE->isEvaluatable(Ctx))
        break;
      FieldRefs R;
      yields(CE->getSubExpr(), R);
      for (const FieldRef &F : R)
        pin(F.RD, CE->getExprLoc(),
            "the address of its field '" + F.Field + "' is converted to an integer", okFunction());
      break;
    }
    case CK_IntegralToPointer:
      intToPointer(CE, CE);
      for (const RecordDecl *RD : offsetofRecords(CE->getSubExpr()))
        pin(RD, CE->getExprLoc(),
            "an integer computed with offsetof(" + Wrapper::displayName(RD) +
                ", ...) is converted to a pointer, which reaches into its objects without a "
                "version check",
            okFunction());
      break;
    case CK_BitCast:
    case CK_NoOp:
      if (const RecordDecl *RD = pointeeRecord(CE->getType())) {
        intToPointer(CE, CE->getSubExpr());
        if (isVoidPointer(CE->getSubExpr()->getType()))
          if (const Decl *D = voidSource(CE->getSubExpr()))
            addVoidUse(D, RD, CE->getExprLoc(), /*In=*/false);
      }
      break;
    default:
      break;
    }
    return true;
  }

  // -- Rule 3: inline asm ---------------------------------------------------

  bool VisitGCCAsmStmt(GCCAsmStmt *S) {
    for (unsigned I = 0; I < S->getNumOutputs(); ++I)
      asmOperand(S->getOutputExpr(I), S->getOutputConstraint(I));
    for (unsigned I = 0; I < S->getNumInputs(); ++I)
      asmOperand(S->getInputExpr(I), S->getInputConstraint(I));
    return true;
  }

  // -- Rule 4: void * receiving struct pointers -----------------------------

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return true;
    // A body in this TU refers to the parameters of its definition.
    if (const FunctionDecl *Def = FD->getDefinition())
      FD = Def;
    unsigned N = std::min<unsigned>(CE->getNumArgs(), FD->getNumParams());
    for (unsigned I = 0; I < N; ++I)
      if (const ParmVarDecl *P = FD->getParamDecl(I)) {
        if (isOk(P))
          silence(CE->getArg(I));
        if (isVoidPointer(P->getType()))
          voidIn(P, CE->getArg(I));
      }
    return true;
  }

  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *CL) {
    initFields(CL->getInitializer());
    return true;
  }

  /// Judge the `void *` declarations once the whole TU has been seen.
  void decideVoids();

private:
  // -- What a value is ------------------------------------------------------

  /**
   * yields() - the field addresses the value of @E may be.
   *
   * Through parentheses, pointer casts, pointer arithmetic, ?:, the comma
   * operator, assignments, initialiser lists (an aggregate holding the
   * address), reads of local variables that hold one (Taint), and calls of
   * functions of this TU that return one (Returns).
   */
  void yields(const Expr *E, FieldRefs &Out) const {
    if (!E)
      return;
    E = E->IgnoreParens();
    if (const auto *CE = dyn_cast<CastExpr>(E)) {
      switch (CE->getCastKind()) {
      case CK_ArrayToPointerDecay:
        return lvalueRefs(CE->getSubExpr(), Out);
      case CK_LValueToRValue:
        // A compound literal is an lvalue: `g = (struct ref){e->key};`.
        if (const auto *CL = dyn_cast<CompoundLiteralExpr>(CE->getSubExpr()->IgnoreParens()))
          return yields(CL->getInitializer(), Out);
        return localValue(CE->getSubExpr(), Out);
      case CK_NoOp:
      case CK_BitCast:
      case CK_AddressSpaceConversion:
        return yields(CE->getSubExpr(), Out);
      default:
        return;
      }
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      switch (U->getOpcode()) {
      case UO_AddrOf:
        return lvalueRefs(U->getSubExpr(), Out);
      case UO_PreInc:
      case UO_PreDec:
      case UO_PostInc:
      case UO_PostDec:
        return localValue(U->getSubExpr(), Out);
      default:
        return;
      }
    }
    if (const auto *B = dyn_cast<BinaryOperator>(E)) {
      switch (B->getOpcode()) {
      case BO_Add:
      case BO_Sub:
        if (B->getType()->isPointerType()) {
          yields(B->getLHS(), Out);
          yields(B->getRHS(), Out);
        }
        return;
      case BO_AddAssign:
      case BO_SubAssign:
        return localValue(B->getLHS(), Out);
      case BO_Comma:
      case BO_Assign:
        return yields(B->getRHS(), Out);
      default:
        return;
      }
    }
    if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
      yields(C->getTrueExpr(), Out);
      yields(C->getFalseExpr(), Out);
      return;
    }
    if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
      return yields(OV->getSourceExpr(), Out);
    if (const auto *IL = dyn_cast<InitListExpr>(E)) {
      for (const Expr *I : IL->inits())
        yields(I, Out);
      return;
    }
    if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
      return yields(CL->getInitializer(), Out);
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *FD = Call->getDirectCallee())
        if (auto It = Returns.find(FD->getCanonicalDecl()); It != Returns.end())
          Out.append(It->second.begin(), It->second.end());
  }

  /// The field addresses the address of the lvalue @E is.
  void lvalueRefs(const Expr *E, FieldRefs &Out) const {
    E = E->IgnoreParens();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return memberRefs(ME, Out);
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      return yields(AS->getBase(), Out);
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
      return yields(U->getSubExpr(), Out);
  }

  /// The field @ME names, in its struct and in every struct that contains
  /// it by value along the access path (`&e->sub.x` points into `sub` and
  /// into `*e`), and inside whatever the base pointer points into.
  void memberRefs(const MemberExpr *ME, FieldRefs &Out) const {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return;
    StringRef Name = FD->getName();
    if (const RecordDecl *RD = definition(FD->getParent()); W.isWrapped(RD))
      Out.push_back({RD, Name.str()});
    FieldRefs Inner;
    if (ME->isArrow())
      yields(ME->getBase(), Inner);
    else
      lvalueRefs(ME->getBase(), Inner);
    for (const FieldRef &R : Inner)
      Out.push_back({R.RD, joinField(R.Field, Name)});
  }

  /// The field addresses held by the local variable the lvalue @E reads.
  void localValue(const Expr *E, FieldRefs &Out) const {
    if (const VarDecl *V = localRoot(E))
      if (auto It = Taint.find(V); It != Taint.end())
        Out.append(It->second.begin(), It->second.end());
  }

  /**
   * localRoot() - the local variable (or parameter) whose own storage the
   * lvalue @E is: `v`, `v.f`, `v.a[i]`; nullptr for anything reached through
   * a pointer and for static and global variables.
   */
  static const VarDecl *localRoot(const Expr *E) {
    E = E->IgnoreParens();
    if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
      const auto *V = dyn_cast<VarDecl>(DR->getDecl());
      return V && V->hasLocalStorage() ? V : nullptr;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->isArrow() ? nullptr : localRoot(ME->getBase());
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const auto *CE = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
      if (CE && CE->getCastKind() == CK_ArrayToPointerDecay)
        return localRoot(CE->getSubExpr());
    }
    return nullptr;
  }

  /// The variable whose storage @E is part of (through . and arrays).
  static const VarDecl *rootVar(const Expr *E) {
    E = E->IgnoreParens();
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DR->getDecl());
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->isArrow() ? nullptr : rootVar(ME->getBase());
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const auto *CE = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
      if (CE && CE->getCastKind() == CK_ArrayToPointerDecay)
        return rootVar(CE->getSubExpr());
    }
    return nullptr;
  }

  // -- Locals holding field addresses ---------------------------------------

  /// Adds the field addresses of @E to what @V holds; true if that grew.
  bool taint(const VarDecl *V, const Expr *E) {
    FieldRefs R;
    yields(E, R);
    bool Grew = false;
    FieldRefs &Held = Taint[V];
    for (FieldRef &F : R)
      if (!is_contained(Held, F)) {
        Held.push_back(std::move(F));
        Grew = true;
      }
    return Grew;
  }

  /// Sets Taint for the body @Body: flow-insensitive, to a fixpoint (a
  /// local assigned from another may come before it in the text).
  void computeTaint(Stmt *Body) {
    struct Pass : RecursiveASTVisitor<Pass> {
      Finder &F;
      bool Grew = false;
      explicit Pass(Finder &F) : F(F) {}
      bool VisitBinaryOperator(BinaryOperator *B) {
        if (B->getOpcode() == BO_Assign)
          if (const VarDecl *V = localRoot(B->getLHS()))
            Grew |= F.taint(V, B->getRHS());
        return true;
      }
      bool VisitVarDecl(VarDecl *V) {
        if (V->hasLocalStorage() && V->getInit())
          Grew |= F.taint(V, V->getInit());
        return true;
      }
    };
    // Each round adds at least one reference; paths cannot grow without
    // end (a struct does not contain itself), but bound it all the same.
    for (unsigned Round = 0; Round < 32; ++Round) {
      Pass P(*this);
      P.TraverseStmt(Body);
      if (!P.Grew)
        break;
    }
  }

  // -- Judging a use --------------------------------------------------------

  /// Field addresses @R are stored into the lvalue @LHS.
  void store(const FieldRefs &R, const Expr *LHS, SourceLocation Loc) {
    if (const VarDecl *V = localRoot(LHS))
      return hold(R, V, Loc);
    Dest D = destOf(LHS);
    if (okDest(D))
      return;
    for (const FieldRef &F : R)
      pin(F.RD, Loc,
          "the address of its field '" + F.Field + "' is stored in " + D.What +
              (D.Surely ? ", which outlives the call" : ", which may outlive the call"),
          D.D ? describeDecl(D.D) : okFunction());
  }

  static bool okDest(const Dest &D) { return isOk(D.D) || isOk(D.Root); }

  /**
   * silence() - @E is stored into (or passed as) a declaration annotated
   * dsu_alias_ok: the casts and pointer arithmetic that make its value are
   * not judged (they are visited after the store, which is visited first).
   */
  void silence(const Expr *E) {
    SmallVector<const Stmt *, 16> Work{E};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (isa<CastExpr>(S) || isa<BinaryOperator>(S))
        Silenced.insert(S);
      for (const Stmt *C : S->children())
        Work.push_back(C);
    }
  }

  Dest destOf(const Expr *LHS) const {
    LHS = LHS->IgnoreParens();
    Dest D;
    if (const auto *ME = dyn_cast<MemberExpr>(LHS)) {
      D.D = ME->getMemberDecl();
      D.Root = rootVar(LHS);
      D.What = describeDecl(D.D);
      D.Surely = D.Root != nullptr;
      return D;
    }
    if (const VarDecl *V = rootVar(LHS)) {
      D.D = D.Root = V;
      D.What = describeDecl(V);
      D.Surely = true;
      return D;
    }
    D.What = "memory reached through a pointer";
    return D;
  }

  /// Field addresses @R are kept in the local variable @V: reported only.
  void hold(const FieldRefs &R, const VarDecl *V, SourceLocation Loc) {
    if (isOk(V) || !CurFn)
      return;
    FileLine FL = fileLine(SM, Loc, A.sourceRoot());
    for (const FieldRef &F : R)
      A.addHeld(F.RD, {F.Field, FL.File, FL.Line, CurFn->getNameAsString()});
  }

  /// What to annotate when the alias is made in code, not stored anywhere.
  std::string okFunction() const {
    return CurFn ? describeDecl(CurFn) : std::string("the function");
  }

  /// Rule 2: a pointer to a wrapped struct made from a non-constant integer.
  /// @Cast has a pointer type; @E is it or its operand, followed down
  /// through pointer casts (`(struct T *)(void *)addr`).
  void intToPointer(const CastExpr *Cast, const Expr *E) {
    const RecordDecl *RD = pointeeRecord(Cast->getType());
    if (!RD || !W.isWrapped(RD))
      return;
    for (E = E->IgnoreParens(); const auto *CE = dyn_cast<CastExpr>(E);
         E = CE->getSubExpr()->IgnoreParens()) {
      if (CE->getCastKind() == CK_IntegralToPointer) {
        // A constant is no object's address: a sentinel such as (T *)-1.
        if (!CE->getSubExpr()->isEvaluatable(Ctx) && IntToPtrSeen.insert(CE).second)
          pin(RD, Cast->getExprLoc(),
              "an integer is converted to '" + Cast->getType().getAsString() +
                  "', which may reach its objects without a version check",
              okFunction());
        return;
      }
      if (CE->getCastKind() != CK_BitCast && CE->getCastKind() != CK_NoOp)
        return;
    }
  }

  /// The wrapped structs named by offsetof() anywhere in @S.
  SmallVector<const RecordDecl *, 2> offsetofRecords(const Stmt *S) const {
    SmallVector<const RecordDecl *, 2> Out;
    SmallVector<const Stmt *, 16> Work{S};
    while (!Work.empty()) {
      const Stmt *Cur = Work.pop_back_val();
      if (!Cur)
        continue;
      if (const auto *OE = dyn_cast<OffsetOfExpr>(Cur)) {
        auto Add = [&](const RecordDecl *RD) {
          RD = definition(RD);
          if (RD && W.isWrapped(RD) && !is_contained(Out, RD))
            Out.push_back(RD);
        };
        Add(OE->getTypeSourceInfo()->getType()->getAsRecordDecl());
        for (unsigned I = 0; I < OE->getNumComponents(); ++I)
          if (OE->getComponent(I).getKind() == OffsetOfNode::Field)
            Add(OE->getComponent(I).getField()->getParent());
      }
      for (const Stmt *C : Cur->children())
        Work.push_back(C);
    }
    return Out;
  }

  /// Rule 2: pointer arithmetic by offsetof(T, f) -- a field address made
  /// by hand, or container_of() going back from one.
  void offsetofArithmetic(const Expr *Operand, SourceLocation Loc) {
    if (!Operand->getType()->isIntegerType())
      return;
    for (const RecordDecl *RD : offsetofRecords(Operand))
      pin(RD, Loc,
          "a pointer is moved by offsetof(" + Wrapper::displayName(RD) +
              ", ...), which reaches into its objects without a version check",
          okFunction());
  }

  /// Rule 3: an asm operand @E with @Constraint.
  void asmOperand(const Expr *E, StringRef Constraint) {
    SourceLocation Loc = E->getExprLoc();
    QualType T = E->getType();
    while (const ArrayType *AT = Ctx.getAsArrayType(T))
      T = AT->getElementType();
    if (const RecordDecl *RD = definition(T->getAsRecordDecl()); RD && W.isWrapped(RD))
      pin(RD, Loc,
          "an inline asm operand has type '" + E->getType().getAsString() +
              "', whose layout the assembly code uses without a version check",
          okFunction());
    else if (const RecordDecl *PD = pointeeRecord(T); PD && W.isWrapped(PD))
      pin(PD, Loc,
          "an inline asm operand has type '" + E->getType().getAsString() +
              "', whose layout the assembly code uses without a version check",
          okFunction());
    FieldRefs R;
    yields(E, R);
    // A memory operand hands the asm the address of its lvalue.
    if (E->isGLValue() && Constraint.find_first_of("mogVX<>") != StringRef::npos)
      lvalueRefs(E, R);
    for (const FieldRef &F : R)
      pin(F.RD, Loc, "an inline asm operand points into its field '" + F.Field + "'", okFunction());
  }

  // -- Rule 4 helpers -------------------------------------------------------

  /// The `void *` declaration the lvalue @E is (or an element of).
  const Decl *voidTarget(const Expr *E) const {
    E = E->IgnoreParens();
    const Decl *D = nullptr;
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      D = DR->getDecl();
    else if (const auto *ME = dyn_cast<MemberExpr>(E))
      D = ME->getMemberDecl();
    else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const auto *CE = dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
      if (CE && CE->getCastKind() == CK_ArrayToPointerDecay)
        return voidTarget(CE->getSubExpr());
      return nullptr;
    }
    return trackedVoid(D);
  }

  /// The `void *` declaration the value @E is read from: a variable, a
  /// field, an element of one, or the result of a call.
  const Decl *voidSource(const Expr *E) const {
    E = E->IgnoreParens();
    while (const auto *CE = dyn_cast<CastExpr>(E)) {
      if (CE->getCastKind() != CK_LValueToRValue && CE->getCastKind() != CK_NoOp)
        break;
      E = CE->getSubExpr()->IgnoreParens();
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      return FD && isVoidPointer(FD->getReturnType()) ? FD->getCanonicalDecl() : nullptr;
    }
    return voidTarget(E);
  }

  /// @D itself (a variable: its first declaration) if rule 4 tracks it.
  const Decl *trackedVoid(const Decl *D) const {
    if (const auto *P = dyn_cast_or_null<ParmVarDecl>(D))
      return holdsVoidPointer(Ctx, P->getType()) ? P : nullptr;
    if (const auto *V = dyn_cast_or_null<VarDecl>(D))
      return holdsVoidPointer(Ctx, V->getType()) ? V->getCanonicalDecl() : nullptr;
    if (const auto *F = dyn_cast_or_null<FieldDecl>(D))
      return holdsVoidPointer(Ctx, F->getType()) ? F : nullptr;
    return nullptr;
  }

  /// The struct pointers the value @E is, before it became a `void *`.
  void structsIn(const Expr *E, SmallVectorImpl<std::pair<const RecordDecl *, SourceLocation>> &Out) const {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<AbstractConditionalOperator>(E)) {
      structsIn(C->getTrueExpr(), Out);
      structsIn(C->getFalseExpr(), Out);
      return;
    }
    if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
      return structsIn(OV->getSourceExpr(), Out);
    while (const auto *CE = dyn_cast<CastExpr>(E)) {
      if (CE->getCastKind() != CK_BitCast && CE->getCastKind() != CK_NoOp)
        break;
      E = CE->getSubExpr()->IgnoreParens();
    }
    if (const RecordDecl *RD = pointeeRecord(E->getType()))
      Out.push_back({RD, E->getExprLoc()});
  }

  /// The value @E goes into the `void *` declaration @D.
  void voidIn(const Decl *D, const Expr *E) {
    if (!D)
      return;
    SmallVector<std::pair<const RecordDecl *, SourceLocation>, 2> In;
    structsIn(E, In);
    for (auto &[RD, Loc] : In)
      addVoidUse(D, RD, Loc, /*In=*/true);
  }

  /**
   * initFields() - the `void *` fields an initialiser list sets, at any
   * depth (`{.b = {.item = c}, .s = {.p = t}}`).  Walked from the variable
   * or compound literal that owns the list: its semantic form has one init
   * per field, in order (the visitor only shows the form as written).
   */
  void initFields(const Expr *E) {
    const auto *IL = dyn_cast_or_null<InitListExpr>(E ? E->IgnoreParens() : nullptr);
    if (!IL)
      return;
    if (!IL->isSemanticForm() && IL->getSemanticForm())
      IL = IL->getSemanticForm();
    if (Ctx.getAsArrayType(IL->getType())) {
      for (const Expr *I : IL->inits())
        initFields(I);
      return;
    }
    const RecordDecl *RD = IL->getType()->getAsRecordDecl();
    if (!RD)
      return;
    if (RD->isUnion()) {
      if (const FieldDecl *FD = IL->getInitializedFieldInUnion(); FD && IL->getNumInits())
        fieldInit(FD, IL->getInit(0));
      return;
    }
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      // Initialisers skip unnamed bit-fields (the wrapped tag and slop too).
      if (FD->isUnnamedBitField())
        continue;
      if (I >= IL->getNumInits())
        break;
      fieldInit(FD, IL->getInit(I++));
    }
  }

  /// @Init initialises the field @FD (an array of `void *` element-wise).
  void fieldInit(const FieldDecl *FD, const Expr *Init) {
    if (!holdsVoidPointer(Ctx, FD->getType()))
      return initFields(Init);
    if (const auto *Sub = dyn_cast<InitListExpr>(Init->IgnoreParens())) {
      for (const Expr *E : Sub->inits())
        if (!isa<InitListExpr>(E->IgnoreParens()))
          voidIn(FD, E);
      return;
    }
    voidIn(FD, Init);
  }

  void voidStore(const Expr *LHS, const Expr *RHS) {
    if (holdsVoidPointer(Ctx, LHS->getType()) || isVoidPointer(LHS->getType()))
      voidIn(voidTarget(LHS), RHS);
  }

  void voidInit(const VarDecl *V) {
    const Decl *D = trackedVoid(V);
    if (!D)
      return initFields(V->getInit());
    if (const auto *IL = dyn_cast<InitListExpr>(V->getInit()->IgnoreParens()); IL && IL->getType()->isArrayType()) {
      for (const Expr *I : IL->inits())
        voidIn(D, I);
      return;
    }
    voidIn(D, V->getInit());
  }

  void addVoidUse(const Decl *D, const RecordDecl *RD, SourceLocation Loc, bool In) {
    if (Loc.isInvalid() || !RD)
      return;
    Voids[D].push_back({definition(RD), Loc, In});
  }

  // -- Reporting ------------------------------------------------------------

  /**
   * pin() - record that the wrapped struct @RD can never change layout, and
   * say so at @Loc.
   * @Why:  the reason, a clause that reads after "cannot change layout later:".
   * @OkTo: the declaration annotate("dsu_alias_ok") would go on.
   */
  void pin(const RecordDecl *RD, SourceLocation Loc, const std::string &Why, const std::string &OkTo) {
    RD = definition(RD);
    if (!RD || !W.isWrapped(RD) || Loc.isInvalid())
      return;
    FileLine FL = fileLine(SM, Loc, A.sourceRoot());
    if (!A.addPinned(RD, {Why, FL.File, FL.Line}))
      return;
    DiagnosticsEngine &D = Ctx.getDiagnostics();
    unsigned ID = D.getCustomDiagID(
        A.errors() ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning,
        "dsu: '%0' cannot change layout later: %1 (%2:%3); if this alias never lives across an "
        "update point, add __attribute__((annotate(\"dsu_alias_ok\"))) to %4");
    D.Report(Loc, ID) << Wrapper::displayName(RD) << Why << FL.File << FL.Line << OkTo;
    D.Report(RD->getLocation(), D.getCustomDiagID(DiagnosticsEngine::Note, "'%0' is defined here"))
        << Wrapper::displayName(RD);
  }

  ASTContext &Ctx;
  AliasAnalysis &A;
  const Wrapper &W;
  const SourceManager &SM;
  const FunctionDecl *CurFn = nullptr;
  /// Field addresses each local variable of CurFn may hold.
  DenseMap<const VarDecl *, FieldRefs> Taint;
  /// Field addresses each function of the TU may return (by first decl).
  DenseMap<const FunctionDecl *, FieldRefs> Returns;
  SmallPtrSet<const CastExpr *, 4> IntToPtrSeen;
  /// Parts of values stored into declarations annotated dsu_alias_ok.
  SmallPtrSet<const Stmt *, 8> Silenced;
  /// Struct pointers into and out of each `void *` declaration of the TU.
  MapVector<const Decl *, SmallVector<VoidUse, 4>> Voids;
};

/**
 * decideVoids() - rule 4.  A `void *` declaration that receives a pointer to
 * a struct somewhere and is converted to a pointer to a struct somewhere,
 * with at least two different structs among all of those, may hand one
 * struct's object to code that reads it as another: every wrapped struct
 * involved is pinned, at each place it goes in or out.  Only receiving
 * (a generic container's insert, free()) or only converting out (malloc(),
 * a callback's argument of unknown origin) is not enough.
 */
void Finder::decideVoids() {
  for (auto &[D, Uses] : Voids) {
    if (isOk(D))
      continue;
    bool In = any_of(Uses, [](const VoidUse &U) { return U.In; });
    bool Out = any_of(Uses, [](const VoidUse &U) { return !U.In; });
    SmallPtrSet<const RecordDecl *, 4> Types;
    for (const VoidUse &U : Uses)
      Types.insert(U.RD);
    if (!In || !Out || Types.size() < 2)
      continue;
    std::string Holder = isa<FunctionDecl>(D)
                             ? "the 'void *' result of '" + cast<FunctionDecl>(D)->getNameAsString() + "'"
                             : "'void *' " + describeDecl(D);
    for (const VoidUse &U : Uses) {
      if (!W.isWrapped(U.RD))
        continue;
      // Name another struct it holds; preferably one going the other way
      // (stored here, read as that one there).
      const VoidUse *Other = nullptr;
      for (const VoidUse &O : Uses)
        if (O.RD != U.RD && (!Other || (O.In != U.In && Other->In == U.In)))
          Other = &O;
      FileLine FL = fileLine(SM, Other->Loc, A.sourceRoot());
      pin(U.RD, U.Loc,
          Holder + " holds both '" + Wrapper::displayName(U.RD) + " *' and '" +
              Wrapper::displayName(Other->RD) + " *' (the other at " + FL.File + ":" +
              std::to_string(FL.Line) + "), so one may be read as the other",
          describeDecl(D));
    }
  }
}

} // namespace

void AliasAnalysis::run(ASTContext &Ctx) {
  Finder F(Ctx, *this);
  F.computeReturns(Ctx.getTranslationUnitDecl());
  F.TraverseDecl(Ctx.getTranslationUnitDecl());
  F.decideVoids();
}

std::vector<PinnedSite> AliasAnalysis::pinned(const RecordDecl *RD) const {
  auto It = Pinned.find(RD);
  if (It == Pinned.end())
    return {};
  return {It->second.begin(), It->second.end()};
}

std::vector<HeldAlias> AliasAnalysis::held(const RecordDecl *RD) const {
  auto It = Held.find(RD);
  if (It == Held.end())
    return {};
  return {It->second.begin(), It->second.end()};
}

} // namespace dsu
