#!/usr/bin/env bash
# The main job on the bundled example: set up, build, then run the stock
# clang-tidy-19 with the kthread-tidy plugin over examples/drivers, as a CI
# job would. The examples compile against the project's imitation kernel
# headers; with --real-headers they compile against Linux 6.1's real headers
# and kbuild flags instead (prepared by tools/prepare-kernel.sh, ~3 minutes
# the first time).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
headers=imitation
case "${1:-}" in
  "") ;;
  --real-headers) headers=real ;;
  --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "run-example: unknown option: $1 (try --help)" >&2; exit 2 ;;
esac

bash "$root/tools/setup.sh"

if [ "$headers" = real ]; then
  flags_file=$(bash "$root/tools/prepare-kernel.sh")
  flags=$(cat "$flags_file")
else
  flags="-nostdinc -isystem $root/test/imitation/include -std=gnu11 -ffreestanding"
fi

# A compile database, as a kernel build's `make compile_commands.json` gives.
db="$root/build/examples"
mkdir -p "$db"
python3 - "$root/examples/drivers" "$db/compile_commands.json" "$flags" <<'PY'
import json, os, shlex, sys
src, out, flags = sys.argv[1], sys.argv[2], shlex.split(sys.argv[3])
entries = [{"directory": src, "file": os.path.join(src, name),
            "arguments": ["clang-19", *flags, "-c", os.path.join(src, name)]}
           for name in sorted(os.listdir(src)) if name.endswith(".c")]
json.dump(entries, open(out, "w"), indent=1)
PY

echo "[example] clang-tidy-19 --load build/lib/kthread-tidy.so on examples/drivers ($headers headers)" >&2
report="$db/report.txt"
clang-tidy-19 --load="$root/build/lib/kthread-tidy.so" --quiet -p "$db" \
  "$root"/examples/drivers/*.c > "$report" 2> "$db/clang-tidy.stderr" || {
  cat "$db/clang-tidy.stderr" "$report" >&2
  echo "run-example: clang-tidy failed" >&2
  exit 1
}
cat "$report"
warnings=$(grep -c ': warning: ' "$report" || true)
files=$(grep ': warning: ' "$report" | cut -d: -f1 | sort -u | wc -l)
echo "[example] $warnings findings in $files of $(ls "$root"/examples/drivers/*.c | wc -l) files" >&2
