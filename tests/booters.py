"""How each kind of configuration is started: a function per kind that
returns the command line to run. A configuration that cannot run on this
machine raises NotAvailable; the harness reports it as not run and fails.

QEMU's command lines themselves come from tools/pylib/pvkern/qemu.py: every
QEMU boot runs under -icount, so its verdict does not depend on host load.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools", "pylib"))
from pvkern import qemu  # noqa: E402

# QEMU's exit status for each verdict (isa-debug-exit, include/pvkern/kernel.h)
EXIT_PASS, EXIT_FAIL, EXIT_CRASH = (qemu.EXIT_STATUS[v] for v in ("pass", "fail", "crash"))


class NotAvailable(Exception):
    pass


def kernel_path(cfg):
    return os.path.join(ROOT, "build", cfg.arch + cfg.variant, "pvkern.elf")


def need_file(path, how):
    if not os.path.exists(path):
        raise NotAvailable(f"{os.path.relpath(path, ROOT)} is missing ({how})")
    return path


def boot_kernel(cfg):
    """QEMU -kernel: the multiboot1 path."""
    k = need_file(kernel_path(cfg), "make ARCH=%s" % cfg.arch)
    return qemu.kernel_argv(cfg.arch, k, cfg.append)


def iso_path(cfg):
    """build/<arch>/pvkern.iso, or pvkern-ENTRY.iso when the test boots a
    non-default GRUB entry: that ISO has ENTRY as its default (tools/mk/iso.mk)."""
    entry = cfg.extra.get("grub_default", "native")
    name = "pvkern.iso" if entry == "native" else f"pvkern-{entry}.iso"
    return os.path.join(ROOT, "build", cfg.arch + cfg.variant, name)


def boot_iso(cfg):
    """GRUB from a CD image, no -kernel: the multiboot2 path. cfg.append is the
    command line the chosen GRUB entry must pass; tests/grub_log_check.py
    fails the run unless the console shows that, GRUB and the multiboot2
    memory map."""
    iso = need_file(iso_path(cfg), "make iso-matrix ARCH=%s" % cfg.arch)
    return [sys.executable, os.path.join(ROOT, "tests", "grub_log_check.py"),
            str(PASS_STATUS.get(cfg.kind, EXIT_PASS)), cfg.append, "--",
            *qemu.iso_argv(cfg.arch, iso)]


def boot_xen(cfg):
    """Xen from QEMU -kernel, pvkern as its dom0 (the multiboot module, whose
    string is the kernel's path and command line). extra: "smp" (vCPUs) and
    "xen_append" (more hypervisor options). tests/xen_log_check.py fails the
    run on a Xen panic, a guest error or the wrong kind of dom0 kernel."""
    rel, how = qemu.XEN_HYPERVISOR[cfg.arch]
    xen = need_file(os.path.join(ROOT, rel), how)
    k = need_file(kernel_path(cfg), "make ARCH=%s" % cfg.arch)
    try:
        argv = qemu.xen_argv(xen, k, cfg.append, smp=cfg.extra.get("smp", 1),
                             xen_append=cfg.extra.get("xen_append", ""))
    except ValueError as e:
        raise NotAvailable(str(e))
    return [sys.executable, os.path.join(ROOT, "tests", "xen_log_check.py"),
            str(PASS_STATUS.get(cfg.kind, EXIT_PASS)), cfg.arch, "--", *argv]


def run_host(cfg):
    """A host test binary that prints KTAP and exits 0 when all passed."""
    return [need_file(os.path.join(ROOT, "build", "host", f"test-patch-{cfg.arch}"), "make host-tests")]


def run_tool(cfg):
    """Host tool tests (tests/tools/tooltest.py): KTAP, exit 0 when all passed.
    extra["suite"] is "fixtures", "malformed" or "kernel"."""
    suite = cfg.extra["suite"]
    need_file(os.path.join(ROOT, "build", "tools", "paracheck"), "make tools")
    args = {"fixtures": [], "malformed": [cfg.arch], "kernel": [cfg.arch, f"--variant={cfg.variant}"]}[suite]
    return ["python3", os.path.join(ROOT, "tests", "tools", "tooltest.py"), suite, *args]


def run_bench(cfg):
    """Exact facts about the benchmark mode (tools/bench/check.py): boots the
    no-paravirt and native kernels of cfg.arch under QEMU -icount, one at a
    time, and prints KTAP; exit 0 when all hold."""
    for variant, how in (("", "make ARCH=%s"), ("-nopv", "make bench-floor-kernels ARCH=%s")):
        need_file(os.path.join(ROOT, "build", cfg.arch + variant, "pvkern.elf"), how % cfg.arch)
    return [sys.executable, os.path.join(ROOT, "tools", "bench", "check.py"), cfg.arch]


BOOTERS = {
    "kernel": boot_kernel,
    "host": run_host,
    "tool": run_tool,
    "iso": boot_iso,
    "xen": boot_xen,
    "bench": run_bench,
}

# What exit status means "all passed" for each kind (host tools use 0).
PASS_STATUS = {"host": 0, "tool": 0, "bench": 0}
