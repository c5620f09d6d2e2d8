#!/usr/bin/env python3
"""dom0 without QEMU's exit port (matrix kind "xen-poweroff"): the kernel
must end the run by itself, powering the machine off through Xen (ACPI S5),
with its verdict on the console.

As a booter, boot() is boot_xen's command line without the isa-debug-exit
device, run through this file as a checker:

  tests/xen_poweroff.py ARCH -- QEMU ARGS...

QEMU exits 0 on a power-off, but also on a Xen reboot or a dom0 crash, so
the status alone proves nothing: the run counts as the kernel's pass
status (33, what the harness expects of a Xen row) only when QEMU exited 0,
Xen's log shows it entered S5, the kernel said its run passed, and
tests/xen_log_check.py finds nothing wrong. Otherwise it exits 1.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import booters  # noqa: E402
import xen_log_check  # noqa: E402
from teerun import tee_run  # noqa: E402

EXIT_DEVICE = ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
S5 = "(XEN) Entering ACPI S5 state."
PASSED = "pvkern: run ended: PASS"


def boot(cfg):
    argv = booters.boot_xen(cfg)
    qemu = argv[argv.index("--") + 1:]
    for i in range(len(qemu) - 1):
        if qemu[i:i + 2] == EXIT_DEVICE:
            del qemu[i:i + 2]
            break
    else:
        raise booters.NotAvailable("boot_xen's command line has no isa-debug-exit device to leave out")
    return [sys.executable, os.path.abspath(__file__), cfg.arch, "--", *qemu]


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    arch, argv = sys.argv[1], sys.argv[3:]
    status, text = tee_run(argv)
    found = xen_log_check.problems(text, arch)
    if status != 0:
        found.append(f"QEMU exit status {status}, expected 0 (a power-off)")
    for line, what in ((S5, "Xen did not enter ACPI S5"), (PASSED, "no passing verdict")):
        if line not in text:
            found.append(f"{what} ('{line}' missing)")
    if found:
        print("\nxen-poweroff: FAILED: " + "; ".join(found), flush=True)
        return 1
    print("\nxen-poweroff: dom0 powered the machine off through Xen (ACPI S5) after a pass",
          flush=True)
    return booters.EXIT_PASS


if __name__ == "__main__":
    sys.exit(main())
