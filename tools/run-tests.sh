#!/usr/bin/env bash
# Everything the test suite needs, then the suite: set up and build, prepare
# the real Linux 6.1 tree for the real-header tier, run lit.
set -euo pipefail

if [ $# -gt 0 ]; then
  echo "run-tests: takes no arguments (got: $*)" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/tools/setup.sh"
bash "$root/tools/prepare-kernel.sh" > /dev/null

results="$root/build/test/results.json"
rm -f "$results"
status=0
python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$root/build/test" \
  -o "$results" || status=$?

# One plain closing line, whatever lit's own summary looks like.
python3 - "$results" <<'PY' || status=1
import json, sys
try:
    tests = json.load(open(sys.argv[1]))["tests"]
except (OSError, ValueError, KeyError):
    print("kthread-tidy: 0 passed, 1 failed")
    sys.exit(1)
passed = sum(t["code"] in ("PASS", "XFAIL") for t in tests)
print("kthread-tidy: %d passed, %d failed" % (passed, len(tests) - passed))
sys.exit(0 if tests and passed == len(tests) else 1)
PY
exit "$status"
