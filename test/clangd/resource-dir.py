"""kthread-clangd finds clang's resource directory without being told.

clangd derives it from its own path, which for this binary names a directory
that does not exist; kthread-clangd passes the installed clang 19's instead
unless the user gives one. Builtin headers hide the difference (Debian's
clang falls back to another copy), but a sanitizer's ignore list does not:
with -fsanitize=cfi (what Linux 5.13 to 6.0 pass with CONFIG_CFI_CLANG)
clang needs share/cfi_ignorelist.txt there, or the file does not compile.
"""

import os
import shutil
import sys

import lsp

TIMEOUT = 120


def compile_errors(clangd, workdir, extra_args):
    path = os.path.join(workdir, "cfi.c")
    client = lsp.start_session(
        [clangd, "--background-index=false"] + extra_args, workdir,
        os.path.join(workdir, "clangd%d.log" % len(extra_args)))
    try:
        uri = lsp.open_document(client, path, open(path).read())
        diagnostics = client.wait_diagnostics(uri, 1, TIMEOUT)
    finally:
        client.shutdown()
    return [d["message"] for d in diagnostics if d.get("severity") == 1]


def main():
    clangd, workdir = sys.argv[1], os.path.abspath(sys.argv[2])
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    with open(os.path.join(workdir, "cfi.c"), "w") as f:
        f.write("#include <stddef.h>\nsize_t count;\n")
    with open(os.path.join(workdir, "compile_flags.txt"), "w") as f:
        f.write("-std=gnu11\n-fsanitize=cfi\n-flto\n-fvisibility=hidden\n")
    print("default: %s" % (compile_errors(clangd, workdir, []) or "no errors"))
    elsewhere = os.path.join(workdir, "no-such-resource-dir")
    print("--resource-dir=%s: %s" % (
        os.path.basename(elsewhere),
        compile_errors(clangd, workdir, ["--resource-dir=" + elsewhere])))


if __name__ == "__main__":
    main()
