#!/usr/bin/env bash
# Installs what kthread-tidy needs from Debian's packages (the build and test
# groups of tools/debian-packages.txt, only what is missing) and builds it
# into build/ with CMake and Ninja. Running it again only rebuilds what
# changed. With KTHREAD_PACKAGE_TRACE=DIR the configure and build steps run
# under strace, their traces in DIR, for tools/check-packages.py.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/tools/packages.sh"
echo "[setup] checking Debian packages" >&2
install_packages build test

# traced NAME CMD...: CMD, under strace when traces are asked for.
traced() {
  local name=$1
  shift
  if [ -n "${KTHREAD_PACKAGE_TRACE:-}" ]; then
    mkdir -p "$KTHREAD_PACKAGE_TRACE"
    strace -f -z -qq --seccomp-bpf -e trace=%file,execve \
      -o "$KTHREAD_PACKAGE_TRACE/$name.trace" "$@"
  else
    "$@"
  fi
}

if [ ! -f "$root/build/build.ninja" ]; then
  echo "[setup] configuring build/" >&2
  traced configure cmake -S "$root" -B "$root/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release >&2
fi
echo "[setup] building" >&2
traced build ninja -C "$root/build" >&2
