"""Write a compile_commands.json for lit tests.

Usage: make-db.py OUT.json COMPILER [FLAGS...] -- FILES...
Each file gets 'COMPILER FLAGS -c -o FILE.o FILE', as a build would run it,
with the file's own directory as the working directory.
"""
import json
import os
import sys

out, compiler = sys.argv[1], sys.argv[2]
split = sys.argv.index("--")
flags, files = sys.argv[3:split], sys.argv[split + 1:]
entries = []
for f in files:
    f = os.path.abspath(f)
    entries.append({
        "directory": os.path.dirname(f),
        "file": f,
        "arguments": [compiler] + flags + ["-c", "-o", f[:-2] + ".o", f],
    })
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
with open(out, "w") as db:
    json.dump(entries, db, indent=1)
