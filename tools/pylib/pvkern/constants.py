"""Numbers the host scripts share with the kernel, read from the Python that
the build generates from the kernel's C headers (tools/mk/pylib.mk,
tools/pylib/gen/pvkern_constants.c): nothing here is copied by hand.

  for_arch(ARCH)   every constant for one target (the clobber masks and the
                   word size differ between x86_64 and i386)
  EXIT_PASS ...    the target-independent ones, at module level
  EXIT_STATUS      QEMU's exit status for each verdict: isa-debug-exit makes
                   QEMU exit with (code << 1) | 1
  OP_NAMES         op type number -> name (save_fl, ...)

  constants.py [--arch ARCH]   prints them (NAME = value)
"""
import argparse
import os
import subprocess
import sys
import types

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pvkern import ROOT  # noqa: E402

ARCHES = ("x86_64", "i386")
GEN_DIR = os.path.join(ROOT, "build", "generated", "python")
_cache = {}


def generated_path(arch):
    return os.path.join(GEN_DIR, f"pvkern_constants_{arch}.py")


def for_arch(arch):
    if arch not in ARCHES:
        raise ValueError(f"unknown arch {arch!r} (one of {', '.join(ARCHES)})")
    if arch not in _cache:
        path = generated_path(arch)
        if not os.path.exists(path):
            # A fresh tree: generate them (cheap: one compile per target).
            p = subprocess.run(["make", "-s", "--no-print-directory", "pylib"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if p.returncode != 0 or not os.path.exists(path):
                raise SystemExit(f"{os.path.relpath(path, ROOT)} is missing and `make pylib` "
                                 f"failed:\n{p.stdout}")
        ns = {}
        with open(path) as f:
            exec(compile(f.read(), path, "exec"), ns)
        _cache[arch] = types.SimpleNamespace(**{k: v for k, v in ns.items() if k.isupper() or
                                                k.startswith(("PV_IRQ_", "PV_MMU_", "CLBR_"))})
    return _cache[arch]


_common = for_arch("x86_64")
EXIT_PASS, EXIT_FAIL, EXIT_CRASH = _common.EXIT_PASS, _common.EXIT_FAIL, _common.EXIT_CRASH
DEBUG_EXIT_PORT = _common.DEBUG_EXIT_PORT
EXIT_STATUS = {"pass": (EXIT_PASS << 1) | 1, "fail": (EXIT_FAIL << 1) | 1,
               "crash": (EXIT_CRASH << 1) | 1}
# Both op groups' types (irq 0.., mmu 16..), by number.
OP_NAMES = {v: k[len("PV_IRQ_"):] for k, v in vars(_common).items()
            if k.startswith(("PV_IRQ_", "PV_MMU_")) and k not in ("PV_IRQ_NR", "PV_MMU_NR", "PV_MMU_FIRST")}
OP_TYPES = {name: t for t, name in OP_NAMES.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", choices=ARCHES, default="x86_64")
    args = ap.parse_args()
    for k, v in sorted(vars(for_arch(args.arch)).items()):
        print(f"{k} = {v}")


if __name__ == "__main__":
    main()
