#!/usr/bin/env bash
# Prepare a real Linux 6.1 tree (Debian's linux-source-6.1) so that single C
# files can be compiled by clang-19 / clang-tidy-19 with real kbuild flags.
#
# Progress goes to stderr; on success stdout gets one line: the flags file.
# See --help.
set -euo pipefail

# Bump when the recipe changes, so old caches are rebuilt rather than trusted.
readonly RECIPE=1
readonly TARBALL=/usr/src/linux-source-6.1.tar.xz
readonly TARBALL_TOPDIR=linux-source-6.1
# A module object that allmodconfig on x86_64 builds as =m, so the dry run
# shows the real module compile line (-DMODULE etc.).
readonly PROBE_OBJ=drivers/dma-buf/st-dma-fence.o
readonly JOBS=2
# Pin ARCH so the flags describe x86_64 whatever the host is; clang cross-compiles.
readonly KMAKE=(make ARCH=x86_64 LLVM=-19)
# The packages: the kernel-build and test-kernel groups of the one list.
source "$(dirname "$0")/packages.sh"

# HOME can be unset under some CI runners; fall back to the passwd entry.
: "${HOME:=$(cd ~ && pwd)}"
CACHE="${KTHREAD_TIDY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kthread-tidy}"
TREE="$CACHE/linux-6.1"
LOGDIR="$CACHE/logs"
FLAGS_FILE="$TREE/kthread-tidy-flags.txt"
ENV_FILE="$TREE/kthread-tidy-env.sh"
# Two stamps, both inside the tree so deleting the tree deletes them:
# the tree stamp guards the slow part (unpack, config, modules_prepare),
# the done stamp is written last, after the flags were verified.
TREE_STAMP="$TREE/.kthread-tidy-tree.stamp"
DONE_STAMP="$TREE/.kthread-tidy-done.stamp"

usage() {
  cat <<EOF
Usage: ${0##*/} [--print-dir | --force | --help]

Unpack $TARBALL into
  $TREE
run 'make LLVM=-19 allmodconfig' (CONFIG_WERROR off) and 'modules_prepare',
derive the kbuild compile flags of one module object and write them, as one
shell-quoted line, to
  $FLAGS_FILE
plus $ENV_FILE
(exports KTHREAD_KERNEL_DIR and KTHREAD_KERNEL_FLAGS_FILE). Then check that a
small kthread module compiles with clang-19 and clang-tidy-19 using them.
Missing Debian packages are installed with apt-get. A finished tree is
stamped, so later runs return at once. Use the flags like this:
  eval "flags=( \$(cat "\$KTHREAD_KERNEL_FLAGS_FILE") )"
  clang-19 -fsyntax-only "\${flags[@]}" file.c

Options:
  --print-dir  print the tree directory and exit 0 if it is prepared, else exit 1
  --force      throw the cached tree away and prepare it again
  --help       show this help

Environment: KTHREAD_TIDY_CACHE (default \${XDG_CACHE_HOME:-\$HOME/.cache}/kthread-tidy)
Logs: $LOGDIR
EOF
}

say() { printf '[prepare-kernel] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# The stamp records the recipe and which tarball the tree came from, so a new
# linux-source-6.1 package or a new recipe leads to a rebuild.
stamp_text() {
  local id=none
  [[ -f $TARBALL ]] && id=$(stat -c '%s-%Y' "$TARBALL")
  printf 'recipe=%s tarball=%s\n' "$RECIPE" "$id"
}
stamp_ok() { [[ -f $1 ]] && [[ $(<"$1") == "$(stamp_text)" ]]; }

FORCE=0
while (($#)); do
  case $1 in
    --help|-h) usage; exit 0 ;;
    --print-dir)
      # Only the recipe is checked here: it must stay cheap and must not need
      # the tarball to be installed.
      if [[ -f $DONE_STAMP && $(<"$DONE_STAMP") == "recipe=$RECIPE "* && -f $FLAGS_FILE ]]; then
        printf '%s\n' "$TREE"; exit 0
      fi
      say "not prepared: $TREE (run ${0##*/} first)"; exit 1 ;;
    --force) FORCE=1 ;;
    *) printf '%s: unknown option: %s (try --help)\n' "${0##*/}" "$1" >&2; exit 2 ;;
  esac
  shift
done

# Callers such as make or ctest may leak settings that change kbuild's behaviour.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES KBUILD_OUTPUT KCONFIG_CONFIG \
      KCONFIG_ALLCONFIG ARCH CROSS_COMPILE CC LLVM O W C V 2>/dev/null || true
export LC_ALL=C

mkdir -p "$CACHE" "$LOGDIR"
# Serialise concurrent runs (e.g. parallel CI jobs) on the same cache.
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  say "waiting for another run holding $CACHE/.lock"
  flock 9
fi

# step NAME LOGNAME CMD...: run CMD with output in the log, print one line with
# the duration, and on failure print the log tail and exit. CMD runs as a
# background job so that 'set -e' still applies inside shell functions
# (it would be ignored in an 'if' or '||' context).
step() {
  local name=$1 log="$LOGDIR/$2.log" t0=$SECONDS rc=0
  shift 2
  printf '[prepare-kernel] %-34s ' "$name ..." >&2
  "$@" >"$log" 2>&1 &
  wait $! || rc=$?
  if ((rc == 0)); then
    printf 'ok (%ds)\n' $((SECONDS - t0)) >&2
    return 0
  fi
  printf 'FAILED (exit %d, %ds)\n' "$rc" $((SECONDS - t0)) >&2
  printf -- '----- last 40 lines of %s -----\n' "$log" >&2
  tail -n 40 "$log" >&2
  printf -- '-----\n' >&2
  exit 1
}


unpack() {
  rm -rf "$TREE" "$CACHE"/.unpack.*
  local tmp
  tmp=$(mktemp -d "$CACHE/.unpack.XXXXXX")
  tar -xJf "$TARBALL" -C "$tmp"
  # Move into place only once complete, so a killed unpack never looks like a tree.
  mv "$tmp/$TARBALL_TOPDIR" "$TREE"
  rmdir "$tmp"
}

disable_werror() {
  cd "$TREE"
  # New clang versions warn about things an old tree does not expect; warnings
  # must not stop the build.
  scripts/config --file .config --disable WERROR
  "${KMAKE[@]}" olddefconfig
  grep -qx '# CONFIG_WERROR is not set' .config
  grep -qx 'CONFIG_MODULES=y' .config
}

# extract_flags DRYRUN_OUTPUT: turn the 'make -n' output into the flags line.
extract_flags() {
  python3 - "$TREE" "$PROBE_OBJ" "$1" <<'PY'
import os, shlex, sys

tree, obj, dry_run = sys.argv[1:4]
src = obj[:-2] + ".c"
with open(dry_run) as f:
    text = f.read()

# Find the compiler invocation: the simple command (kbuild joins several with
# ';' on one line) that runs clang with '-c' on the probe source.
cmd = None
for line in text.splitlines():
    if src not in line or " -c " not in line:
        continue
    lex = shlex.shlex(line, posix=True, punctuation_chars=";&|")
    lex.whitespace_split = True
    simple, cur = [], []
    for tok in lex:
        if tok and set(tok) <= set(";&|"):
            simple.append(cur)
            cur = []
        else:
            cur.append(tok)
    simple.append(cur)
    for c in simple:
        if c and "clang" in os.path.basename(c[0]) and "-c" in c and src in c:
            cmd = c
            break
    if cmd:
        break
if cmd is None:
    sys.exit("no clang compile command for %s found in the dry-run output" % src)

def absolute(p):
    return p if os.path.isabs(p) else os.path.normpath(os.path.join(tree, p))

per_file_defines = ("-DKBUILD_BASENAME=", "-DKBUILD_MODNAME=",
                    "-D__KBUILD_MODNAME=", "-DKBUILD_MODFILE=")
# Options whose (separate or joined) argument is a path.
path_opts = ("-I", "-isystem", "-include", "-imacros", "-iquote", "-idirafter")
# '-opt=PATH' options kbuild may pass (randstruct seed, sanitizer lists, AutoFDO).
path_eq_opts = ("-frandomize-layout-seed-file=", "-fsanitize-ignorelist=",
                "-fsanitize-blacklist=", "-fsanitize-coverage-allowlist=",
                "-fsanitize-coverage-ignorelist=", "-fprofile-use=",
                "-fprofile-sample-use=")

out, dropped = [], []
args = cmd[1:]
i = 0
while i < len(args):
    a = args[i]
    i += 1
    if a == "-c" or a in (src, "./" + src):
        dropped.append(a)
    elif a == "-o":
        dropped += [a, args[i]]
        i += 1
    elif a.startswith(("-Wp,-MMD", "-Wp,-MD")) or a in ("-MMD", "-MD"):
        dropped.append(a)
    elif a.startswith(per_file_defines):
        dropped.append(a)
    elif a.startswith(("-fplugin", "-fplugin-arg-")):
        # GCC plugins; clang does not know them (not expected with LLVM=).
        dropped.append(a)
    elif a in path_opts:
        out += [a, absolute(args[i])]
        i += 1
    elif a.startswith(path_opts) and not a.startswith("-include-pch"):
        opt = next(o for o in sorted(path_opts, key=len, reverse=True) if a.startswith(o))
        out.append(opt + absolute(a[len(opt):]))
    elif a.startswith(path_eq_opts):
        opt, val = a.split("=", 1)
        out.append(opt + "=" + absolute(val))
    elif a == "-fmacro-prefix-map=./=":
        # Keep __FILE__ tree-relative, as in a real build, now that paths are absolute.
        out.append("-fmacro-prefix-map=" + tree + "/=")
    else:
        out.append(a)

if "-DMODULE" not in out:
    sys.exit("the probe object was not compiled as a module (no -DMODULE)")
for a in out:
    if a.startswith("./") or "=./" in a or a.startswith(("-Iarch", "-Iinclude")):
        sys.exit("relative path left in flags: " + a)

generic = ["-DKBUILD_MODNAME='\"kthread_tidy_case\"'",
           "-DKBUILD_BASENAME='\"kthread_tidy_case\"'",
           "-D__KBUILD_MODNAME=kmod_kthread_tidy_case"]
print(" ".join([shlex.quote(a) for a in out] + generic))
print("compiler: %s" % cmd[0], file=sys.stderr)
print("dropped: %s" % " ".join(dropped), file=sys.stderr)
PY
}

derive_flags() {
  cd "$TREE"
  # A dry run only prints the compile command if the object is out of date.
  rm -f "$PROBE_OBJ"
  "${KMAKE[@]}" -n "$PROBE_OBJ" >"$LOGDIR/dry-run.out"
  echo "dry run: $LOGDIR/dry-run.out"
  extract_flags "$LOGDIR/dry-run.out" >"$FLAGS_FILE.tmp"
  [[ $(wc -l <"$FLAGS_FILE.tmp") -eq 1 ]]
  mv "$FLAGS_FILE.tmp" "$FLAGS_FILE"
  printf 'export KTHREAD_KERNEL_DIR=%q\nexport KTHREAD_KERNEL_FLAGS_FILE=%q\n' \
    "$TREE" "$FLAGS_FILE" >"$ENV_FILE"
  cat "$FLAGS_FILE"
}

# Uses the kthread API the checks care about, plus the headers test cases include.
write_probe_source() {
  cat >"$1" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/err.h>
#include <linux/sched.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/freezer.h>

static DECLARE_WAIT_QUEUE_HEAD(kt_wq);
static bool kt_work_ready;
static struct task_struct *kt_task;

static int kt_thread_fn(void *data)
{
	while (!kthread_should_stop()) {
		if (wait_event_interruptible(kt_wq, kt_work_ready ||
					     kthread_should_stop()))
			continue;
		kt_work_ready = false;
		try_to_freeze();
		msleep(1);
	}
	return 0;
}

static int __init kt_init(void)
{
	kt_task = kthread_run(kt_thread_fn, NULL, "kthread_tidy_case");
	if (IS_ERR(kt_task))
		return PTR_ERR(kt_task);
	return 0;
}

static void __exit kt_exit(void)
{
	kthread_stop(kt_task);
}

module_init(kt_init);
module_exit(kt_exit);
MODULE_LICENSE("GPL");
EOF
}

# verify TOOL: compile the probe source with the flags from another directory,
# so relative paths would show up as errors.
verify() {
  local tool=$1 flags=()
  # Global, not local: the EXIT trap runs after this function has returned.
  VERIFY_DIR=$(mktemp -d)
  trap 'rm -rf "$VERIFY_DIR"' EXIT
  write_probe_source "$VERIFY_DIR/kthread_tidy_case.c"
  eval "flags=( $(<"$FLAGS_FILE") )"
  cd "$VERIFY_DIR"
  local out rc=0
  if [[ $tool == clang ]]; then
    out=$(clang-19 -fsyntax-only "${flags[@]}" kthread_tidy_case.c 2>&1) || rc=$?
  else
    out=$(clang-tidy-19 -checks='-*,linuxkernel-*' kthread_tidy_case.c -- "${flags[@]}" 2>&1) || rc=$?
  fi
  printf '%s\n' "$out"
  echo "exit status: $rc, warnings: $(grep -c 'warning:' <<<"$out" || true)"
  if ((rc != 0)) || grep -q 'error:' <<<"$out"; then
    echo "the kernel flags in $FLAGS_FILE do not compile a trivial kthread module with $tool"
    return 1
  fi
}

step "checking packages" packages install_packages kernel-build test-kernel
[[ -f $TARBALL ]] || die "$TARBALL is missing although linux-source-6.1 is installed"

if ((FORCE)); then
  rm -f "$DONE_STAMP" "$TREE_STAMP"
fi
if stamp_ok "$DONE_STAMP" && [[ -s $FLAGS_FILE && -f $ENV_FILE ]]; then
  say "already prepared: $TREE"
  printf '%s\n' "$FLAGS_FILE"
  exit 0
fi

if ! stamp_ok "$TREE_STAMP"; then
  # No finished tree: whatever is there is a leftover of a broken or older run.
  step "unpacking $TARBALL_TOPDIR" unpack unpack
  step "make allmodconfig" allmodconfig "${KMAKE[@]}" -C "$TREE" allmodconfig
  step "disable CONFIG_WERROR, olddefconfig" olddefconfig disable_werror
  step "make -j$JOBS modules_prepare" modules_prepare "${KMAKE[@]}" -C "$TREE" -j"$JOBS" modules_prepare
  stamp_text >"$TREE_STAMP"
fi

rm -f "$DONE_STAMP"
step "deriving flags from $PROBE_OBJ" flags derive_flags
step "verify: clang-19 -fsyntax-only" verify-clang verify clang
step "verify: clang-tidy-19" verify-clang-tidy verify clang-tidy
stamp_text >"$DONE_STAMP"

say "kernel tree: $TREE"
say "flags file:  $FLAGS_FILE"
say "env file:    $ENV_FILE"
printf '%s\n' "$FLAGS_FILE"
