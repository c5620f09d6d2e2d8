#!/usr/bin/env python3
"""Runs a QEMU command that boots a GRUB ISO and passes its console and exit
status through, but turns a passing status into 1 when the console does not
prove that the intended path was taken: GRUB started the kernel through
multiboot2, the kernel printed the memory map multiboot2 gave it, the
command line is the one of the GRUB entry the test meant to boot (so an ISO
whose default entry silently fell back to entry 0 cannot pass), and the
firmware is the one meant: the kernel says "on UEFI" when GRUB hands it the
EFI system table, and only then.

  tests/grub_log_check.py PASS_STATUS EXPECTED_CMDLINE bios|uefi -- QEMU ARGS...
"""
import argparse
import re
import sys

from teerun import tee_run


def problems(text, cmdline, firmware):
    found = []
    started = re.search(r"started by multiboot2 from GRUB\b.*", text)
    if not started:
        found.append("no 'started by multiboot2 from GRUB' line")
    else:
        if not re.search(r"^memory map \(\d+ entries\):", text[started.end():], re.M):
            found.append("no memory map after the multiboot2 line")
        on_uefi = started.group(0).endswith(" on UEFI")
        if on_uefi != (firmware == "uefi"):
            found.append(f"booted {'by UEFI' if on_uefi else 'without UEFI'}, expected {firmware}")
    if f"command line: '{cmdline}'" not in text:
        found.append(f"no \"command line: '{cmdline}'\" line: GRUB booted another entry?")
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pass_status", type=int, help="QEMU's exit status for a pass")
    ap.add_argument("cmdline", help="the command line the GRUB entry must pass")
    ap.add_argument("firmware", choices=["bios", "uefi"])
    ap.add_argument("qemu", nargs="+", help="QEMU and its arguments, after --")
    args = ap.parse_args()
    pass_status, cmdline, firmware, argv = args.pass_status, args.cmdline, args.firmware, args.qemu
    status, text = tee_run(argv)
    if status == pass_status:
        found = problems(text, cmdline, firmware)
        if found:
            print("\ngrub-log-check: FAILED: " + "; ".join(found), flush=True)
            return 1
        print(f"\ngrub-log-check: GRUB booted the kernel by {firmware} through multiboot2 "
              f"with command line '{cmdline}'", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
