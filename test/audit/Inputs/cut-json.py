"""Derive broken or unusual compilation databases from a good one.

Usage: cut-json.py DATABASE MODE [DIR]
  first-entry   the text up to and including the first entry and its comma
  mid-entry     the text cut in the middle of the second entry
  no-bracket    the whole text without its closing ]
  relative-dir  entries whose "directory" is relative to DIR's parent
  command       entries with a "command" string instead of "arguments"
"""
import json
import os
import shlex
import sys

path, mode = sys.argv[1], sys.argv[2]
text = open(path).read()
entries = json.loads(text)
if mode == "first-entry":
    first = json.dumps(entries[0])
    sys.stdout.write("[" + first + ",\n")
elif mode == "mid-entry":
    whole = json.dumps(entries)
    second = whole.index(json.dumps(entries[1]))
    sys.stdout.write(whole[:second + len(json.dumps(entries[1])) // 2])
elif mode == "no-bracket":
    sys.stdout.write(json.dumps(entries, indent=1).rstrip()[:-1])
elif mode == "relative-dir":
    base = os.path.abspath(sys.argv[3])
    for entry in entries:
        entry["directory"] = os.path.relpath(entry["directory"], base)
        entry["file"] = os.path.basename(entry["file"])
    json.dump(entries, sys.stdout)
elif mode == "command":
    for entry in entries:
        entry["command"] = " ".join(shlex.quote(a) for a in entry.pop("arguments"))
    json.dump(entries, sys.stdout)
