"""Copy a driver under file names that reports must survive, with a
compilation database for them.

Usage: odd-names.py DRIVER OUTDIR IMITATION_INCLUDE
  "space #1%.c"   characters a URI must percent-encode
  "line\\nbreak.c" a newline, which must not forge a report line
  "esc\\x1b[2J.c"  an escape sequence, which must not reach the terminal
(JSON text is UTF-8, so names that are not come from a kernel tree's dry run:
make-tree.py --extra.)
"""
import json
import os
import sys

driver, out, include = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
text = open(driver, "rb").read()
names = [b"space #1%.c", b"line\nbreak.c", b"esc\x1b[2J.c"]
entries = []
for name in names:
    path = os.path.join(out, name)
    with open(path, "wb") as f:
        f.write(text)
    entries.append({
        "directory": out.decode(),
        "file": name.decode(),
        "arguments": ["clang-19", "-nostdinc", "-isystem", include,
                      "-std=gnu11", "-ffreestanding", "-c", name.decode()],
    })
with open(os.path.join(out, b"cc.json"), "w") as f:
    json.dump(entries, f)
