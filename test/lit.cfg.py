# kthread-tidy's lit configuration.
#
# Every case runs twice: against the imitation headers in test/imitation
# (fast, always there) and against the real Linux 6.1 headers prepared by
# tools/prepare-kernel.sh with real kbuild flags. The real tier is required:
# without a prepared tree the suite stops rather than pass on half the cases.
import os
import shutil
import sys

import lit.formats

config.name = "kthread-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kthread_obj_root, "test")
config.excludes = ["imitation", "Inputs", "lit.cfg.py", "lit.site.cfg.py.in"]

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])

if not os.path.exists(config.kthread_plugin):
    lit_config.fatal("plugin not built: " + config.kthread_plugin)

# kthread-clangd (tools/clangd) is built by default; test/clangd speaks LSP to it.
config.kthread_clangd = getattr(
    config, "kthread_clangd",
    os.path.join(config.kthread_obj_root, "bin", "kthread-clangd"))
if not os.path.exists(config.kthread_clangd):
    lit_config.fatal("kthread-clangd not built: " + config.kthread_clangd)
config.substitutions.append(("%kthread_clangd", config.kthread_clangd))
config.substitutions.append(("%kthread_plugin", config.kthread_plugin))
config.substitutions.append(("%kthread_build", config.kthread_obj_root))
config.substitutions.append(("%python", sys.executable))
# Another clang-tidy (Debian 12's own, 14), to load the plugin into.
other_tidy = shutil.which("clang-tidy-14")
if not other_tidy:
    lit_config.fatal("clang-tidy-14 is missing: run tools/setup.sh")
config.substitutions.append(("%other_clang_tidy", other_tidy))
# The guide's Neovim snippets are compiled where Debian's lua5.4 is installed.
luac = shutil.which("luac5.4") or shutil.which("luac")
if luac:
    config.available_features.add("luac")
    config.substitutions.append(("%luac", luac))

# kthread-audit (tools/audit) and a helper that asserts an exact exit status.
kthread_audit = os.path.join(config.kthread_obj_root, "bin", "kthread-audit")
if not os.path.exists(kthread_audit):
    lit_config.fatal("kthread-audit not built: " + kthread_audit)
config.substitutions.append(("%kthread_audit", kthread_audit))
config.substitutions.append(
    ("%kthread_check", os.path.join(config.kthread_obj_root, "bin", "kthread-check")))
config.substitutions.append(
    ("%expect_exit", "%s %s" % (sys.executable, os.path.join(
        config.kthread_src_root, "test", "Inputs", "expect-exit.py"))))
config.substitutions.append(
    ("%make_db", "%s %s" % (sys.executable, os.path.join(
        config.kthread_src_root, "test", "Inputs", "make-db.py"))))

tidy = os.path.join(config.llvm_tools_dir, "clang-tidy")
config.substitutions.append(
    ("%kthread_tidy", "%s --load=%s --quiet" % (tidy, config.kthread_plugin)))
# The reference runtime model (issue 6, docs/runtime-model.md): model-run
# runs a case or a standalone scenario under it; model-agree compares a
# case's static findings with its runtime verdicts.
model_lib = os.path.join(config.kthread_obj_root, "lib", "model",
                         "libkthreadModel.a")
model_tools = os.path.join(config.kthread_src_root, "tools")
config.substitutions.append(
    ("%model_run", "%s %s --lib %s" % (
        sys.executable, os.path.join(model_tools, "model-run"), model_lib)))
config.substitutions.append(
    ("%model_agree", "%s %s --lib %s --plugin %s --tidy %s" % (
        sys.executable, os.path.join(model_tools, "model-agree"), model_lib,
        config.kthread_plugin, tidy)))
config.substitutions.append(
    ("%imitation_flags",
     "-nostdinc -isystem %s -std=gnu11 -ffreestanding"
     % os.path.join(config.kthread_src_root, "test", "imitation", "include")))


def kernel_cache():
    cache = os.environ.get("KTHREAD_TIDY_CACHE")
    if not cache:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
            os.path.expanduser("~"), ".cache")
        cache = os.path.join(base, "kthread-tidy")
    return os.path.join(cache, "linux-6.1")


kernel_dir = os.environ.get("KTHREAD_KERNEL_DIR") or kernel_cache()
flags_file = os.environ.get("KTHREAD_KERNEL_FLAGS_FILE") or os.path.join(
    kernel_dir, "kthread-tidy-flags.txt")
if not os.path.exists(flags_file):
    lit_config.fatal("real kernel headers are not prepared (%s missing): run "
                     "tools/prepare-kernel.sh" % flags_file)
with open(flags_file) as f:
    config.substitutions.append(("%kernel_flags", f.read().strip()))
config.substitutions.append(("%kernel_dir", kernel_dir))
