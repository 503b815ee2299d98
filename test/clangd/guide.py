"""The set-up snippets of docs/user-guide.md, so that tests use them as printed.

A snippet is the fenced code block right after a line
`<!-- snippet: NAME -->` (an HTML comment, invisible when rendered).
"""

import re

_SNIPPET = re.compile(
    r"^<!-- snippet: ([\w.-]+) -->\n(`{3,})[^\n]*\n(.*?)^\2[ \t]*$",
    re.MULTILINE | re.DOTALL)

# The guide's placeholder for the reader's clone; its build/ is the build tree.
REPO_PLACEHOLDER = "/path/to/kthread-tidy"


def snippets(guide_path):
    with open(guide_path, encoding="utf-8") as f:
        text = f.read()
    found = {}
    for match in _SNIPPET.finditer(text):
        name = match.group(1)
        if name in found:
            raise ValueError("snippet %r appears twice in %s" % (name, guide_path))
        found[name] = match.group(3)
    markers = len(re.findall(r"^<!-- snippet: ", text, re.MULTILINE))
    if markers != len(found):
        raise ValueError("%s: %d snippet markers but %d snippets: a marker is "
                         "not followed by a fenced block" %
                         (guide_path, markers, len(found)))
    return found


def snippet(guide_path, name):
    found = snippets(guide_path)
    if name not in found:
        raise KeyError("no snippet %r in %s" % (name, guide_path))
    return found[name]


def fill(text, repo=None, build=None):
    """Replaces the guide's placeholder paths with real ones."""
    if build:
        text = text.replace(REPO_PLACEHOLDER + "/build", build)
    if repo:
        text = text.replace(REPO_PLACEHOLDER, repo)
    return text


def main():
    import argparse
    import sys
    parser = argparse.ArgumentParser(
        description="Print a snippet of the user guide, placeholders filled.")
    parser.add_argument("guide")
    parser.add_argument("name")
    parser.add_argument("--repo")
    parser.add_argument("--build")
    args = parser.parse_args()
    sys.stdout.write(fill(snippet(args.guide, args.name), args.repo, args.build))


if __name__ == "__main__":
    main()
