#!/usr/bin/env python3
"""Fail when the build or the tests used a Debian package the install step
would not bring to a fresh machine.

    tools/check-packages.py TRACE...

Each TRACE is an strace log (strace -f -z -e trace=%file,execve) of the build
or the test run. Every file the traced programs opened or executed is looked
up in dpkg's file lists; each package owning one must be in
tools/debian-packages.txt, a dependency (Depends, Pre-Depends, recursively) of
one there, or part of every Debian system (Essential, or priority required).
Anything else passes here only because someone installed it by hand, and fails
on a fresh machine: the script names it, with a file it owned, and exits 1.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
PACKAGE_LIST = os.path.join(ROOT, "tools", "debian-packages.txt")

# Files programs read only when present, and behave the same without: their
# packages are not needed.
OPPORTUNISTIC = [
    # glibc's setlocale()
    re.compile(r"^/usr/share/locale/locale\.alias$"),
    # libcrypto's configuration, read when it initialises
    re.compile(r"^/usr/lib/ssl/openssl\.cnf$"),
    # site.py reads the .pth files of whatever Python packages are installed,
    # and setuptools' one imports its hook
    re.compile(r"^/usr/lib/python3/dist-packages/[^/]*\.pth$"),
    re.compile(r"^/usr/lib/python3/dist-packages/_distutils_hack/"),
    # procps' libproc2 loads libnuma when it is there
    re.compile(r"/libnuma\.so\.1$"),
]

# openat(AT_FDCWD, "/usr/lib/...", O_RDONLY) = 3, execve("/usr/bin/x", ...)
PATH_IN_CALL = re.compile(r'^\s*(?:\d+\s+)?(?:\[pid\s+\d+\]\s+)?\w+\((?:AT_FDCWD|\d+<[^>]*>|\d+)?,?\s*"((?:[^"\\]|\\.)*)"')


def listed_packages():
    names = set()
    for line in open(PACKAGE_LIST):
        line = line.split("#", 1)[0]
        if ":" in line:
            names.update(line.split(":", 1)[1].split())
    return names


def installed():
    """Installed packages: name -> (depends, provides, essential, priority)."""
    out = subprocess.run(
        ["dpkg-query", "-W", "-f",
         "${db:Status-Abbrev}\t${Package}\t${Depends}, ${Pre-Depends}\t"
         "${Provides}\t${Essential}\t${Priority}\n"],
        check=True, capture_output=True, text=True).stdout
    packages = {}
    for line in out.splitlines():
        status, name, depends, provides, essential, priority = line.split("\t")
        if not status.startswith("ii"):
            continue
        packages[name] = (depends, provides, essential == "yes", priority)
    return packages


def alternatives(field):
    """'a (>= 1) | b, c' -> [['a', 'b'], ['c']], without versions or arch."""
    groups = []
    for group in field.split(","):
        names = [re.sub(r"[ (:].*", "", alt.strip()) for alt in group.split("|")]
        names = [n for n in names if n]
        if names:
            groups.append(names)
    return groups


def closure(roots, packages):
    providers = {}
    for name, (_, provides, _, _) in packages.items():
        for group in alternatives(provides):
            for virtual in group:
                providers.setdefault(virtual, []).append(name)
    seen, work = set(), [r for r in roots if r in packages]
    while work:
        name = work.pop()
        if name in seen:
            continue
        seen.add(name)
        for group in alternatives(packages[name][0]):
            for alt in group:
                found = [alt] if alt in packages else providers.get(alt, [])
                if found:
                    work.extend(found)
                    break
    return seen


def file_owners():
    owners = {}
    for listing in glob.glob("/var/lib/dpkg/info/*.list"):
        package = os.path.basename(listing)[:-len(".list")].split(":")[0]
        with open(listing, errors="surrogateescape") as f:
            for path in f:
                owners.setdefault(path.rstrip("\n"), package)
    return owners


def spellings(path):
    """The ways dpkg may list a file: as opened, normalised, resolved, and
    with or without Debian's merged /usr."""
    forms = {path, os.path.normpath(path), os.path.realpath(path)}
    for form in list(forms):
        if form.startswith("/usr/"):
            forms.add(form[len("/usr"):])
        else:
            forms.add("/usr" + form)
    return forms


def used_files(traces):
    """The files the traced programs asked for by name. A file a program
    opened inside a directory it had listed before (pkgconf looking through
    every .pc file for a missing module's Provides, ldconfig reading
    ld.so.conf.d) was found by listing: on a fresh machine it is absent, and
    the program carries on the same without it."""
    files = set()
    for trace in traces:
        listed = set()
        with open(trace, errors="surrogateescape") as f:
            for line in f:
                match = PATH_IN_CALL.match(line)
                if not match or not match.group(1).startswith("/"):
                    continue
                path = match.group(1).encode().decode("unicode_escape")
                pid = line.split(None, 1)[0]
                if "O_DIRECTORY" in line:
                    listed.add((pid, os.path.normpath(path)))
                elif (pid, os.path.dirname(os.path.normpath(path))) not in listed:
                    files.add(path)
    return files


def main():
    traces = sys.argv[1:]
    if not traces:
        sys.exit("usage: check-packages.py TRACE...")
    packages = installed()
    allowed = closure(listed_packages(), packages)
    allowed |= {n for n, (_, _, essential, priority) in packages.items()
                if essential or priority == "required"}
    allowed |= closure(allowed, packages)
    owners = file_owners()
    used = {}
    for path in used_files(traces):
        # Directories belong to many packages at once; files tell.
        if os.path.isdir(path) or any(o.search(path) for o in OPPORTUNISTIC):
            continue
        for form in spellings(path):
            if form in owners:
                used.setdefault(owners[form], path)
                break
    missing = {p: f for p, f in used.items() if p not in allowed}
    if missing:
        print("check-packages: the build or the tests used Debian packages "
              "that tools/debian-packages.txt does not bring:")
        for package in sorted(missing):
            print("  %s (for example %s)" % (package, missing[package]))
        sys.exit(1)
    print("check-packages: %d Debian packages used, all brought by "
          "tools/debian-packages.txt" % len(used))


if __name__ == "__main__":
    main()
