"""A real kernel file in kthread-clangd shows the plugin's findings.

For each file of the prepared Linux tree: runs the plugin
(`clang-tidy-19 --load kthread-tidy.so -checks='-*,kthread-*'`) with the
kbuild flags, then opens the file in kthread-clangd over LSP, configured by
the guide's user config.yaml snippet and a compile database with the same
flags (in the format kbuild's gen_compile_commands.py writes), and checks
that both give the same kthread findings (line, column, check, message, and
the notes' lines and messages), that there is at least one, and that clangd
saw no compile error (a file with errors is not analysed).
"""

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import guide
import lsp

TIMEOUT = 600  # seconds: a driver's preamble holds much of the kernel headers.

_PRINTED = re.compile(r"^(.*?):(\d+):(\d+): (warning|note): (.*?)(?: \[([\w-]+)\])?$")
FIX_NOTE = " (fix available)"


def as_shown(message):
    """clangd starts every message with a capital letter; the plugin need not."""
    return message[:1].upper() + message[1:]


def plugin_findings(args, path, flags):
    """The plugin's warnings in `path`, each with its notes in `path`."""
    command = [args.clang_tidy, "--load=" + args.plugin, "--quiet",
               "-checks=-*,kthread-*", path, "--"] + flags
    run = subprocess.run(command, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT)
    findings = []
    for line in run.stdout.splitlines():
        printed = _PRINTED.match(line)
        if not printed:
            continue
        file_name, row, column, kind, message, check = printed.groups()
        if kind == "warning" and check and check.startswith("kthread-"):
            current = (int(row), int(column), check, as_shown(message), [])
            findings.append(current)
        elif kind == "note" and findings and os.path.samefile(file_name, path):
            findings[-1][4].append((int(row), as_shown(message)))
    if run.returncode not in (0, 1) and not findings:
        raise RuntimeError("clang-tidy failed:\n" + run.stdout)
    return [(r, c, k, m, tuple(n)) for r, c, k, m, n in findings]


def clangd_findings(diagnostics, uri):
    findings = []
    for d in diagnostics:
        if d.get("source") != "clang-tidy" or not d.get("code", "").startswith(
                "kthread-"):
            continue
        start = d["range"]["start"]
        notes = tuple((n["location"]["range"]["start"]["line"] + 1, n["message"])
                      for n in d.get("relatedInformation", [])
                      if n["location"]["uri"] == uri)
        findings.append((start["line"] + 1, start["character"] + 1, d["code"],
                         d["message"].removesuffix(FIX_NOTE), notes))
    return findings


def compile_errors(diagnostics):
    return ["%d: %s" % (d["range"]["start"]["line"] + 1, d["message"])
            for d in diagnostics
            if d.get("severity") == 1 and d.get("source") == "clang"]


def write_setup(args, entries):
    """The guide's user config and a compile database in the work dir."""
    if os.path.exists(args.workdir):
        shutil.rmtree(args.workdir)
    config_dir = os.path.join(args.workdir, "config", "clangd")
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "config.yaml"), "w") as f:
        f.write(guide.snippet(args.guide, "clangd-user-config"))
    with open(os.path.join(args.workdir, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)


def file_flags(args, path):
    return args.flags + ["-I" + os.path.dirname(path)]


def run(args):
    paths = [os.path.join(args.kernel_dir, name) for name in args.files]
    expected = {p: plugin_findings(args, p, file_flags(args, p)) for p in paths}
    write_setup(args, [{
        "directory": args.kernel_dir,
        "file": p,
        "command": shlex.join(["clang-19"] + file_flags(args, p) + ["-c", p]),
    } for p in paths])
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(args.workdir, "config"))
    # The database lives outside the shared tree, and background indexing
    # would write index shards into it.
    client = lsp.start_session(
        [args.clangd, "--compile-commands-dir=" + args.workdir,
         "--background-index=false"],
        args.workdir, os.path.join(args.workdir, "clangd.log"), env)
    errors = []
    try:
        for path in paths:
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            uri = lsp.open_document(client, path, text)
            diagnostics = client.wait_diagnostics(uri, 1, TIMEOUT)
            errors += ["%s: compile error at %s" % (path, e)
                       for e in compile_errors(diagnostics)]
            found = sorted(clangd_findings(diagnostics, uri))
            want = sorted(expected[path])
            print("%s: plugin %d, kthread-clangd %d findings: %s" % (
                os.path.relpath(path, args.kernel_dir), len(want), len(found),
                ", ".join("%d:%d %s" % f[:3] for f in found)))
            if not want:
                errors.append("%s: the plugin found nothing; the test needs a "
                              "file with findings" % path)
            if found != want:
                errors.append("%s: findings differ\n  plugin: %s\n  clangd: %s"
                              % (path, want, found))
            client.notify("textDocument/didClose",
                          {"textDocument": {"uri": uri}})
    finally:
        client.shutdown()
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--guide", required=True)
    parser.add_argument("--kernel-dir", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--file", dest="files", action="append", required=True,
                        help="a file relative to the kernel directory")
    parser.add_argument("flags", nargs=argparse.REMAINDER,
                        help="-- and the kbuild flags")
    args = parser.parse_args()
    args.flags = args.flags[1:] if args.flags[:1] == ["--"] else args.flags
    args.workdir = os.path.abspath(args.workdir)
    errors = run(args)
    for error in errors:
        print("error: " + error)
    print("kernel files: %s" % ("FAILED" if errors else "ok"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
