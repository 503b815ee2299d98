#!/usr/bin/env python3
"""Time the kthread-tidy plugin against plain parsing, in one run.

For each file, with the same real kbuild flags (Linux 6.1, allmodconfig):
  parse   clang-19 -fsyntax-only
  floor   clang-tidy-19 with only the trivial linuxkernel-* check: the cost of
          running inside clang-tidy at all
  kthread clang-tidy-19 --load kthread-tidy.so -checks=-*,kthread-*
and prints per-file times, totals and the ratios kthread/parse and
kthread/floor. Each figure is the minimum of --repeat runs, the variants
taking turns.

Files: the real-header lit cases, plus --drivers N files of the prepared tree
that use the kthread API (0 = none, 'all' = every one). Files that do not
compile with the generic module flags (other architectures, per-directory
include paths) are listed and skipped. --findings FILE writes the plugin's
warnings on the driver files, for triage.

--instructions counts the instructions each run executes instead
(valgrind's callgrind, some fifty times slower): unlike times, the counts do
not move with the load of a shared machine. --cases N takes every Nth lit
case only, to keep such a run short.
"""
import argparse
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LLVM_BIN = "/usr/lib/llvm-19/bin"


def run_timed(cmd, cwd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - start, proc


def run_counted(cmd, cwd):
    """Billions of instructions the command executed, by callgrind."""
    proc = subprocess.run(["valgrind", "--tool=callgrind",
                           "--callgrind-out-file=/dev/null", *cmd], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode == 0 and not found:
        sys.exit("bench: no instruction count from valgrind: %s" %
                 proc.stderr.strip().splitlines()[-1:])
    return int(found.group(1)) / 1e9 if found else 0.0, proc


def kernel_tree():
    proc = subprocess.run(["bash", os.path.join(ROOT, "tools",
                                                "prepare-kernel.sh")],
                          stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit("bench: tools/prepare-kernel.sh failed")
    flags_file = proc.stdout.strip()
    with open(flags_file) as f:
        return os.path.dirname(flags_file), shlex.split(f.read())


def driver_files(tree, count):
    if count == "0":
        return []
    out = subprocess.run(
        ["grep", "-rlE", "--include=*.c", r"kthread_(run|create)", "drivers"],
        cwd=tree, stdout=subprocess.PIPE, text=True).stdout.split()
    files = sorted(out)
    if count != "all":
        step = max(1, len(files) // int(count))
        files = files[::step][:int(count)]
    return [os.path.join(tree, f) for f in files]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drivers", default="20",
                        help="how many real driver files (number, 0 or all)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cases", type=int, default=1,
                        help="take every Nth real-header lit case")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions (callgrind), not seconds")
    parser.add_argument("--findings", help="write the drivers' warnings here")
    parser.add_argument("--plugin",
                        default=os.path.join(ROOT, "build", "lib",
                                             "kthread-tidy.so"))
    args = parser.parse_args()
    if not os.path.exists(args.plugin):
        sys.exit("bench: plugin not built: %s (run tools/setup.sh)" %
                 args.plugin)

    tree, flags = kernel_tree()
    if args.instructions and not shutil.which("valgrind"):
        sys.exit("bench: --instructions needs valgrind (apt-get install "
                 "valgrind)")
    measure = run_counted if args.instructions else run_timed
    unit = "G instructions" if args.instructions else "seconds"
    cases = sorted(glob.glob(os.path.join(ROOT, "test", "checks", "*",
                                          "*.c")))[::max(1, args.cases)]
    files = cases + driver_files(tree, args.drivers)
    tidy = os.path.join(LLVM_BIN, "clang-tidy")
    variants = {
        "parse": lambda f, extra: [os.path.join(LLVM_BIN, "clang"),
                                   "-fsyntax-only", f, *flags, *extra],
        "floor": lambda f, extra: [tidy, "--quiet", "-checks=-*,linuxkernel-*",
                                   f, "--", *flags, *extra],
        "kthread": lambda f, extra: [tidy, "--load=" + args.plugin, "--quiet",
                                     "-checks=-*,kthread-*", f, "--", *flags,
                                     *extra],
    }
    totals = dict.fromkeys(variants, 0.0)
    findings = []
    measured = skipped = 0
    print("%-60s %8s %8s %8s" % ("file", *variants))
    for path in files:
        extra = ["-I" + os.path.dirname(path)]
        # The variants take turns, so that a slow spell of the machine (seen
        # here: one parse taking 0.93 s and 1.39 s a minute apart) falls on
        # all of them alike; each keeps its fastest run.
        times = {}
        failed = False
        for round in range(args.repeat):
            for name, make in variants.items():
                figure, proc = measure(make(path, extra), tree)
                if proc.returncode != 0:
                    failed = True
                    break
                times[name] = min(times.get(name, figure), figure)
                if name == "kthread" and round == 0 and path.startswith(tree):
                    findings += [line.replace(tree + "/", "")
                                 for line in proc.stdout.splitlines()
                                 if ": warning: " in line]
            if failed:
                break
        shown = os.path.relpath(path, tree if path.startswith(tree) else ROOT)
        if failed:
            skipped += 1
            print("%-60s does not compile with the generic module flags: skipped" %
                  shown[-60:])
            continue
        measured += 1
        for name in variants:
            totals[name] += times[name]
        print("%-60s %8.3f %8.3f %8.3f" % (shown[-60:], *times.values()))

    if args.findings:
        with open(args.findings, "w") as out:
            out.writelines(line + "\n" for line in findings)
    if not measured:
        sys.exit("bench: no file could be measured")
    print()
    print("files measured: %d (skipped %d)" % (measured, skipped))
    print("warnings on driver files: %d" % len(findings))
    print("total %s:  parse %.2f  floor %.2f  kthread %.2f" %
          (unit, totals["parse"], totals["floor"], totals["kthread"]))
    print("kthread / parse (clang-19 -fsyntax-only): %.2fx" %
          (totals["kthread"] / totals["parse"]))
    print("kthread / floor (clang-tidy, trivial check): %.2fx" %
          (totals["kthread"] / totals["floor"]))


if __name__ == "__main__":
    main()
