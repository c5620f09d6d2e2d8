#!/usr/bin/env python3
"""Runs a QEMU command that boots Xen with pvkern as its dom0 and passes the
console and exit status through, but fails the run when Xen's log shows it
went wrong, whatever the status:

  - Xen panicked ("Panic on CPU"), or dom0 crashed;
  - Xen reported a guest error (its lines for a vCPU name it: "d0v0 ...");
  - Xen did not build the dom0 kernel the test meant (64-bit, or 32-bit
    PAE for i386; with --pvh a PVH dom0);
  - the kernel did not say it was started by Xen (as a PV guest, or with
    --pvh as a PVH one, of the arch asked for).

A Xen panic or reboot makes QEMU exit 0, which the harness fails anyway;
this also catches a panic printed after the kernel's passing exit code.

  tests/xen_log_check.py [--pvh] PASS_STATUS ARCH -- QEMU ARGS...
"""
import argparse
import re
import sys

from teerun import tee_run

DOM0_KERNEL = {
    "x86_64": re.compile(r"^\(XEN\)\s+Dom0 kernel: 64-bit,", re.M),
    "i386": re.compile(r"^\(XEN\)\s+Dom0 kernel: 32-bit, PAE,", re.M),
}
FATAL = [
    (re.compile(r"Panic on CPU"), "Xen panicked"),
    (re.compile(r"^\(XEN\) .*\bDom(ain )?0 crashed", re.M | re.I), "dom0 crashed"),
    (re.compile(r"^\(XEN\) .*\bd0v\d+\b.*$", re.M), "Xen reported a guest error"),
]


PVH_DOM0 = re.compile(r"^\(XEN\) \*\*\* Building a PVH Dom0 \*\*\*$", re.M)


def problems(text, arch, pvh=False):
    found = []
    for pattern, what in FATAL:
        m = pattern.search(text)
        if m:
            found.append(f"{what}: '{m.group(0).strip()}'")
    dom0 = PVH_DOM0 if pvh else DOM0_KERNEL[arch]
    if not dom0.search(text):
        found.append(f"Xen's log does not show the expected {arch} {'PVH ' if pvh else ''}dom0 "
                     f"kernel ('{dom0.pattern}')")
    line = f"{arch} kernel on Xen PVH, started by pvh" if pvh else "kernel on Xen PV, started by xen"
    if not re.search(rf"^pvkern: (\S+ )?{line}\b", text, re.M):
        found.append(f"no '{line}' line from the kernel")
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pvh", action="store_true", help="pvkern is a PVH dom0")
    ap.add_argument("pass_status", type=int, help="QEMU's exit status for a pass")
    ap.add_argument("arch", choices=sorted(DOM0_KERNEL))
    ap.add_argument("qemu", nargs="+", help="QEMU and its arguments, after --")
    args = ap.parse_args()
    pass_status, arch, argv = args.pass_status, args.arch, args.qemu
    status, text = tee_run(argv)
    found = problems(text, arch, args.pvh)
    if found:
        print("\nxen-log-check: FAILED: " + "; ".join(found), flush=True)
        return 1 if status == pass_status else status
    print(f"\nxen-log-check: Xen built a {arch} {'PVH ' if args.pvh else ''}dom0 from pvkern; "
          "no panic, no guest error",
          flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
