#!/usr/bin/env python3
"""Time kthread-audit on the whole Linux 6.1 tree against plain parsing, in one run.

1. whole tree  kthread-audit --kernel-src TREE --index DB (default paths:
               every directory with kthread users): kbuild's dry run, the
               prefilter, both phases, the index. The dry-run cache is
               removed first unless --keep-dry-run-cache. Its peak memory
               is the largest sum, sampled every 0.2 s, of the proportional
               set sizes (PSS) of kthread-audit and the processes it forks:
               pages they share count once.
   unchanged   the same command again: every outcome reused from the index.
   other       with --compare-with, the other kthread-audit on the same
               directories (those of the files the first run kept), e.g.
               one built from before the tree index.
2. corpus      the files the prefilter kept, with their exact kbuild commands
               (kthread-audit --export-commands), timed three ways at the
               same parallelism:
                 parse  clang-19 -fsyntax-only, one process per file
                 audit  kthread-audit -p CORPUS
                 plugin clang-tidy-19 --load kthread-tidy.so (with --plugin);
                        its findings must equal the audit's
                 other  another kthread-audit binary (with --compare-with,
                        e.g. one built from an older commit), to tell a
                        change of the code from a change of the machine
Prints the figures and the ratio audit/parse. Each corpus figure is the
minimum of --repeat runs. The tree is the one tools/prepare-kernel.sh
prepares unless --kernel is given.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUDIT = os.path.join(ROOT, "build", "bin", "kthread-audit")
PLUGIN = os.path.join(ROOT, "build", "lib", "kthread-tidy.so")
WARNING = re.compile(r"^(/[^:]+):(\d+):(\d+): warning: .*\[(kthread-[a-z-]+)\]$")


def kernel_tree():
    proc = subprocess.run(
        ["bash", os.path.join(ROOT, "tools", "prepare-kernel.sh")],
        stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit("bench-audit: tools/prepare-kernel.sh failed")
    return os.path.dirname(proc.stdout.strip())


def tree_pss(root):
    """Summed PSS in bytes of root and its descendants."""
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(pid))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                total += next(int(line.split()[1]) * 1024 for line in f
                              if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
        todo += children.get(pid, [])
    return total


def timed_with_peak(cmd):
    """Wall time, the process, and the peak summed PSS of its tree."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, \
            tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_pss(proc.pid))
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return elapsed, subprocess.CompletedProcess(
            cmd, proc.returncode, out.read(), err.read()), peak


def top_directory(relative):
    """The directory an audit without paths names for a file: its first
    component, or two of them under arch/."""
    parts = relative.split(os.sep)
    return os.path.join(*parts[:2]) if parts[0] == "arch" else parts[0]


def timed(cmd, **kwargs):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kwargs)
    return time.perf_counter() - start, proc


def audit_findings(report):
    with open(report) as f:
        doc = json.load(f)
    root = doc["root"]
    return {(os.path.join(root, x["file"]), x["line"], x["column"], x["check"])
            for x in doc["findings"]}


def parallel(jobs, entries, command):
    """Wall time to run command(entry) for every entry, jobs at a time."""
    def one(entry):
        return subprocess.run(command(entry), cwd=entry["directory"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(one, entries))
    return time.perf_counter() - start, results


def best_of(repeat, measure):
    runs = [measure() for _ in range(repeat)]
    return min(runs, key=lambda run: run[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kernel", help="kernel tree (default: prepared 6.1)")
    parser.add_argument("-j", type=int, default=os.cpu_count(),
                        help="parallelism for every tool (default: cores)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--plugin", action="store_true",
                        help="also time the plugin and compare its findings")
    parser.add_argument("--keep-dry-run-cache", action="store_true")
    parser.add_argument("--out", help="directory for reports (default: temp)")
    parser.add_argument("--compare-with", metavar="KTHREAD_AUDIT",
                        help="also time this kthread-audit on the whole "
                        "tree and on the corpus")
    parser.add_argument("--whole-tree-only", action="store_true",
                        help="skip the corpus timings")
    args = parser.parse_args()

    tree = os.path.abspath(args.kernel) if args.kernel else kernel_tree()
    out = args.out or tempfile.mkdtemp(prefix="bench-audit.")
    os.makedirs(out, exist_ok=True)
    corpus = os.path.join(out, "corpus.json")
    if not args.keep_dry_run_cache:
        state = os.path.join(tree, ".kthread-audit")
        for name in os.listdir(state) if os.path.isdir(state) else []:
            if name.startswith("commands-"):
                os.remove(os.path.join(state, name))

    print("kernel tree: %s, -j %d" % (tree, args.j))
    index = os.path.join(out, "facts.db")
    if os.path.exists(index):
        os.remove(index)
    whole_tree = [AUDIT, "--kernel-src", tree, "-j", str(args.j), "--format",
                  "json", "--index", index, "--export-commands", corpus]
    whole, proc, peak = timed_with_peak(
        whole_tree + ["-o", os.path.join(out, "tree.json")])
    if proc.returncode not in (0, 1):
        sys.exit("bench-audit: kthread-audit failed:\n" + proc.stderr)
    sys.stderr.write(proc.stderr)
    print("whole tree audit (dry run + prefilter + both phases): %.1f s, "
          "peak memory %.0f MiB" % (whole, peak / 2**20))
    again, proc = timed(whole_tree + ["-o", os.path.join(out, "again.json")])
    if proc.returncode not in (0, 1):
        sys.exit("bench-audit: second kthread-audit failed:\n" + proc.stderr)
    with open(os.path.join(out, "tree.json")) as f1, \
            open(os.path.join(out, "again.json")) as f2:
        same = json.load(f1)["findings"] == json.load(f2)["findings"]
    print("unchanged second run (outcomes from the index): %.1f s, %.1fx "
          "faster, same findings: %s" % (again, whole / again, same))

    with open(corpus) as f:
        entries = json.load(f)
    if args.compare_with:
        dirs = sorted({top_directory(os.path.relpath(
                           os.path.join(e["directory"], e["file"]), tree))
                       for e in entries})
        other, proc = timed([args.compare_with, "--kernel-src", tree, "-j",
                             str(args.j), "--format", "json", "-o",
                             os.path.join(out, "other-tree.json")] + dirs)
        if proc.returncode not in (0, 1):
            sys.exit("bench-audit: %s failed:\n%s"
                     % (args.compare_with, proc.stderr))
        print("other  %s on %s: %.1f s; this whole-tree audit / it: %.2f"
              % (args.compare_with, " ".join(dirs), other, whole / other))
    if args.whole_tree_only:
        print("reports: %s" % out)
        return 0
    print("corpus: %d files kept by the prefilter" % len(entries))

    parse, parsed = best_of(args.repeat, lambda: parallel(
        args.j, entries,
        lambda e: ["clang-19"] + e["arguments"][1:]))
    broken = [e["file"] for e, r in zip(entries, parsed) if r.returncode]
    report = os.path.join(out, "corpus.json.report")
    audit, proc = best_of(args.repeat, lambda: timed(
        [AUDIT, "-p", corpus, "-j", str(args.j), "--format", "json",
         "-o", report]))
    if proc.returncode not in (0, 1):
        sys.exit("bench-audit: kthread-audit -p failed:\n" + proc.stderr)
    print("parse  clang-19 -fsyntax-only: %7.1f s (%d files do not compile)"
          % (parse, len(broken)))
    print("audit  kthread-audit -p:       %7.1f s" % audit)
    print("ratio  audit / parse:          %7.2f" % (audit / parse))
    if args.compare_with:
        other, proc = best_of(args.repeat, lambda: timed(
            [args.compare_with, "-p", corpus, "-j", str(args.j), "--format",
             "json", "-o", report + ".other"]))
        if proc.returncode not in (0, 1):
            sys.exit("bench-audit: %s failed:\n%s"
                     % (args.compare_with, proc.stderr))
        print("other  %s: %.1f s (ratio to parse %.2f; this audit / it: %.2f)"
              % (args.compare_with, other, other / parse, audit / other))

    if args.plugin:
        checks = "-checks=-*,kthread-*"
        plugin, results = best_of(args.repeat, lambda: parallel(
            args.j, entries, lambda e: [
                "clang-tidy-19", "--load=" + PLUGIN, "--quiet", checks,
                e["file"], "--"] + e["arguments"][1:]))
        found = set()
        for result in results:
            for line in result.stdout.splitlines():
                m = WARNING.match(line)
                if m:
                    found.add((os.path.normpath(m.group(1)), int(m.group(2)),
                               int(m.group(3)), m.group(4)))
        audited = audit_findings(report)
        print("plugin clang-tidy-19 --load:   %7.1f s" % plugin)
        print("ratio  audit / plugin:         %7.2f" % (audit / plugin))
        print("findings: audit %d, plugin %d, identical: %s"
              % (len(audited), len(found), audited == found))
        for f in sorted(audited ^ found):
            print("  only in %s: %s:%d:%d %s"
                  % ("audit" if f in audited else "plugin", *f))
        if audited != found:
            return 1
    print("reports: %s" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
