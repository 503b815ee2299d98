#!/usr/bin/env bash
# Installs what kthread-tidy needs from Debian's packages (only what is
# missing) and builds it into build/ with CMake and Ninja. Running it again
# only rebuilds what changed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
packages=(clang-19 clang-tidy-19 clangd-19 libclang-19-dev llvm-19-dev
          llvm-19-tools cmake ninja-build gcc g++ binutils python3 lua5.4)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run as root, or: apt-get install ${missing[*]}" >&2
    exit 2
  fi
  echo "[setup] installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have stale package lists: update only if needed.
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    { apt-get update -q >&2 &&
      apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
fi

if [ ! -f "$root/build/build.ninja" ]; then
  echo "[setup] configuring build/" >&2
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
echo "[setup] building" >&2
ninja -C "$root/build" >&2
