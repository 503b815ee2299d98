"""Run every clang-tidy configuration snippet of the README and docs/ on the
example drivers, and require the findings the snippet promises.

Usage: config-snippets.py REPO CLANG_TIDY PLUGIN IMITATION_INCLUDE

A snippet is a ```yaml block with `Checks:` or `CheckOptions:`. Each runs as
the `.clang-tidy` of a copy of examples/drivers. It must produce no
configuration error, and exactly the findings of the default configuration
restricted to the checks it enables and to the likelihood it asks for: the
project's own API names it adds do not occur in the examples, and built-in
names it lists must lose nothing. A snippet that names a FactsDatabase gets
one there first, written by kthread-audit --index over the examples (which
have no facts across files, so the findings stay the same). Prints one line
per snippet.
"""
import json
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

repo, tidy, plugin, include = sys.argv[1:5]
plugin = os.path.abspath(plugin)
ORDER = {"certain": 0, "race": 1, "failed-creation": 2}
DESCRIPTIONS = {
    "certain on any run that takes this path": "certain",
    "a race: it happens when the thread gets there before the stop": "race",
    "needs a failed thread creation": "failed-creation",
}


def snippets():
    docs = [os.path.join(repo, "README.md")] + sorted(
        glob.glob(os.path.join(repo, "docs", "**", "*.md"), recursive=True))
    for doc in docs:
        text = open(doc).read()
        for match in re.finditer(r"```yaml\n(.*?)```", text, re.S):
            body = match.group(1)
            if "Checks:" in body or "CheckOptions:" in body:
                line = text[:match.start()].count("\n") + 1
                yield "%s:%d" % (os.path.relpath(doc, repo), line), body


def findings(directory, config):
    with open(os.path.join(directory, ".clang-tidy"), "w") as f:
        f.write(config)
    files = sorted(glob.glob(os.path.join(directory, "*.c")))
    run = subprocess.run(
        [tidy, "--load=" + plugin, "--quiet"] + files +
        ["--", "-nostdinc", "-isystem", include, "-std=gnu11",
         "-ffreestanding"], capture_output=True, text=True, cwd=directory)
    out = run.stdout + run.stderr
    if "clang-tidy-config" in out or "Error parsing" in out:
        sys.exit("configuration error:\n" + out)
    result, current = [], None
    for line in out.splitlines():
        m = re.match(r"^.*/([^/]+\.c):(\d+):\d+: (warning|error|note): (.*?)"
                     r"(?: \[([\w-]+)(?:,-warnings-as-errors)?\])?$", line)
        if not m:
            continue
        if m.group(3) != "note":
            current = [m.group(1), int(m.group(2)), m.group(5), None]
            result.append(current)
        elif current and m.group(4).startswith("likelihood: "):
            current[3] = DESCRIPTIONS[m.group(4)[len("likelihood: "):]]
    return sorted(tuple(r) for r in result)


def make_index(directory, config):
    """The tree index a snippet's FactsDatabase names, over the examples."""
    named = re.search(r"FactsDatabase:\s*'?([^'\s]+)'?", config)
    if not named:
        return
    index = os.path.join(directory, named.group(1))
    os.makedirs(os.path.dirname(index), exist_ok=True)
    files = sorted(glob.glob(os.path.join(directory, "*.c")))
    flags = ["-nostdinc", "-isystem", include, "-std=gnu11", "-ffreestanding"]
    database = os.path.join(directory, "compile_commands.json")
    with open(database, "w") as f:
        json.dump([{"directory": directory, "file": c,
                    "arguments": ["clang"] + flags + ["-c", c]}
                   for c in files], f)
    audit = os.path.join(os.path.dirname(os.path.dirname(plugin)), "bin",
                         "kthread-audit")
    run = subprocess.run([audit, "-p", database, "--index", index],
                         capture_output=True, text=True)
    os.remove(database)
    if run.returncode not in (0, 1):
        sys.exit("kthread-audit --index failed:\n" + run.stderr)


def enabled(check, checks_value):
    on = False
    for glob_ in checks_value.split(","):
        glob_ = glob_.strip()
        neg = glob_.startswith("-")
        pattern = re.escape(glob_.lstrip("-")).replace(r"\*", ".*")
        if re.fullmatch(pattern, check):
            on = not neg
    return on


def main():
    work = tempfile.mkdtemp()
    try:
        examples = os.path.join(work, "drivers")
        shutil.copytree(os.path.join(repo, "examples", "drivers"), examples)
        default = findings(examples, "Checks: '-*,kthread-*'\n")
        if not default:
            sys.exit("the examples have no findings to compare")
        count = 0
        for where, body in snippets():
            checks = re.search(r"^Checks:\s*'([^']*)'", body, re.M)
            config = body if checks else "Checks: '-*,kthread-*'\n" + body
            checks_value = checks.group(1) if checks else "-*,kthread-*"
            least = re.search(r"MinLikelihood:\s*'?([\w-]+)'?", body)
            least = least.group(1) if least else "failed-creation"
            expected = [f for f in default if enabled(f[2], checks_value) and
                        ORDER[f[3]] <= ORDER[least]]
            make_index(examples, config)
            got = findings(examples, config)
            if got != expected:
                sys.exit("%s: findings differ from the default ones:\n"
                         "  got      %s\n  expected %s" % (where, got, expected))
            print("%s: %d findings, as expected" % (where, len(got)))
            count += 1
        print("snippets: %d" % count)
    finally:
        shutil.rmtree(work)


main()
