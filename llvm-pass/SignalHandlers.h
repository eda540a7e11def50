// SignalHandlers.h - update points must never be reached from a signal
// handler (issue 4): the handler interrupts arbitrary code, whose frames
// would then be below an update, in the middle of anything.
#ifndef DSU_PASS_SIGNALHANDLERS_H
#define DSU_PASS_SIGNALHANDLERS_H

namespace llvm {
class Module;
}

namespace dsu {

/// Finds the functions this TU installs as signal handlers (passed to
/// signal() and its variants, or stored into a struct sigaction, in code or
/// in an initialiser) and reports an error at every dsu_update() call that
/// one of them reaches through direct calls to functions defined in this
/// TU.  Must run before update points are lowered and calls go through
/// slots.  Handlers in another TU, and calls through pointers, are the
/// runtime's job: it refuses an update point that has a signal frame below
/// it (docs/runtime.md).
///
/// Return: false when an error was reported (compilation fails).
bool checkSignalHandlers(llvm::Module &M);

} // namespace dsu

#endif
