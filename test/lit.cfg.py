# lit configuration for dsu.
import os
import lit.formats

config.name = "dsu"
# External shell: end-to-end tests run real processes in the background.
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".ll", ".test", ".sh"]
config.excludes = ["Inputs", "lib", "lit.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dsu_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.dsu_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# Flags a program linking libdsu_rt.a by hand needs (sanitizer runtimes in a
# DSU_SANITIZE build).
config.environment["DSU_RT_LINK_FLAGS"] = config.dsu_rt_link_flags
for var in ("HOME", "TMPDIR", "USER", "ASAN_OPTIONS", "UBSAN_OPTIONS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

plugin = os.path.join(config.dsu_lib_dir, "dsu-plugin.so")
pass_so = os.path.join(config.dsu_lib_dir, "dsu-pass.so")
config.substitutions += [
    ("%dsu-cc", os.path.join(config.dsu_bin_dir, "dsu-cc")),
    ("%dsu-diff", os.path.join(config.dsu_bin_dir, "dsu-diff")),
    ("%dsu-ctl", os.path.join(config.dsu_bin_dir, "dsu-ctl")),
    ("%clang", config.dsu_clang),
    ("%opt", os.path.join(config.llvm_tools_dir, "opt")),
    ("%FileCheck", os.path.join(config.llvm_tools_dir, "FileCheck")),
    ("%not", os.path.join(config.llvm_tools_dir, "not")),
    ("%plugin", plugin),
    ("%pass", pass_so),
    ("%dsu-include", os.path.join(config.dsu_obj_root, "include")),
    ("%dsu-build", config.dsu_obj_root),
    ("%examples", os.path.join(config.dsu_src_root, "examples")),
    ("%testlib", os.path.join(config.dsu_src_root, "test", "lib")),
]
