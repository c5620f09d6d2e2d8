"""Booting the kernel's benchmark mode (boot option `bench`, kernel/bench.c)
under QEMU with an instruction-counting clock, and reading its `bench:`
lines. Shared by tools/bench/run.py (make bench) and tools/bench/check.py
(the test matrix's exact checks).

Under TCG with -icount shift=0,sleep=off,align=off the guest's rdtsc
advances by exactly one per retired instruction (DESIGN.md), so every
figure the kernel prints is an exact instruction count, and repeats.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "pylib"))
from pvkern import qemu, records  # noqa: E402
from pvkern.elf import Elf  # noqa: E402

# shift 0: one nanosecond, one tick of rdtsc, per retired instruction. The
# RTC runs on the same clock from a fixed date (pvkern.qemu.icount): on the
# host's clock, Xen's boot (which waits for RTC ticks) counts differently
# on every run.
SHIFT = 0
EXIT_PASS = qemu.EXIT_STATUS["pass"]
# spin_irqsave: a whole irqsave spinlock critical section (lock, one counter
# update, unlock), the macro figure next to the single ops.
OPS = ["irq_disable", "irq_enable", "save_fl", "restore_fl", "irq_save_restore", "spin_irqsave"]
# pv_mmu_ops, each repeated harmlessly (kernel/bench.c says why). set_pte is
# skipped (`skipped=REASON`) where the kernel has no page tables of its own.
MMU_OPS = ["read_cr3", "write_cr3", "set_pte", "flush_tlb_one"]


class NotMeasured(Exception):
    pass


def kernel_path(images, arch, variant):
    return os.path.join(images, arch + variant, "pvkern.elf")


def snapshot(images, builds):
    """Copies build/<arch><variant>/pvkern.elf for each (arch, variant) into
    images/: a shared tree may be rebuilt while the benchmarks run, and the
    figures must belong to one image each."""
    for arch, variant in builds:
        src = os.path.join(ROOT, kernel_path("build", arch, variant))
        dst = os.path.join(ROOT, kernel_path(images, arch, variant))
        if os.path.exists(src):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst + ".tmp")
            os.replace(dst + ".tmp", dst)
        elif os.path.exists(dst):
            os.remove(dst)


@dataclass
class Setup:
    """One boot: an image (build variant), a platform and a command line."""
    arch: str
    backend: str       # what the table calls it: native, lguest, xen, xen-c, none
    site: str          # "no paravirt", "unpatched" or "patched"
    variant: str = ""  # build folder suffix
    append: str = ""   # kernel command line besides `bench`
    platform: str = "qemu"  # "qemu" (-kernel, multiboot1) or "xen" (dom0)
    calls: str = "callee_save"
    images: str = "build"  # where the build folders are (make bench boots snapshots)

    @property
    def kernel(self):
        # Relative, from ROOT: the kernel prints its command line, which
        # under QEMU -kernel starts with this path, so it must not vary.
        return kernel_path(self.images, self.arch, self.variant)

    @property
    def cmdline(self):
        return " ".join(["bench", self.append]).strip()

    def image_hash(self):
        """The files this boot loads, for telling a rebuilt image from a changed count."""
        files = [self.kernel] + ([qemu.XEN_HYPERVISOR[self.arch][0]] if self.platform == "xen" else [])
        h = hashlib.sha256()
        for f in files:
            with open(os.path.join(ROOT, f), "rb") as fh:
                h.update(fh.read())
        return h.hexdigest()[:16]

    def argv(self):
        if not os.path.exists(os.path.join(ROOT, self.kernel)):
            raise NotMeasured(f"{self.kernel} missing")
        if self.platform == "qemu":
            return qemu.kernel_argv(self.arch, self.kernel, self.cmdline, shift=SHIFT)
        xen, how = qemu.XEN_HYPERVISOR[self.arch]
        if not os.path.exists(os.path.join(ROOT, xen)):
            raise NotMeasured(f"no hypervisor {xen} ({how})")
        return qemu.xen_argv(xen, self.kernel, self.cmdline, shift=SHIFT)


@dataclass
class Result:
    setup: Setup
    status: int = None
    log: str = ""
    config: dict = field(default_factory=dict)
    ops: dict = field(default_factory=dict)    # name -> Fraction insns per op
    exact: dict = field(default_factory=dict)  # name -> whether a whole number
    skipped: dict = field(default_factory=dict)  # name -> why the kernel did not measure it
    patch: dict = field(default_factory=dict)
    repatch: dict = field(default_factory=dict)  # live re-patching: two switches
    boot: dict = field(default_factory=dict)
    problem: str = ""
    image: str = ""  # hash of the images booted

    @property
    def ok(self):
        return not self.problem


# `bench: KIND key=value ...`, or `bench: op=NAME key=value ...`
LINE = re.compile(r"^bench: (\w+)(=\S+)?((?: \w+=\S+)*)\s*$")


def parse(text, res):
    done = False
    for line in text.splitlines():
        m = LINE.match(line.strip("\r"))
        if not m:
            continue
        kind = m.group(1)
        kv = dict(w.split("=", 1) for w in m.group(3).split())
        if m.group(2):
            kv[kind] = m.group(2)[1:]
        if kind == "config":
            res.config = kv
        elif kind == "op" and "skipped" in kv:
            res.skipped[kv["op"]] = kv["skipped"]
        elif kind == "op":
            insns, loops = int(kv["insns"]), int(kv["loops"])
            res.ops[kv["op"]] = Fraction(insns, loops)
            res.exact[kv["op"]] = insns % loops == 0
        elif kind == "patch":
            res.patch = {k: int(v) for k, v in kv.items()}
        elif kind == "repatch":
            res.repatch = {k: int(v) for k, v in kv.items()}
        elif kind == "boot":
            res.boot = {k: int(v) for k, v in kv.items()}
        elif kind == "done":
            done = True
    missing = [o for o in ["empty_loop", *OPS, *MMU_OPS] if o not in res.ops and o not in res.skipped]
    if not done or missing or not res.patch or not res.repatch or not res.boot or not res.config:
        res.problem = "incomplete bench output" + (f" (missing {', '.join(missing)})" if missing else "")


def run(setup, timeout=300, log_dir=None):
    """Boots one setup (one QEMU at a time) and returns its Result."""
    res = Result(setup)
    try:
        argv = setup.argv()
    except NotMeasured as e:
        res.problem = f"not measured: {e}"
        return res
    res.image = setup.image_hash()
    try:
        p = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        res.status, res.log = p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        res.log = (e.stdout or b"").decode("utf-8", "replace")
        res.problem = f"timed out after {timeout}s"
    if log_dir:
        os.makedirs(log_dir, exist_ok=True)
        name = f"{setup.arch}-{setup.backend}-{setup.calls}-{setup.site.replace(' ', '-')}.log"
        with open(os.path.join(log_dir, name), "w") as f:
            f.write(res.log)
    if res.problem:
        return res
    parse(res.log, res)
    if res.status != EXIT_PASS and not res.problem:
        res.problem = f"exit status {res.status}, expected {EXIT_PASS}"
    if not res.problem:
        want = {"arch": setup.arch, "backend": "none" if setup.site == "no paravirt" else setup.backend}
        if setup.backend == "xen-c":
            want["backend"] = "xen"
        got = {k: res.config.get(k) for k in want}
        if got != want:
            res.problem = f"booted {got}, wanted {want}"
        elif res.config.get("patched") != ("1" if setup.site == "patched" else "0"):
            res.problem = f"patched={res.config.get('patched')} for a {setup.site} run"
    return res


def fmt(x):
    """A count per op: a whole number, or a fraction shown plainly."""
    if x is None:
        return "-"
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):.3f}"


# --- the ELF image: patch records and symbols (pvkern.elf, pvkern.records) ---

def para_records(elf):
    """[(site address, type, len, clobbers)] from .parainstructions."""
    return [(r.site, r.type, r.len, r.clobbers) for r in records.records(Elf.open(elf))]


def symbols(elf):
    """name -> address for every defined symbol."""
    return {name: s.value for name, s in Elf.open(elf).symbols().items()}


def sizes(elf):
    """name -> size of every function symbol."""
    return {name: s.size for name, s in Elf.open(elf).symbols().items() if s.type == 2}
