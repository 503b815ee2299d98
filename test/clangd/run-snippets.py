"""Runs the guide's shell snippets as a reader would, and prints what they say.

`ci`: in a project made of the guide's compile database and CI .clang-tidy,
runs the run-clang-tidy-19 snippet on a driver with a kthread bug (it must
fail and print the finding) and on a clean one (it must pass). PATH is
stripped of LLVM's tool directories, as in a user's shell.

`make`: installs the guide's clang-tidy wrapper in a home directory and runs
the guide's `make ... clang-tidy` commands on an out-of-tree module built
against the prepared kernel tree. That tree has no built vmlinux, so modpost
cannot resolve the kernel's symbols: KBUILD_MODPOST_WARN=1 makes that a
warning, as it would not be against a built kernel. PYTHONUNBUFFERED is
taken out of the environment: the guide's commands must set it themselves,
or the kernel's run-clang-tools.py can lose reports (see the guide).
"""

import argparse
import os
import shutil
import stat
import subprocess
import sys

import guide


def user_path():
    return os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep)
        if not os.path.realpath(p).startswith("/usr/lib/llvm-"))


def run_snippet(args, name, cwd, env):
    script = guide.fill(guide.snippet(args.guide, name), args.repo, args.build)
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)


def write(path, text, mode=None):
    with open(path, "w") as f:
        f.write(text)
    if mode:
        os.chmod(path, mode)


def fresh(directory):
    if os.path.exists(directory):
        shutil.rmtree(directory)
    os.makedirs(directory)


def ci(args):
    project = os.path.join(args.workdir, "sensor")
    fresh(project)
    database = guide.snippet(args.guide, "compile-commands")
    write(os.path.join(project, "compile_commands.json"),
          guide.fill(database.replace("/home/me/sensor", project), args.repo))
    write(os.path.join(project, ".clang-tidy"),
          guide.snippet(args.guide, "ci-clang-tidy"))
    env = dict(os.environ, PATH=user_path())
    drivers = os.path.join(args.repo, "examples", "drivers")
    for example in ("sensor_poll.c", "clean_poller.c"):
        shutil.copy(os.path.join(drivers, example),
                    os.path.join(project, "sensor.c"))
        run = run_snippet(args, "ci-run-clang-tidy", project, env)
        print("== %s: exit status %d" % (example, run.returncode))
        print(run.stdout)


def make(args):
    home = os.path.join(args.workdir, "home")
    module = os.path.join(args.workdir, "module")
    fresh(os.path.join(home, "bin", "kthread"))
    fresh(module)
    wrapper = guide.snippet(args.guide, "make-clang-tidy-wrapper")
    write(os.path.join(home, "bin", "kthread", "clang-tidy"),
          guide.fill(wrapper, args.repo, args.build),
          stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP)
    with open(os.path.join(args.repo, "examples", "drivers",
                           "sensor_poll.c")) as f:
        driver = f.read()
    # modpost refuses a module without a licence.
    write(os.path.join(module, "sensor_poll.c"),
          driver + '\n#include <linux/module.h>\nMODULE_LICENSE("GPL");\n')
    write(os.path.join(module, "Kbuild"), "obj-m := sensor_poll.o\n")
    env = dict(os.environ, PATH=user_path(), HOME=home, KDIR=args.kernel_dir,
               KBUILD_MODPOST_WARN="1")
    env.pop("PYTHONUNBUFFERED", None)
    run = run_snippet(args, "make-clang-tidy-commands", module, env)
    print("== make clang-tidy: exit status %d" % run.returncode)
    print(run.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["ci", "make"])
    parser.add_argument("--guide", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--kernel-dir")
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    args.workdir = os.path.abspath(args.workdir)
    args.repo = os.path.abspath(args.repo)
    {"ci": ci, "make": make}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
