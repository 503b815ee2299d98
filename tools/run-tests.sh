#!/usr/bin/env bash
# Everything the test suite needs, then the suite: set up and build, prepare
# the real Linux 6.1 tree for the real-header tier, run lit. The build and
# the suite run under strace, and tools/check-packages.py then fails the run
# if they used a Debian package that tools/debian-packages.txt does not bring
# to a fresh machine.
set -euo pipefail

if [ $# -gt 0 ]; then
  echo "run-tests: takes no arguments (got: $*)" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
# Debian's programs first (python3 above all): the suite must depend only on
# the packages the install step brings, not on what else a machine has.
export PATH="/usr/bin:/bin:$PATH"
traces="$root/build/package-traces"
rm -rf "$traces"
KTHREAD_PACKAGE_TRACE="$traces" bash "$root/tools/setup.sh"
bash "$root/tools/prepare-kernel.sh" > /dev/null

results="$root/build/test/results.json"
rm -f "$results"
status=0
strace -f -z -qq --seccomp-bpf -e trace=%file,execve -o "$traces/lit.trace" \
  python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$root/build/test" \
  -o "$results" || status=$?

packages=pass
python3 "$root/tools/check-packages.py" "$traces"/*.trace || packages=fail

# One plain closing line, whatever lit's own summary looks like.
python3 - "$results" "$packages" <<'PY' || status=1
import json, sys
try:
    tests = json.load(open(sys.argv[1]))["tests"]
except (OSError, ValueError, KeyError):
    tests = []
passed = sum(t["code"] in ("PASS", "XFAIL") for t in tests)
failed = len(tests) - passed + (not tests)
# The package check counts as one test.
if sys.argv[2] == "pass":
    passed += 1
else:
    failed += 1
print("kthread-tidy: %d passed, %d failed" % (passed, failed))
sys.exit(0 if failed == 0 else 1)
PY
exit "$status"
