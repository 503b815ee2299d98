"""Make a tiny stand-in for a kernel tree that kthread-audit --kernel-src
accepts: the marker files it looks for, a prepared state, and a Makefile
that answers kbuild's dry run (make -n) for drivers/ with one compile line per
object the .config selects, as kbuild prints them (relative paths, run from
the top of the tree).

Besides drivers/, fs/ holds a kthread user kbuild builds, samples/ one it
does not build, tools/ a host program that names kthread_run, and ipc/ a file
without kthread users: what an audit without paths chooses among.

Usage: make-tree.py DIR IMITATION_INCLUDE_DIR DRIVERS_SOURCE_DIR [HEXNAME]

HEXNAME, the hex bytes of a file name, adds a copy of tuner.c under that name
(which need not be UTF-8) to drivers/.

With SLEEP=N in the environment, reading the Makefile takes N seconds (a
$(shell sleep) that make -n runs too), so that a test can interrupt a dry run.
"""
import os
import shutil
import sys
import time

tree, include, drivers = sys.argv[1], sys.argv[2], sys.argv[3]
extra = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 else None
for d in ("kernel", "include/linux", "include/generated", "scripts/mod",
          "drivers", "fs", "samples", "tools", "ipc"):
    os.makedirs(os.path.join(tree, d), exist_ok=True)
for marker in ("Kbuild", "kernel/kthread.c", "include/linux/kthread.h",
               "scripts/mod/modpost", "drivers/Makefile", "fs/Makefile"):
    open(os.path.join(tree, marker), "w").close()
for name in ("tuner.c", "sensor_poll.c"):
    shutil.copy(os.path.join(drivers, name), os.path.join(tree, "drivers"))
shutil.copy(os.path.join(drivers, "rx_pipe.c"), os.path.join(tree, "fs"))
shutil.copy(os.path.join(drivers, "tuner.c"),
            os.path.join(tree, "samples", "unbuilt.c"))
shutil.copy(os.path.join(drivers, "tuner.c"), os.path.join(tree, "tools"))
with open(os.path.join(tree, "ipc", "msg.c"), "w") as ipc:
    ipc.write("int msg_count;\n")
if extra:
    shutil.copy(os.path.join(drivers, "tuner.c"),
                os.path.join(tree.encode(), b"drivers", extra))
with open(os.path.join(tree, ".config"), "w") as config:
    config.write("CONFIG_TUNER=y\nCONFIG_SENSOR=y\n")
with open(os.path.join(tree, "Makefile"), "w") as make:
    make.write("""# A stand-in for kbuild (see make-tree.py).
MAKEFLAGS += -rR
-include .config
FLAGS := -nostdinc -isystem {include} -std=gnu11 -ffreestanding
ifneq ($(SLEEP),)
$(info $(shell sleep $(SLEEP); echo fake-kernel-sleep-done))
endif
obj-$(CONFIG_TUNER) += drivers/tuner.o
obj-$(CONFIG_SENSOR) += drivers/sensor_poll.o

drivers/: $(obj-y)
ifeq ($(CONFIG_TUNER),y)
drivers/tuner.o:
\tclang-19 -Wp,-MMD,drivers/.tuner.o.d $(FLAGS) -c -o $@ drivers/tuner.c
endif
ifeq ($(CONFIG_SENSOR),y)
drivers/sensor_poll.o:
\tclang-19 -Wp,-MMD,drivers/.sensor_poll.o.d $(FLAGS) -c -o $@ drivers/sensor_poll.c
endif
fs/: fs/rx_pipe.o
fs/rx_pipe.o:
\tclang-19 $(FLAGS) -c -o $@ fs/rx_pipe.c
modules_prepare:
\ttouch include/generated/autoconf.h include/generated/asm-offsets.h
.PHONY: drivers/ fs/ modules_prepare
""".format(include=include))
if extra:
    with open(os.path.join(tree, "Makefile"), "ab") as make:
        make.write(b"drivers/: drivers/extra.o\ndrivers/extra.o:\n"
                   b"\tclang-19 $(FLAGS) -c -o $@ drivers/" + extra + b"\n")
# Prepared after the .config was written.
time.sleep(0.01)
for generated in ("include/generated/autoconf.h",
                  "include/generated/asm-offsets.h"):
    open(os.path.join(tree, generated), "w").close()
