"""Print the rows an SQL query gives on a tree index, one per line, with
file paths reduced to their base name: index-rows.py DB QUERY."""
import os
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print(" ".join(os.path.basename(v) if isinstance(v, str) and v.startswith("/")
                   else str(v) for v in row))
