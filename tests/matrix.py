"""The test matrix: one line per configuration.

Config(name, kind, arch, append=..., variant=..., expect=...)
  kind     how it boots: "kernel" (QEMU -kernel, multiboot1), "iso" (GRUB from
           a -cdrom, multiboot2; extra["grub_default"] picks the entry), "host" (a host
           test binary printing KTAP), more kinds come with later features
  variant  build folder suffix: "" or "-pvdebug"
  expect   "pass"; or, for the harness's own checks, "fail", "crash" or
           "hang": the run must end that way and be reported as such.
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


CONFIGS = [
    # native bare metal, patched and unpatched
    Config("x86_64-native", "kernel", "x86_64"),
    Config("x86_64-native-nopatch", "kernel", "x86_64", append="pv.nopatch"),
    Config("i386-native", "kernel", "i386"),
    Config("i386-native-nopatch", "kernel", "i386", append="pv.nopatch"),
    # PV_DEBUG: unpatched calls trash every register their site may lose
    Config("x86_64-pvdebug-nopatch", "kernel", "x86_64", append="pv.nopatch", variant="-pvdebug"),
    Config("i386-pvdebug-nopatch", "kernel", "i386", append="pv.nopatch", variant="-pvdebug"),
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
    # the patcher itself, built for the host
    Config("host-patcher-x86_64", "host", "x86_64"),
    Config("host-patcher-i386", "host", "i386"),
    # the harness must see failures: each of these must be reported as it ends
    Config("selfcheck-test-failure", "kernel", "x86_64", append="ktest.inject=fail", expect="fail"),
    Config("selfcheck-exception", "kernel", "i386", append="ktest.inject=fault", expect="crash"),
    Config("selfcheck-hang", "kernel", "x86_64", append="ktest.inject=hang", expect="hang", timeout=20),
    # a probe whose clobber mask claims too much must be caught by PV_DEBUG
    Config("selfcheck-pvdebug-wrong-mask", "kernel", "x86_64", append="pv.nopatch",
           variant="-pvdebug-wrongmask", expect="fail"),
]
