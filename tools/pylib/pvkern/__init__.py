"""Python shared by the test harness (tests/), the benchmarks (tools/bench/)
and the tool tests (tests/tools/), one module per concern:

  constants  numbers shared with the kernel (exit codes, op types, the record
             layout, clobber masks), generated from its C headers
  qemu       QEMU's command lines, for QEMU -kernel, the GRUB ISOs and Xen
  elf        sections, symbols and bytes of an ELF file
  records    .parainstructions records: decode and change them
  ktap       reading and writing KTAP

A script reaches it with
    sys.path.insert(0, os.path.join(ROOT, "tools", "pylib"))
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
