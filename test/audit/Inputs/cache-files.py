"""Remove the kbuild command cache kthread-audit keeps in TREE for exactly
these targets, so that the next run makes it anew.

Usage: cache-files.py TREE TARGET...   (targets as kthread-audit names them:
                                        'drivers/foo/', 'drivers/foo/bar.o')
"""
import glob
import json
import os
import sys

tree, targets = sys.argv[1], sys.argv[2:]
for path in glob.glob(os.path.join(tree, ".kthread-audit", "commands-*.json")):
    try:
        cache = json.load(open(path))
    except ValueError:
        continue
    if isinstance(cache, dict) and cache.get("targets") == targets:
        os.remove(path)
