#!/usr/bin/env python3
"""Runs a QEMU command that boots Xen with pvkern as its dom0 and passes the
console and exit status through, but fails the run when Xen's log shows it
went wrong, whatever the status:

  - Xen panicked ("Panic on CPU"), or dom0 crashed;
  - Xen reported a guest error (its lines for a vCPU name it: "d0v0 ...");
  - Xen did not build the dom0 kernel the test meant (64-bit, or 32-bit
    PAE for i386);
  - the kernel did not say it was started by Xen.

A Xen panic or reboot makes QEMU exit 0, which the harness fails anyway;
this also catches a panic printed after the kernel's passing exit code.

  tests/xen_log_check.py PASS_STATUS ARCH -- QEMU ARGS...
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


def problems(text, arch):
    found = []
    for pattern, what in FATAL:
        m = pattern.search(text)
        if m:
            found.append(f"{what}: '{m.group(0).strip()}'")
    if not DOM0_KERNEL[arch].search(text):
        found.append(f"Xen's log does not show the expected {arch} dom0 kernel "
                     f"('{DOM0_KERNEL[arch].pattern}')")
    if not re.search(r"^pvkern: \S+ kernel on Xen PV, started by xen\b", text, re.M):
        found.append("no 'kernel on Xen PV, started by xen' line from the kernel")
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pass_status", type=int, help="QEMU's exit status for a pass")
    ap.add_argument("arch", choices=sorted(DOM0_KERNEL))
    ap.add_argument("qemu", nargs="+", help="QEMU and its arguments, after --")
    args = ap.parse_args()
    pass_status, arch, argv = args.pass_status, args.arch, args.qemu
    status, text = tee_run(argv)
    found = problems(text, arch)
    if found:
        print("\nxen-log-check: FAILED: " + "; ".join(found), flush=True)
        return 1 if status == pass_status else status
    print(f"\nxen-log-check: Xen built a {arch} dom0 from pvkern; no panic, no guest error",
          flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
