"""How each kind of configuration is started: a function per kind that
returns the command line to run. A configuration that cannot run on this
machine raises NotAvailable; the harness reports it as not run and fails.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

QEMU = {"x86_64": "qemu-system-x86_64", "i386": "qemu-system-i386"}
QEMU_COMMON = [
    "-machine", "pc", "-m", "64", "-display", "none", "-vga", "none", "-nic", "none",
    "-monitor", "none", "-no-reboot", "-serial", "stdio",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
]

# isa-debug-exit: QEMU exits with (code << 1) | 1 (include/pvkern/kernel.h)
EXIT_PASS, EXIT_FAIL, EXIT_CRASH = 33, 35, 37


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
    return [QEMU[cfg.arch], *QEMU_COMMON, "-kernel", k, "-append", cfg.append]


def run_host(cfg):
    """A host test binary that prints KTAP and exits 0 when all passed."""
    return [need_file(os.path.join(ROOT, "build", "host", f"test-patch-{cfg.arch}"), "make host-tests")]


BOOTERS = {
    "kernel": boot_kernel,
    "host": run_host,
}

# What exit status means "all passed" for each kind (host tools use 0).
PASS_STATUS = {"host": 0}
