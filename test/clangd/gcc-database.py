"""kthread-clangd on the compile database of a GCC build.

A GCC build's commands carry flags clang rejects (-fconserve-stack,
-mindirect-branch=thunk-extern, ...): clangd reports each as an error and
the file's diagnostics are those of a broken command. `kthread-audit -p DIR
--clangd-config` writes the .clangd whose CompileFlags remove them, from
the same flag filter the audit uses; with it the file has no error and the
kthread findings show, as many as the plugin finds with clang's flags.
"""

import json
import os
import shutil
import subprocess
import sys

import lsp

TIMEOUT = 120
GCC_FLAGS = ["-fconserve-stack", "-mno-fp-ret-in-387",
             "-mpreferred-stack-boundary=3", "-mskip-rax-setup",
             "-mindirect-branch=thunk-extern", "-fno-allow-store-data-races"]


def diagnostics(clangd, workdir, path):
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(workdir, "config"))
    client = lsp.start_session([clangd, "--background-index=false"], workdir,
                               os.path.join(workdir, "clangd.log"), env)
    try:
        uri = lsp.open_document(client, path, open(path).read())
        found = client.wait_diagnostics(uri, 1, TIMEOUT)
    finally:
        client.shutdown()
    errors = [d["message"] for d in found if d.get("severity") == 1]
    kthread = [d for d in found if str(d.get("code", "")).startswith("kthread-")]
    return errors, kthread


def main():
    clangd, audit, plugin, source, imitation, workdir = [
        os.path.abspath(a) if os.path.exists(a) or i == 5 else a
        for i, a in enumerate(sys.argv[1:7])]
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(os.path.join(workdir, "config"))
    path = os.path.join(workdir, "tuner.c")
    shutil.copy(source, path)
    command = (["gcc", "-nostdinc", "-isystem", imitation, "-std=gnu11",
                "-ffreestanding"] + GCC_FLAGS + ["-c", "-o", "tuner.o", path])
    with open(os.path.join(workdir, "compile_commands.json"), "w") as f:
        json.dump([{"directory": workdir, "file": path, "arguments": command}],
                  f)
    with open(os.path.join(workdir, ".clang-tidy"), "w") as f:
        f.write("Checks: '-*,kthread-*'\n")
    errors, kthread = diagnostics(clangd, workdir, path)
    print("without .clangd: %d errors, %d kthread findings" %
          (len(errors), len(kthread)))
    for message in sorted(errors):
        print("  " + message)
    config = subprocess.run([audit, "-p", workdir, "--clangd-config"],
                            stdout=subprocess.PIPE, text=True, check=True)
    with open(os.path.join(workdir, ".clangd"), "w") as f:
        f.write(config.stdout)
    print(config.stdout, end="")
    errors, kthread = diagnostics(clangd, workdir, path)
    print("with .clangd: %d errors, %d kthread findings" %
          (len(errors), len(kthread)))
    tidy = subprocess.run(
        ["clang-tidy-19", "--load=" + plugin, "--quiet", "-checks=-*,kthread-*",
         path, "--", "-nostdinc", "-isystem", imitation, "-std=gnu11",
         "-ffreestanding"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True)
    print("the plugin: %d kthread findings" % tidy.stdout.count("warning:"))


if __name__ == "__main__":
    main()
