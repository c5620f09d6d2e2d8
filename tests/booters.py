"""How each kind of configuration is started: a function per kind that
returns the command line to run. A configuration that cannot run on this
machine raises NotAvailable; the harness reports it as not run and fails.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools", "pylib"))
from pvkern import qemu as qemu_lines  # noqa: E402

# QEMU's command lines come from tools/pylib/pvkern/qemu.py: every boot runs
# under -icount, so its verdict does not depend on how busy the host is.
QEMU = qemu_lines.QEMU
QEMU_BASE = [*qemu_lines.PC_BASE, *qemu_lines.SERIAL, *qemu_lines.icount()]
EXIT_DEVICE = qemu_lines.EXIT_DEVICE
QEMU_COMMON = [*QEMU_BASE, *EXIT_DEVICE]

# QEMU's exit status for each verdict (isa-debug-exit, include/pvkern/kernel.h)
EXIT_PASS, EXIT_FAIL, EXIT_CRASH = (qemu_lines.EXIT_STATUS[v] for v in ("pass", "fail", "crash"))


class NotAvailable(Exception):
    pass


def qemu_common(cfg):
    """QEMU_COMMON, without the exit device when extra["no_exit_port"]: the
    kernel then ends the run by ACPI power-off (or a reset), QEMU exits 0
    by itself and the verdict comes from the console alone. With
    extra["tcg"] == "parallel", QEMU's parallel TCG instead of -icount (the
    CPUs of an -smp boot run at once)."""
    args = QEMU_BASE if cfg.extra.get("no_exit_port") else QEMU_COMMON
    tcg = cfg.extra.get("tcg", "icount")
    if tcg == "parallel":
        return with_clock(args, qemu_lines.parallel_tcg())
    if tcg != "icount":
        raise NotAvailable(f"unknown extra tcg={tcg!r} (icount or parallel)")
    return with_clock(args, icount_args(cfg))


def icount_args(cfg):
    """-icount at extra["icount_shift"] (2^shift ns an instruction), by default
    the matrix's SHIFT."""
    return qemu_lines.icount(cfg.extra.get("icount_shift", qemu_lines.SHIFT))


def with_clock(args, clock):
    """args with its -icount options replaced by clock."""
    default = qemu_lines.icount()
    at = args.index(default[0])
    return args[:at] + clock + args[at + len(default):]


def pass_status(cfg):
    """The exit status of a passing run."""
    if cfg.extra.get("no_exit_port"):
        return 0
    return PASS_STATUS.get(cfg.kind, EXIT_PASS)


def kernel_path(cfg):
    return os.path.join(ROOT, "build", cfg.arch + cfg.variant, "pvkern.elf")


def need_file(path, how):
    if not os.path.exists(path):
        raise NotAvailable(f"{os.path.relpath(path, ROOT)} is missing ({how})")
    return path


def boot_kernel(cfg):
    """QEMU -kernel: the multiboot1 path."""
    k = need_file(kernel_path(cfg), "make ARCH=%s" % cfg.arch)
    return [QEMU[cfg.arch], *qemu_common(cfg), *cfg.extra.get("qemu_args", []), "-kernel", k,
            "-append", cfg.append]


def iso_path(cfg):
    """build/<arch>/pvkern.iso, or pvkern-ENTRY.iso when the test boots a
    non-default GRUB entry: that ISO has ENTRY as its default (tools/mk/iso.mk)."""
    entry = cfg.extra.get("grub_default", "native")
    name = "pvkern.iso" if entry == "native" else f"pvkern-{entry}.iso"
    return os.path.join(ROOT, "build", cfg.arch + cfg.variant, name)


OVMF = "/usr/share/OVMF"
# The firmware an ISO boots under: extra["firmware"], each with the QEMU
# (by CPU; None: the kernel's own), machine, flash images and Debian package.
# SeaBIOS is QEMU's default. OVMF (UEFI) is two flash chips: the code,
# read-only, and the variable store, whose writes QEMU throws away at exit
# (snapshot=on). The ia32 OVMF Debian ships is its Secure Boot build, which
# needs SMM and so the q35 machine.
FIRMWARE = {
    "seabios": (None, "pc", (), (), None),
    "ovmf": ("x86_64", "pc", ("OVMF_CODE_4M.fd", "OVMF_VARS_4M.fd"), (), "ovmf"),
    "ovmf32": ("i386", "q35,smm=on", ("OVMF32_CODE_4M.secboot.fd", "OVMF32_VARS_4M.fd"),
               ("-global", "driver=cfi.pflash01,property=secure,value=on"), "ovmf-ia32"),
}


def firmware_args(cfg):
    """QEMU and its arguments for booting under extra["firmware"]."""
    name = cfg.extra.get("firmware", "seabios")
    if name not in FIRMWARE:
        raise NotAvailable(f"unknown firmware {name!r} (known: {', '.join(FIRMWARE)})")
    cpu, machine, flash, more, package = FIRMWARE[name]
    args = [QEMU[cpu or cfg.arch], *qemu_common(cfg), *more]
    args[args.index("-machine") + 1] = machine
    if flash:
        code, store = (need_file(os.path.join(OVMF, f), "apt-get install " + package) for f in flash)
        args += ["-drive", f"if=pflash,format=raw,readonly=on,file={code}",
                 "-drive", f"if=pflash,format=raw,snapshot=on,file={store}"]
    return args


def boot_iso(cfg):
    """GRUB from a CD image, no -kernel: the multiboot2 path, by BIOS or UEFI
    (extra["firmware"]: seabios, ovmf or ovmf32). cfg.append is the
    command line the chosen GRUB entry must pass; tests/grub_log_check.py
    fails the run unless the console shows that, GRUB and the multiboot2
    memory map."""
    iso = need_file(iso_path(cfg), "make iso-matrix ARCH=%s" % cfg.arch)
    qemu = [*firmware_args(cfg), *cfg.extra.get("qemu_args", []), "-cdrom", iso, "-boot", "d"]
    return [sys.executable, os.path.join(ROOT, "tests", "grub_log_check.py"),
            str(pass_status(cfg)), cfg.append,
            "bios" if cfg.extra.get("firmware", "seabios") == "seabios" else "uefi", "--", *qemu]


def boot_screen(cfg):
    """A boot of kind extra["boot"] ("kernel" or "iso") with a VGA card, whose
    kernel holds the screen after its verdict (cfg.append, or the GRUB entry,
    must have screen.hold): tests/screen_check.py takes a screenshot over QMP
    and fails the run unless the kernel used extra["screen"] ("framebuffer"
    or "vga-text") and the screen shows the verdict line."""
    inner = {"kernel": boot_kernel, "iso": boot_iso}[cfg.extra["boot"]](cfg)
    inner[inner.index("-vga") + 1] = "std"
    logs = os.path.join(ROOT, "build", "test-logs")
    os.makedirs(logs, exist_ok=True)
    qmp, image = (os.path.join(logs, cfg.name + ext) for ext in (".qmp", ".ppm"))
    inner += ["-qmp", f"unix:{qmp},server=on,wait=off"]
    return [sys.executable, os.path.join(ROOT, "tests", "screen_check.py"),
            str(pass_status(cfg)), cfg.extra["screen"], qmp, image, "--", *inner]


XEN_HYPERVISOR = qemu_lines.XEN_HYPERVISOR
XEN_QEMU = ["qemu-system-x86_64", *qemu_lines.XEN, *qemu_lines.SERIAL, *qemu_lines.icount()]
XEN_APPEND = qemu_lines.XEN_APPEND


def boot_xen(cfg):
    """Xen from QEMU -kernel, pvkern as its dom0 (the multiboot module, whose
    string is the kernel's path and command line). extra: "smp" (vCPUs) and
    "xen_append" (more hypervisor options). tests/xen_log_check.py fails the
    run on a Xen panic, a guest error or the wrong kind of dom0 kernel."""
    rel, how = XEN_HYPERVISOR[cfg.arch]
    xen = need_file(os.path.join(ROOT, rel), how)
    k = need_file(kernel_path(cfg), "make ARCH=%s" % cfg.arch)
    module = " ".join([k, *cfg.append.split()])
    if "," in module:
        # QEMU splits multiboot modules at commas.
        raise NotAvailable(f"the dom0 command line may not contain commas: {module!r}")
    xen_qemu = [a for a in XEN_QEMU if a not in EXIT_DEVICE] if cfg.extra.get("no_exit_port") else XEN_QEMU
    qemu = [*with_clock(xen_qemu, icount_args(cfg)), "-smp", str(cfg.extra.get("smp", 1)), "-kernel", xen,
            "-initrd", module,
            "-append", " ".join([XEN_APPEND, cfg.extra.get("xen_append", "")]).strip()]
    return [sys.executable, os.path.join(ROOT, "tests", "xen_log_check.py"),
            str(pass_status(cfg)), cfg.arch, "--", *qemu]


def boot_pvh(cfg):
    """Xen with pvkern as a PVH dom0: q35 with an emulated IOMMU, Xen told
    dom0=pvh iommu=1, Debian's Xen for both arches (PVH needs no PV32).
    Otherwise as boot_xen; tests/xen_log_check.py --pvh checks that Xen built
    a PVH dom0 and the kernel ran as one."""
    rel, how = qemu_lines.XEN_PVH_HYPERVISOR
    xen = need_file(os.path.join(ROOT, rel), how)
    k = need_file(kernel_path(cfg), "make ARCH=%s" % cfg.arch)
    module = " ".join([k, *cfg.append.split()])
    if "," in module:
        raise NotAvailable(f"the dom0 command line may not contain commas: {module!r}")
    xen_qemu = [a for a in XEN_QEMU if a not in EXIT_DEVICE] if cfg.extra.get("no_exit_port") else XEN_QEMU
    qemu = [*with_clock(xen_qemu, icount_args(cfg)), *qemu_lines.XEN_PVH_MACHINE, "-smp", str(cfg.extra.get("smp", 1)),
            "-kernel", xen, "-initrd", module,
            "-append", " ".join([XEN_APPEND, qemu_lines.XEN_PVH_APPEND,
                                 cfg.extra.get("xen_append", "")]).strip()]
    return [sys.executable, os.path.join(ROOT, "tests", "xen_log_check.py"), "--pvh",
            str(pass_status(cfg)), cfg.arch, "--", *qemu]


def run_host(cfg):
    """A host test binary that prints KTAP and exits 0 when all passed:
    build/host/test-<extra["test"], default patch>-<arch>."""
    name = f"test-{cfg.extra.get('test', 'patch')}-{cfg.arch}"
    return [need_file(os.path.join(ROOT, "build", "host", name), "make host-tests")]


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


def run_fuzz(cfg):
    """The fuzz smoke pass of one target (tests/fuzz/run.py): its regression
    inputs, then extra["seconds"] of fuzzing; KTAP, exit 0 when no crash,
    hang or leak."""
    name = cfg.extra["target"]
    need_file(os.path.join(ROOT, "build", "fuzz", name), "make fuzzers")
    return [sys.executable, os.path.join(ROOT, "tests", "fuzz", "run.py"),
            "--seconds", str(cfg.extra.get("seconds", 3)), name]


BOOTERS = {
    "kernel": boot_kernel,
    "host": run_host,
    "tool": run_tool,
    "iso": boot_iso,
    "screen": boot_screen,
    "xen": boot_xen,
    "pvh": boot_pvh,
    "bench": run_bench,
    "fuzz": run_fuzz,
}

# Kinds judged by their own rules instead of run_matrix's judge().
JUDGES = {}

import domu  # noqa: E402  (needs the names above)
BOOTERS["domu"] = domu.boot
JUDGES["domu"] = domu.judge

# What exit status means "all passed" for each kind (host tools use 0).
PASS_STATUS = {"host": 0, "tool": 0, "bench": 0, "fuzz": 0}
