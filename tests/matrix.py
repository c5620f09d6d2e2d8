"""The test matrix: one line per configuration.

Config(name, kind, arch, append=..., variant=..., expect=...)
  kind     how it boots: "kernel" (QEMU -kernel, multiboot1), "iso" (GRUB from
           a -cdrom, multiboot2; extra["grub_default"] picks the entry), "host" (a host
           test binary printing KTAP), "xen" (dom0 under Xen in QEMU; extra["smp"]
           vCPUs, extra["xen_append"] hypervisor options), "tool" (tests/tools/tooltest.py:
           extra["suite"] fixtures|malformed|kernel), "bench" (tools/bench/check.py: exact
           instruction counts of the benchmark mode), more kinds come with later features
  variant  build folder suffix: "" or "-pvdebug"
  expect   "pass"; or, for the harness's own checks, "fail", "crash" or
           "hang": the run must end that way and be reported as such; or
           "wrong-backend", "wrong-patch-mode", "wrong-xen-ops": the kernel
           passes, and the harness must reject the run for that reason.

What a booting configuration (kernel, iso, xen) must be seen to run, checked
against its boot log and KTAP by tests/expect.py. By default from its name:
  backend  "xen" for kind xen, "lguest" if a word of the name is lguest, else
           "native" (boot line `pvops: backend NAME:` and the patch summary)
  patched  False if a word of the name is nopatch (the summary must say
           "patching disabled by pv.nopatch"), else True
  xen_ops  "c" if the name has c-ops, else "asm" (Xen's `xen: irq ops:` line)
  suites   the suites every kernel runs plus the backend's own (a list), or
           a minimum count
The command line must ask for what the name claims, and every option in it
must be seen to take effect.
"""
from dataclasses import dataclass, field


@dataclass
class Config:
    name: str
    kind: str
    arch: str = "x86_64"
    append: str = ""
    variant: str = ""
    expect: str = "pass"
    timeout: int = 180
    extra: dict = field(default_factory=dict)
    backend: str = None
    patched: bool = None
    xen_ops: str = None
    suites: object = None


CONFIGS = [
    # native bare metal, patched and unpatched
    Config("x86_64-native", "kernel", "x86_64"),
    Config("x86_64-native-nopatch", "kernel", "x86_64", append="pv.nopatch"),
    Config("i386-native", "kernel", "i386"),
    Config("i386-native-nopatch", "kernel", "i386", append="pv.nopatch"),
    # PV_DEBUG: unpatched calls trash every register their site may lose
    Config("x86_64-pvdebug-nopatch", "kernel", "x86_64", append="pv.nopatch", variant="-pvdebug"),
    Config("i386-pvdebug-nopatch", "kernel", "i386", append="pv.nopatch", variant="-pvdebug"),
    # lguest-style virtual interrupt flag on bare metal, patched and unpatched
    Config("x86_64-lguest", "kernel", "x86_64", append="pv.backend=lguest"),
    Config("x86_64-lguest-nopatch", "kernel", "x86_64", append="pv.backend=lguest pv.nopatch"),
    Config("i386-lguest", "kernel", "i386", append="pv.backend=lguest"),
    Config("i386-lguest-nopatch", "kernel", "i386", append="pv.backend=lguest pv.nopatch"),
    # GRUB from a BIOS ISO (-cdrom, no -kernel): multiboot2. append = the command
    # line the entry must pass; a non-default entry boots from an ISO built with
    # it as the default (make iso-matrix / make iso GRUB_DEFAULT=ENTRY)
    Config("x86_64-iso", "iso", "x86_64"),
    Config("x86_64-iso-nopatch", "iso", "x86_64", append="pv.nopatch", extra={"grub_default": "native-nopatch"}),
    Config("x86_64-iso-lguest", "iso", "x86_64", append="pv.backend=lguest", extra={"grub_default": "lguest"}),
    Config("x86_64-iso-lguest-nopatch", "iso", "x86_64", append="pv.backend=lguest pv.nopatch",
           extra={"grub_default": "lguest-nopatch"}),
    Config("i386-iso", "iso", "i386"),
    Config("i386-iso-nopatch", "iso", "i386", append="pv.nopatch", extra={"grub_default": "native-nopatch"}),
    Config("i386-iso-lguest", "iso", "i386", append="pv.backend=lguest", extra={"grub_default": "lguest"}),
    Config("i386-iso-lguest-nopatch", "iso", "i386", append="pv.backend=lguest pv.nopatch",
           extra={"grub_default": "lguest-nopatch"}),
    # Xen PV dom0 under Xen 4.17 in QEMU (kind "xen", tests/booters.py): x86_64 on
    # Debian's Xen, i386 (PV32, PAE) on Xen rebuilt with CONFIG_PV32 (make xen-images)
    Config("x86_64-xen", "xen", "x86_64"),
    Config("x86_64-xen-nopatch", "xen", "x86_64", append="pv.nopatch"),
    Config("i386-xen", "xen", "i386"),
    Config("i386-xen-nopatch", "xen", "i386", append="pv.nopatch"),
    # the C ops behind callee-save thunks instead of the asm ones, patched and not
    # (pv_boundary single-steps whichever ops and sites the boot made)
    Config("x86_64-xen-c-ops", "xen", "x86_64", append="xen.irq_ops=c"),
    Config("x86_64-xen-c-ops-nopatch", "xen", "x86_64", append="xen.irq_ops=c pv.nopatch"),
    Config("i386-xen-c-ops", "xen", "i386", append="xen.irq_ops=c"),
    Config("i386-xen-c-ops-nopatch", "xen", "i386", append="xen.irq_ops=c pv.nopatch"),
    # PV_DEBUG under Xen: unpatched calls trash what their site may lose
    Config("x86_64-xen-pvdebug-nopatch", "xen", "x86_64", append="pv.nopatch", variant="-pvdebug"),
    Config("i386-xen-pvdebug-nopatch", "xen", "i386", append="pv.nopatch", variant="-pvdebug"),
    # two vCPUs and a small dom0; pv.backend=native must be refused under Xen
    Config("x86_64-xen-smp2-dom0mem64M", "xen", "x86_64", append="pv.backend=native",
           extra={"smp": 2, "xen_append": "dom0_mem=64M"}),
    # the patcher itself, built for the host
    Config("host-patcher-x86_64", "host", "x86_64"),
    Config("host-patcher-i386", "host", "i386"),
    # host tools: pvscan on fixtures, both tools on corrupted kernels (sanitizers),
    # and on the built kernels (every pv call annotated, every record valid)
    Config("tools-pvscan-fixtures", "tool", "x86_64", extra={"suite": "fixtures"}),
    Config("tools-malformed-x86_64", "tool", "x86_64", extra={"suite": "malformed"}),
    Config("tools-malformed-i386", "tool", "i386", extra={"suite": "malformed"}),
    Config("tools-kernel-x86_64", "tool", "x86_64", extra={"suite": "kernel"}),
    Config("tools-kernel-i386", "tool", "i386", extra={"suite": "kernel"}),
    Config("tools-kernel-x86_64-pvdebug", "tool", "x86_64", variant="-pvdebug", extra={"suite": "kernel"}),
    Config("tools-kernel-i386-pvdebug", "tool", "i386", variant="-pvdebug", extra={"suite": "kernel"}),
    # the benchmark mode under QEMU -icount: exact counts, not timings (tools/bench/check.py)
    Config("bench-exact-x86_64", "bench", "x86_64"),
    Config("bench-exact-i386", "bench", "i386"),
    # the harness must see failures: each of these must be reported as it ends
    Config("selfcheck-test-failure", "kernel", "x86_64", append="ktest.inject=fail", expect="fail"),
    Config("selfcheck-exception", "kernel", "i386", append="ktest.inject=fault", expect="crash"),
    Config("selfcheck-xen-exception", "xen", "x86_64", append="ktest.inject=fault", expect="crash"),
    Config("selfcheck-bad-boot-magic", "kernel", "x86_64", append="ktest.inject=bad-boot-magic",
           expect="crash", extra={"crash_report": "pvkern: bad boot magic 0x0badb007"}),
    Config("selfcheck-hang", "kernel", "x86_64", append="ktest.inject=hang", expect="hang", timeout=20),
    # a probe whose clobber mask claims too much must be caught by PV_DEBUG
    Config("selfcheck-pvdebug-wrong-mask", "kernel", "x86_64", append="pv.nopatch",
           variant="-pvdebug-wrongmask", expect="fail", patched=False),
    # a run that passes but did not run what its name claims must be rejected
    Config("selfcheck-lguest-misspelt-backend", "kernel", "x86_64", append="pv.backend=lguset",
           expect="wrong-backend"),
    Config("selfcheck-i386-nopatch-cmdline-lost", "kernel", "i386", expect="wrong-patch-mode"),
    Config("selfcheck-xen-c-ops-misspelt", "xen", "x86_64", append="xen.irq_ops=C",
           expect="wrong-xen-ops"),
]
