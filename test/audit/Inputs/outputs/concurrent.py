"""Run a command twice at once; fail unless both end with status 0 or 1."""
import subprocess
import sys

command = sys.argv[sys.argv.index("--") + 1:]
runs = [subprocess.Popen(command, stderr=subprocess.DEVNULL) for _ in range(2)]
statuses = [run.wait() for run in runs]
if any(status not in (0, 1) for status in statuses):
    sys.exit("concurrent.py: statuses %s" % statuses)
