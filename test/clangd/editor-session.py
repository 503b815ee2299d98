"""An editor session with kthread-clangd on one check case.

Sets up a project directory the way docs/user-guide.md tells a user to (its
.clangd, .clang-tidy and compile_commands.json snippets, as printed), copies
a case of test/checks/<check>/ into it, and then, over LSP:

1. opens the file and checks that the published diagnostics of <check> are
   exactly the warnings the case's CHECK lines expect (position, code,
   message), as the plugin's lit run does;
2. asks for the code actions of each diagnostic: where the case's FIXED line
   shows a rewrite, one quick fix must produce it; where it shows the line
   unchanged, no quick fix may be offered;
3. applies the first quick fix with didChange and checks that its diagnostic
   is gone and the others stay.
"""

import argparse
import json
import os
import re
import shutil
import sys

import guide
import lsp

TIMEOUT = 120  # seconds for each reply; a broken server fails, never hangs.

# A warning line of FileCheck, `// CHECK: :[[@LINE-1]]:6: warning: ...`.
_CHECK = re.compile(r"//\s*CHECK:\s*:\[\[@LINE([+-]\d+)?\]\]:(\d+): warning: (.*)$")
_FIXED = re.compile(r"//\s*FIXED:\s*(.*)$")
# clangd appends this to the message of a diagnostic that has a fix-it.
FIX_NOTE = " (fix available)"


def filecheck_regex(pattern):
    """A FileCheck pattern as a Python regex ({{...}} are regexes)."""
    parts = re.split(r"\{\{(.*?)\}\}", pattern)
    return "".join(part if i % 2 else re.escape(part)
                   for i, part in enumerate(parts))


def plain_message(diagnostic):
    """The check's message without the note clangd adds for quick fixes."""
    return diagnostic["message"].removesuffix(FIX_NOTE)


class Expected:
    def __init__(self, line, column, pattern):
        self.line = line  # 1-based, as the compiler prints it
        self.column = column
        self.pattern = pattern
        self.fixed = None  # regex the line must match after the fix-it

    def matches(self, diagnostic, check):
        start = diagnostic["range"]["start"]
        if (start["line"], start["character"]) != (self.line - 1,
                                                   self.column - 1):
            return False
        printed = ":%d:%d: warning: %s [%s]" % (
            self.line, self.column, plain_message(diagnostic),
            diagnostic["code"])
        return (diagnostic.get("code") == check and
                re.search(filecheck_regex(self.pattern), printed) is not None)


def expected_warnings(source):
    """The warnings a case's CHECK lines expect, each with its FIXED line."""
    found = []
    for number, text in enumerate(source.split("\n"), start=1):
        check = _CHECK.search(text)
        if check:
            offset = int(check.group(1) or 0)
            found.append(Expected(number + offset, int(check.group(2)),
                                  check.group(3)))
            continue
        fixed = _FIXED.search(text)
        if fixed and found and found[-1].fixed is None:
            found[-1].fixed = filecheck_regex(fixed.group(1))
    return found


def write_project(args, directory, case_text):
    """The guide's three files plus the case as sensor.c; returns its path."""
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(os.path.join(directory, "config"))
    path = os.path.join(directory, "sensor.c")
    with open(path, "w") as f:
        f.write(case_text)
    for name, file_name in (("dot-clangd", ".clangd"),
                            ("dot-clang-tidy", ".clang-tidy")):
        with open(os.path.join(directory, file_name), "w") as f:
            f.write(guide.snippet(args.guide, name))
    database = guide.snippet(args.guide, "compile-commands")
    database = guide.fill(database.replace("/home/me/sensor", directory),
                          repo=args.repo)
    json.loads(database)  # The printed snippet must be valid JSON.
    with open(os.path.join(directory, "compile_commands.json"), "w") as f:
        f.write(database)
    return path


def kthread_diagnostics(diagnostics, check):
    return sorted((d for d in diagnostics
                   if d.get("source") == "clang-tidy" and d.get("code") == check),
                  key=lambda d: (d["range"]["start"]["line"],
                                 d["range"]["start"]["character"]))


def compare(diagnostics, expected, check, errors):
    """Pairs each expected warning with its diagnostic; records mismatches."""
    paired = []
    unmatched = list(diagnostics)
    for want in expected:
        hits = [d for d in unmatched if want.matches(d, check)]
        if len(hits) != 1:
            errors.append("expected one diagnostic at %d:%d matching %r, got %d"
                          % (want.line, want.column, want.pattern, len(hits)))
            continue
        unmatched.remove(hits[0])
        if hits[0].get("severity") != 2:
            errors.append("%d:%d: severity %s, not warning (2)" %
                          (want.line, want.column, hits[0].get("severity")))
        paired.append((want, hits[0]))
    for extra in unmatched:
        start = extra["range"]["start"]
        errors.append("unexpected diagnostic at %d:%d: %s" %
                      (start["line"] + 1, start["character"] + 1,
                       extra["message"]))
    return paired


def quick_fixes(client, uri, diagnostic):
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": diagnostic["range"],
        "context": {"diagnostics": [diagnostic], "only": ["quickfix"]},
    }, TIMEOUT) or []
    return [a for a in actions
            if a.get("kind") == "quickfix" and "edit" in a and
            any(d.get("code") == diagnostic["code"] and
                d["range"] == diagnostic["range"]
                for d in a.get("diagnostics", []))]


def check_fixes(client, uri, text, paired, errors):
    """Checks each finding's quick fix against FIXED; returns the first edit."""
    first_fix = None
    for want, diagnostic in paired:
        original = text.split("\n")[want.line - 1]
        fixes = quick_fixes(client, uri, diagnostic)
        has_note = diagnostic["message"].endswith(FIX_NOTE)
        if has_note != bool(fixes):
            errors.append("%d: message says fix available: %s, quick fixes: "
                          "%d" % (want.line, has_note, len(fixes)))
        if want.fixed is None or re.search(want.fixed, original):
            if fixes:
                errors.append("%d: a quick fix is offered where the case "
                              "expects none: %s" % (want.line, fixes[0]["title"]))
            continue
        if len(fixes) != 1:
            errors.append("%d: expected one quick fix, got %d" %
                          (want.line, len(fixes)))
            continue
        fixed_text = lsp.apply_edits(text,
                                     lsp.workspace_edits(fixes[0]["edit"], uri))
        fixed_line = fixed_text.split("\n")[want.line - 1]
        if not re.search(want.fixed, fixed_line):
            errors.append("%d: the quick fix gives %r, the case expects %r" %
                          (want.line, fixed_line, want.fixed))
        elif first_fix is None:
            first_fix = (diagnostic, fixed_text)
    return first_fix


def position(diagnostic):
    start = diagnostic["range"]["start"]
    return (start["line"], start["character"])


def run(args):
    check = os.path.basename(os.path.dirname(os.path.abspath(args.case)))
    with open(args.case) as f:
        text = f.read()
    expected = expected_warnings(text)
    if not expected:
        return ["%s has no CHECK warning lines" % args.case]
    path = write_project(args, args.workdir, text)
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(args.workdir, "config"))
    # Background indexing (on in editors) would write index shards next to
    # the compile database it finds for the repository's imitation headers.
    client = lsp.start_session([args.clangd, "--background-index=false"],
                               args.workdir,
                               os.path.join(args.workdir, "clangd.log"), env)
    errors = []
    try:
        uri = lsp.open_document(client, path, text, version=1)
        found = kthread_diagnostics(client.wait_diagnostics(uri, 1, TIMEOUT),
                                    check)
        paired = compare(found, expected, check, errors)
        print("opened: %d %s diagnostics, %d expected" %
              (len(found), check, len(expected)))
        first_fix = check_fixes(client, uri, text, paired, errors)
        if first_fix is None:
            errors.append("no quick fix to apply")
            return errors
        fixed_diagnostic, fixed_text = first_fix
        lsp.change_document(client, uri, fixed_text, version=2)
        after = kthread_diagnostics(client.wait_diagnostics(uri, 2, TIMEOUT),
                                    check)
        want_after = [position(d) for d in found if d is not fixed_diagnostic]
        if [position(d) for d in after] != want_after:
            errors.append("after the fix at line %d, diagnostics at %s, "
                          "expected %s" %
                          (position(fixed_diagnostic)[0] + 1,
                           [position(d) for d in after], want_after))
        print("after the quick fix at line %d: %d %s diagnostics" %
              (position(fixed_diagnostic)[0] + 1, len(after), check))
    finally:
        client.shutdown()
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--guide", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--case", required=True)
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    args.workdir = os.path.abspath(args.workdir)
    errors = run(args)
    for error in errors:
        print("error: " + error)
    print("editor session: %s" % ("FAILED" if errors else "ok"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
