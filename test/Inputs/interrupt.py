"""Start a command, send it a signal once it is busy, report how it ended.

Usage: interrupt.py [--signal TERM] [--when-exists PATH] [--after SECONDS]
                    -- COMMAND [ARGS...]

The signal goes to the command's process only (not to its process group),
as a CI runner's timeout or `kill PID` would send it. It is sent once PATH
exists (a log the command writes when it has started work), then after
SECONDS more. Prints "exit N" or "signal NAME" and exits 0; the command's
output passes through.
"""
import argparse
import os
import signal
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--signal", default="TERM")
parser.add_argument("--when-exists")
parser.add_argument("--after", type=float, default=0.0)
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command

child = subprocess.Popen(command)
deadline = time.time() + 60
while args.when_exists and not os.path.exists(args.when_exists):
    if child.poll() is not None or time.time() > deadline:
        sys.exit("interrupt.py: %s never appeared" % args.when_exists)
    time.sleep(0.05)
time.sleep(args.after)
if child.poll() is not None:
    sys.exit("interrupt.py: the command ended before the signal")
child.send_signal(getattr(signal, "SIG" + args.signal))
status = child.wait()
if status < 0:
    print("signal " + signal.Signals(-status).name)
else:
    print("exit %d" % status)
sys.stdout.flush()
