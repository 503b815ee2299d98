"""Static checks of docs/user-guide.md against the build and the checks.

* every snippet the tests rely on is there, once;
* every /path/to/kthread-tidy path in the guide exists in the build;
* the VS Code settings are valid JSON naming kthread-clangd as clangd.path;
* the Emacs Lisp forms are balanced (no Emacs here to read them);
* the Lua snippets compile, if --luac names a Lua compiler;
* the options table lists exactly the options that
  `clang-tidy-19 --load <plugin> --dump-config` reports for each check, and
  links each check's page.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import guide

# Snippets that the tests run or read; a renamed one must fail loudly.
USED = ["compile-commands", "dot-clang-tidy", "dot-clangd",
        "clangd-user-config", "vscode-settings", "neovim-lspconfig",
        "neovim-0.11", "emacs-eglot", "ci-clang-tidy", "ci-run-clang-tidy",
        "make-clang-tidy-wrapper", "make-clang-tidy-commands"]


def check_paths(text, args, errors):
    for path in sorted(set(re.findall(
            re.escape(guide.REPO_PLACEHOLDER) + r"[\w/.+-]*", text))):
        real = guide.fill(path, repo=args.repo, build=args.build)
        if not os.path.exists(real):
            errors.append("the guide names %s, but %s does not exist" %
                          (path, real))


def check_vscode(snippet, args, errors):
    settings = json.loads(snippet)
    path = guide.fill(settings.get("clangd.path", ""), args.repo, args.build)
    if os.path.basename(path) != "kthread-clangd" or not os.access(
            path, os.X_OK):
        errors.append("clangd.path is not the built kthread-clangd: %s" % path)


def check_balanced(snippet, errors):
    """Parentheses outside strings, comments and character literals."""
    depth, index = 0, 0
    while index < len(snippet):
        char = snippet[index]
        if char == ";":
            index = snippet.find("\n", index) % (len(snippet) + 1)
        elif char == "?":
            index += 1  # ?( is a character, not a parenthesis
        elif char == '"':
            index += 1
            while snippet[index] != '"':
                index += 2 if snippet[index] == "\\" else 1
        elif char in "()":
            depth += 1 if char == "(" else -1
            if depth < 0:
                break
        index += 1
    if depth != 0:
        errors.append("emacs-eglot: unbalanced parentheses")


def check_lua(snippets, luac, errors):
    for name in ("neovim-lspconfig", "neovim-0.11"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as f:
            f.write(snippets[name])
            f.flush()
            run = subprocess.run([luac, "-p", f.name], stderr=subprocess.PIPE,
                                 text=True)
        if run.returncode:
            errors.append("%s: %s" % (name, run.stderr.strip()))
        else:
            print("%s: compiles" % name)


def dumped_options(args):
    run = subprocess.run([args.clang_tidy, "--load=" + args.plugin,
                          "-checks=-*,kthread-*", "--dump-config"],
                         stdout=subprocess.PIPE, text=True, check=True)
    options = {}
    for check, option in re.findall(r"^\s+(kthread-[\w-]+)\.(\w+):",
                                    run.stdout, re.MULTILINE):
        options.setdefault(check, set()).add(option)
    return options


def check_options_table(text, args, errors):
    rows = re.findall(r"^\| \[`(kthread-[\w-]+)`\]\(([^)]+)\) \| (.*) \|$", text,
                      re.MULTILINE)
    listed = {check: set(re.findall(r"`(\w+)`", options))
              for check, _, options in rows}
    for check, link, _ in rows:
        page = os.path.join(os.path.dirname(args.guide), link)
        if link != "checks/%s.md" % check or not os.path.exists(page):
            errors.append("%s: link %s is not its page" % (check, link))
    real = dumped_options(args)
    if listed != real:
        errors.append("options table %s differs from --dump-config %s" %
                      (listed, real))
    else:
        print("options table: %d checks, %d options, as --dump-config" %
              (len(real), sum(len(o) for o in real.values())))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--guide", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--luac")
    args = parser.parse_args()
    with open(args.guide) as f:
        text = f.read()
    snippets = guide.snippets(args.guide)
    errors = ["snippet %s is missing" % n for n in USED if n not in snippets]
    if errors:
        print("\n".join("error: " + e for e in errors))
        return 1
    print("snippets: %d" % len(snippets))
    check_paths(text, args, errors)
    check_vscode(snippets["vscode-settings"], args, errors)
    check_balanced(snippets["emacs-eglot"], errors)
    if args.luac:
        check_lua(snippets, args.luac, errors)
    check_options_table(text, args, errors)
    for error in errors:
        print("error: " + error)
    print("guide: %s" % ("FAILED" if errors else "ok"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
