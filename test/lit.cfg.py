# kthread-tidy's lit configuration.
#
# Every case runs twice: against the imitation headers in test/imitation
# (fast, always there) and against the real Linux 6.1 headers prepared by
# tools/prepare-kernel.sh with real kbuild flags. The real tier is required:
# without a prepared tree the suite stops rather than pass on half the cases.
import os

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

tidy = os.path.join(config.llvm_tools_dir, "clang-tidy")
config.substitutions.append(
    ("%kthread_tidy", "%s --load=%s --quiet" % (tidy, config.kthread_plugin)))
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
