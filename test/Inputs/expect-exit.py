"""Run a command and fail unless it exits with the expected status.

Usage: expect-exit.py STATUS COMMAND [ARGS...]
The command's output passes through, so FileCheck can read it.
"""
import subprocess
import sys

expected = int(sys.argv[1])
status = subprocess.call(sys.argv[2:])
if status != expected:
    sys.stderr.write("expect-exit: %s exited with %d, expected %d\n"
                     % (sys.argv[2], status, expected))
    sys.exit(1)
