"""kthread-clangd with the tree index: an editor session on a file whose
finding needs another file's facts.

Usage: facts-database.py --clangd BIN --inputs DIR --index DB --file NAME
  --workdir DIR

DIR holds a compile_commands.json; the .clang-tidy written into it names the
index DB with FactsDatabase, and its .clangd lets clangd run the checks. Opens NAME over LSP and prints each published
kthread diagnostic as `line:column: code: message` (1-based), then `ok`.
"""

import argparse
import os
import sys

import lsp

TIMEOUT = 120  # seconds for each reply; a broken server fails, never hangs.


def main():
    parser = argparse.ArgumentParser()
    for flag in ("--clangd", "--inputs", "--index", "--file", "--workdir"):
        parser.add_argument(flag, required=True)
    args = parser.parse_args()
    with open(os.path.join(args.inputs, ".clang-tidy"), "w") as f:
        f.write("Checks: '-*,kthread-*'\nCheckOptions:\n"
                "  FactsDatabase: %s\n" % args.index)
    # clangd 19 runs checks it has not timed only when asked (user guide).
    with open(os.path.join(args.inputs, ".clangd"), "w") as f:
        f.write("Diagnostics:\n  ClangTidy:\n    FastCheckFilter: Loose\n")
    path = os.path.join(args.inputs, args.file)
    os.makedirs(args.workdir, exist_ok=True)
    client = lsp.start_session(
        [args.clangd, "--compile-commands-dir=" + args.inputs],
        args.inputs, os.path.join(args.workdir, "clangd.log"))
    try:
        uri = lsp.open_document(client, path, open(path).read())
        for d in client.wait_diagnostics(uri, 1, TIMEOUT):
            if str(d.get("code", "")).startswith("kthread-"):
                start = d["range"]["start"]
                print("%d:%d: %s: %s" % (start["line"] + 1,
                                         start["character"] + 1, d["code"],
                                         d["message"].splitlines()[0]))
    finally:
        client.shutdown()
    print("ok")


if __name__ == "__main__":
    sys.exit(main())
