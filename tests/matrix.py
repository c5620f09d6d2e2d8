"""The test matrix: one line per configuration.

Config(name, kind, arch, append=..., variant=..., expect=...)
  kind     how it boots: "kernel" (QEMU -kernel, multiboot1), "iso" (GRUB from
           a -cdrom, multiboot2; extra["grub_default"] picks the entry, extra["firmware"]
           seabios (default), ovmf or ovmf32 the firmware, see tests/booters.py), "host" (a host
           test binary printing KTAP), "screen" (a "kernel" or "iso"
           boot, extra["boot"], with a screenshot check: extra["screen"] framebuffer or vga-text),
           "xen" (dom0 under Xen in QEMU; extra["smp"]
           vCPUs, extra["xen_append"] hypervisor options), "tool" (tests/tools/tooltest.py:
           extra["suite"] fixtures|malformed|kernel), "domu" (Xen domUs under xl, a group
           per boot of a Linux dom0: extra["domus"], tests/domu.py), "bench" (tools/bench/check.py: exact
           instruction counts of the benchmark mode), "fuzz" (tests/fuzz/run.py: the smoke
           pass of extra["target"]), more kinds come with later features
  variant  build folder suffix: "" or "-pvdebug" (or "-clang": built with make CC=clang)
  extra    also, for every kind: "console" (strings the log must contain);
           "log_has" (regular expressions a line of the log must match);
           "no_exit_port" (no isa-debug-exit: a pass exits 0 and needs the console's
           verdict line), "last_words" (the start of the kernel's last "pvkern: " line);
           for "kernel" and "iso": "qemu_args" (more QEMU options), "tcg"
           ("icount", the default, or "parallel": QEMU's multi-threaded TCG,
           the CPUs of an -smp boot at once, the clocks on host time);
           for "kernel", "iso", "xen" and "pvh": "icount_shift" (an instruction
           counts 2^shift ns of guest time; default tools/pylib/pvkern/qemu.py's SHIFT)
  expect   "pass"; or, for the harness's own checks, "fail", "crash" or
           "hang": the run must end that way and be reported as such; or
           "wrong-backend", "wrong-patch-mode", "wrong-xen-ops": the kernel
           passes, and the harness must reject the run for that reason.
           "fail" may name extra["failed_cases"] (exactly these fail) and
           extra["fail_reports"] (regular expressions the log must match);
           "crash" may name extra["crash_report"] (a string the log must hold).

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
import os
import re
from dataclasses import replace, dataclass, field


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


# The hostile_multiboot* suites re-read a damaged copy of the boot's own
# information and report it as the boot would: the line must be there.
MB1_DAMAGE_NAMED = (r"^pvkern: the multiboot1 information \(a damaged test copy\) at 0x[0-9a-f]+ is "
                    r"damaged: memory map entry at offset \d+ has size 4294967295 .*; going on")
MB2_DAMAGE_NAMED = (r"^pvkern: the multiboot2 information \(a damaged test copy\) at 0x[0-9a-f]+ is "
                    r"damaged: memory map entry_size 4294967288 .*; going on")

# The boot log's line for the two-level tables of an i386 CPU without PAE.
TWO_LEVEL_TABLES = "(the kernel's own, two-level with 4 MiB pages (no PAE); CR0.WP on)"

CONFIGS = [
    # native bare metal, patched and unpatched
    Config("x86_64-native", "kernel", "x86_64"),
    Config("x86_64-native-nopatch", "kernel", "x86_64", append="pv.nopatch"),
    Config("i386-native", "kernel", "i386"),
    Config("i386-native-nopatch", "kernel", "i386", append="pv.nopatch"),
    # the i386 image on CPUs without the long NOPs (0f 1f): the patcher must
    # pad with the P5-safe forms (pv_native checks the bytes for the CPUID it sees).
    # Nor have they PAE: the kernel's tables are two-level, set_pte one 32-bit store.
    Config("i386-native-cpu-pentium", "kernel", "i386",
           extra={"qemu_args": ["-cpu", "pentium"],
                  "console": ["pvops: CPU GenuineIntel family 5 model 4: NOPs P5-safe (lea)",
                              TWO_LEVEL_TABLES]}),
    Config("i386-native-cpu-486", "kernel", "i386",
           extra={"qemu_args": ["-cpu", "486"],
                  "console": ["pvops: CPU GenuineIntel family 4 model 8: NOPs P5-safe (lea)",
                              TWO_LEVEL_TABLES]}),
    # four Pentiums on the two-level tables, re-patching set_pte's one-store form live
    Config("i386-native-cpu-pentium-smp4-switch", "kernel", "i386",
           append="ktest.cpus=4 pv.switch_test=100",
           extra={"qemu_args": ["-cpu", "pentium", "-smp", "4"], "console": [TWO_LEVEL_TABLES]}),
    # a real 486 has no PSE either: no 4 MiB pages, and paging stays off (said so)
    Config("i386-native-cpu-486-nopse", "kernel", "i386",
           extra={"qemu_args": ["-cpu", "486,pse=off"],
                  "console": ["mm: i386 CPU without PAE or PSE: paging stays off; kernel text "
                              "stays writable and nothing is NX"]}),
    # i386 with PAE and NX: the kernel's tables make data not executable (mm_nx runs)
    Config("i386-native-cpu-max", "kernel", "i386",
           extra={"qemu_args": ["-cpu", "max", "-smp", "2"],
                  "console": ["mm: the rest of the low 4 GiB: read-write, NX"]}),
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
    Config("x86_64-iso", "iso", "x86_64", extra={"log_has": [MB2_DAMAGE_NAMED]}),
    Config("x86_64-iso-nopatch", "iso", "x86_64", append="pv.nopatch", extra={"grub_default": "native-nopatch"}),
    Config("x86_64-iso-lguest", "iso", "x86_64", append="pv.backend=lguest", extra={"grub_default": "lguest"}),
    Config("x86_64-iso-lguest-nopatch", "iso", "x86_64", append="pv.backend=lguest pv.nopatch",
           extra={"grub_default": "lguest-nopatch"}),
    Config("i386-iso", "iso", "i386", extra={"log_has": [MB2_DAMAGE_NAMED]}),
    Config("i386-iso-nopatch", "iso", "i386", append="pv.nopatch", extra={"grub_default": "native-nopatch"}),
    Config("i386-iso-lguest", "iso", "i386", append="pv.backend=lguest", extra={"grub_default": "lguest"}),
    Config("i386-iso-lguest-nopatch", "iso", "i386", append="pv.backend=lguest pv.nopatch",
           extra={"grub_default": "lguest-nopatch"}),
    # the same ISOs by UEFI (OVMF): GRUB x86_64-efi enters both kernels, i386-efi
    # (OVMF's ia32 build) the i386 one. These have no VGA card (the kernel finds no
    # screen); native under OVMF with a screen is in the screen rows below, as OVMF
    # takes most of a boot's time (about 6 s idle, 20-30 s on a loaded host)
    Config("x86_64-iso-ovmf-lguest", "iso", "x86_64", append="pv.backend=lguest",
           extra={"firmware": "ovmf", "grub_default": "lguest"}),
    Config("i386-iso-ovmf-lguest", "iso", "i386", append="pv.backend=lguest",
           extra={"firmware": "ovmf", "grub_default": "lguest"}),
    Config("i386-iso-ovmf32", "iso", "i386", extra={"firmware": "ovmf32"}),
    # the screen console: a screenshot (QMP) after the verdict must show the verdict
    # line (kind "screen", tests/screen_check.py); VGA text from QEMU -kernel and
    # from GRUB by BIOS, a framebuffer from GRUB by BIOS (VBE) and by UEFI (GOP)
    Config("x86_64-screen-vgatext", "screen", "x86_64", append="screen.hold",
           extra={"boot": "kernel", "screen": "vga-text"}),
    Config("i386-screen-vgatext", "screen", "i386", append="screen.hold",
           extra={"boot": "kernel", "screen": "vga-text"}),
    Config("i386-screen-iso-vgatext", "screen", "i386", append="screen.hold",
           extra={"boot": "iso", "grub_default": "native-vgatext", "screen": "vga-text"}),
    Config("x86_64-screen-iso-fb-bios", "screen", "x86_64", append="screen.hold",
           extra={"boot": "iso", "grub_default": "native-screen", "screen": "framebuffer"}),
    Config("x86_64-screen-iso-fb-ovmf", "screen", "x86_64", append="screen.hold",
           extra={"boot": "iso", "grub_default": "native-screen", "screen": "framebuffer",
                  "firmware": "ovmf"}),
    Config("i386-screen-iso-fb-bios", "screen", "i386", append="screen.hold",
           extra={"boot": "iso", "grub_default": "native-screen", "screen": "framebuffer"}),
    Config("i386-screen-iso-fb-ovmf", "screen", "i386", append="screen.hold",
           extra={"boot": "iso", "grub_default": "native-screen", "screen": "framebuffer",
                  "firmware": "ovmf"}),
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
    # dom0 without QEMU's exit port: the kernel powers off through Xen (ACPI S5,
    # \_S5 from the DSDT) and QEMU exits by itself
    Config("x86_64-xen-no-exit-port", "xen", "x86_64",
           extra={"no_exit_port": True, "console": ["xen: ACPI: RSDP in the BIOS area",
                                                   "(XEN) Entering ACPI S5 state."]}),
    Config("i386-xen-no-exit-port", "xen", "i386",
           extra={"no_exit_port": True, "console": ["xen: ACPI: RSDP in the BIOS area",
                                                   "(XEN) Entering ACPI S5 state."]}),
    # the same images as a Xen PVH dom0 (kind "pvh", tests/booters.py): q35 with an
    # emulated IOMMU, Debian's Xen with dom0=pvh iommu=1 for both arches; the native
    # backend, events through the HVM callback vector. One CPU (no PVH vCPUs yet)
    Config("x86_64-pvh-dom0", "pvh", "x86_64"),
    Config("x86_64-pvh-dom0-nopatch", "pvh", "x86_64", append="pv.nopatch"),
    # the i386 kernel tries its PAE tables before patching, finds the accessed bit
    # QEMU's TCG sets in the PDPTEs (reserved there; Xen's page walk refuses them)
    # and takes two-level tables: text read-only, no NX
    Config("i386-pvh-dom0", "pvh", "i386",
           extra={"console": ["mm: the CPU set reserved bits 0x20 in the PAE page-directory-pointer "
                              "entries, which the hypervisor's page walk refuses: two-level "
                              "tables instead, without NX", TWO_LEVEL_TABLES]}),
    # a PVH guest's IF is real: another backend asked for is named and ignored
    Config("x86_64-pvh-dom0-backend-asked", "pvh", "x86_64", append="pv.backend=lguest"),
    # without the exit port a PVH dom0 powers off through Xen, as a PV dom0 does
    Config("x86_64-pvh-dom0-no-exit-port", "pvh", "x86_64",
           extra={"no_exit_port": True, "console": ["xen: PVH: XENPF_enter_acpi_sleep(S5)",
                                                   "(XEN) Entering ACPI S5 state."]}),
    # pvkern as Xen domUs under `xl`, several per boot of a Linux dom0 (kind "domu",
    # tests/domu.py; make domu-dom0): each domU judged by its KTAP and shutdown reason
    Config("x86_64-domu", "domu", "x86_64", timeout=900, extra={"domus": [
        {"name": "patched"},
        {"name": "nopatch", "append": "pv.nopatch"},
        {"name": "c-ops", "append": "xen.irq_ops=c"},
        {"name": "selfcheck-fail", "append": "ktest.inject=fail", "expect": "fail"},
        {"name": "selfcheck-crash", "append": "ktest.inject=fault", "expect": "crash"},
        # the same image as a PVH domU (type="pvh"): native ops, the HVM callback vector
        {"name": "pvh", "type": "pvh"},
        {"name": "pvh-nopatch", "type": "pvh", "append": "pv.nopatch"},
        {"name": "pvh-selfcheck-crash", "type": "pvh", "append": "ktest.inject=fault", "expect": "crash"},
    ]}),
    Config("i386-domu", "domu", "i386", timeout=900, extra={"domus": [
        {"name": "patched"},
        {"name": "nopatch", "append": "pv.nopatch"},
        {"name": "c-ops-nopatch", "append": "xen.irq_ops=c pv.nopatch"},
        {"name": "pvh", "type": "pvh"},
    ]}),
    # no QEMU exit port, as on a PC: the kernel powers off through ACPI S5 (the
    # RSDP found in the BIOS area or given by GRUB's multiboot2 tag; PIIX4 on pc,
    # ICH9 on q35), or resets; QEMU exits 0 by itself and the verdict is read from
    # the console and the KTAP alone
    Config("x86_64-no-exit-port", "kernel", "x86_64",
           extra={"no_exit_port": True, "console": ["acpi: RSDP in the BIOS area"],
                  "last_words": "pvkern: powering off through ACPI S5"}),
    Config("i386-iso-no-exit-port", "iso", "i386",
           extra={"no_exit_port": True, "console": ["acpi: RSDP from the multiboot2 tag"],
                  "last_words": "pvkern: powering off through ACPI S5"}),
    Config("i386-q35-no-exit-port", "kernel", "i386",
           extra={"no_exit_port": True, "qemu_args": ["-machine", "q35"],
                  "console": ["acpi: RSDP in the BIOS area"],
                  "last_words": "pvkern: powering off through ACPI S5"}),
    # the fallbacks: the FADT reset register (q35 has one), the keyboard controller
    Config("x86_64-q35-exit-reset", "kernel", "x86_64", append="exit=reset",
           extra={"no_exit_port": True, "qemu_args": ["-machine", "q35"],
                  "last_words": "pvkern: resetting through the FADT reset register (I/O 0xcf9 <- 0x0f)"}),
    Config("i386-no-acpi-kbc-reset", "kernel", "i386",
           extra={"no_exit_port": True, "qemu_args": ["-machine", "pc,acpi=off"],
                  "console": ["acpi: no usable RSDP"],
                  "last_words": "pvkern: resetting through the keyboard controller"}),
    # built with clang (make CC=clang: build/<arch>-clang), one per arch and boot kind
    Config("x86_64-clang", "kernel", "x86_64", variant="-clang"),
    Config("i386-clang", "kernel", "i386", variant="-clang"),
    Config("x86_64-clang-iso-lguest", "iso", "x86_64", variant="-clang", append="pv.backend=lguest",
           extra={"grub_default": "lguest"}),
    Config("i386-clang-iso-lguest", "iso", "i386", variant="-clang", append="pv.backend=lguest",
           extra={"grub_default": "lguest"}),
    Config("x86_64-clang-xen", "xen", "x86_64", variant="-clang"),
    Config("i386-clang-xen", "xen", "i386", variant="-clang"),
    # the patcher itself, built for the host
    Config("host-patcher-x86_64", "host", "x86_64"),
    Config("host-patcher-i386", "host", "i386"),
    # the command line parser, built for the host (64- and 32-bit unsigned long)
    Config("host-cmdline-x86_64", "host", "x86_64", extra={"test": "cmdline"}),
    Config("host-cmdline-i386", "host", "i386", extra={"test": "cmdline"}),
    # host tools: pvscan on fixtures, both tools on corrupted kernels (sanitizers),
    # and on the built kernels (every pv call annotated, every record valid)
    Config("tools-pvscan-fixtures", "tool", "x86_64", extra={"suite": "fixtures"}),
    Config("tools-malformed-x86_64", "tool", "x86_64", extra={"suite": "malformed"}),
    Config("tools-malformed-i386", "tool", "i386", extra={"suite": "malformed"}),
    Config("tools-kernel-x86_64", "tool", "x86_64", extra={"suite": "kernel"}),
    Config("tools-kernel-i386", "tool", "i386", extra={"suite": "kernel"}),
    Config("tools-kernel-x86_64-pvdebug", "tool", "x86_64", variant="-pvdebug", extra={"suite": "kernel"}),
    Config("tools-kernel-i386-pvdebug", "tool", "i386", variant="-pvdebug", extra={"suite": "kernel"}),
    Config("tools-kernel-x86_64-clang", "tool", "x86_64", variant="-clang", extra={"suite": "kernel"}),
    Config("tools-kernel-i386-clang", "tool", "i386", variant="-clang", extra={"suite": "kernel"}),
    # the benchmark mode under QEMU -icount: exact counts, not timings (tools/bench/check.py)
    Config("bench-exact-x86_64", "bench", "x86_64"),
    Config("bench-exact-i386", "bench", "i386"),
    # the harness must see failures: each of these must be reported as it ends
    Config("selfcheck-test-failure", "kernel", "x86_64", append="ktest.inject=fail", expect="fail"),
    Config("selfcheck-exception", "kernel", "i386", append="ktest.inject=fault", expect="crash"),
    # the report shows the registers, CS as Xen's flat kernel selector
    Config("selfcheck-xen-exception", "xen", "x86_64", append="ktest.inject=fault", expect="crash",
           extra={"log_has": [r"^RIP: [0-9a-f]{16} CS: e03[03] "]}),
    Config("selfcheck-bad-boot-magic", "kernel", "x86_64", append="ktest.inject=bad-boot-magic",
           expect="crash", extra={"crash_report": "pvkern: bad boot magic 0x0badb007"}),
    Config("selfcheck-hang", "kernel", "x86_64", append="ktest.inject=hang", expect="hang", timeout=20),
    # a run that passes but did not run what its name claims must be rejected
    Config("selfcheck-lguest-misspelt-backend", "kernel", "x86_64", append="pv.backend=lguset",
           expect="wrong-backend"),
    Config("selfcheck-i386-nopatch-cmdline-lost", "kernel", "i386", expect="wrong-patch-mode"),
    Config("selfcheck-xen-c-ops-misspelt", "xen", "x86_64", append="xen.irq_ops=C",
           expect="wrong-xen-ops"),
    # without the exit port a failing run exits 0 too: the harness must still see the failure
    Config("selfcheck-no-exit-port-failure", "kernel", "x86_64", append="ktest.inject=fail",
           expect="fail", extra={"no_exit_port": True}),
]


# Issue 11, register probes and self-checks (one block, to be placed with
# its neighbours when the matrix is regrouped):
#
# The wrong-mask build's register probes (tests/kernel/pv_regs_*.S) claim
# every register of CLBR_ANY at their "_ret" sites; PV_DEBUG must report
# each one as destroyed, for each op, with its poison value, and only the
# pv_regs cases may fail. The lists are written out here, apart from the
# kernel's masks, so that a trampoline that forgets one register is caught.
WRONG_MASK_REGS = {
    "x86_64": ("rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"),  # rax: the probe may lose it
    "i386": ("ecx", "edx", "edi"),
}
PV_DEBUG_POISON = {"x86_64": "0xdeadbeefdeadbeef", "i386": "0xdeadbeef"}
PROBED_OPS = ("save_fl", "restore_fl", "irq_disable", "irq_enable", "safe_halt", "halt")


def wrong_mask_config(arch):
    return Config(
        "selfcheck-pvdebug-wrong-mask" + ("" if arch == "x86_64" else "-" + arch), "kernel", arch,
        append="pv.nopatch",
        variant="-pvdebug-wrongmask", expect="fail", patched=False,
        extra={"failed_cases": [f"pv_regs.test_{op}_keeps_registers" for op in PROBED_OPS],
               "fail_reports": [rf"{op}/ret: {reg} changed from 0x[0-9a-f]+ to {PV_DEBUG_POISON[arch]}\b"
                                for op in PROBED_OPS for reg in WRONG_MASK_REGS[arch]]})


CONFIGS += [
    # PV_DEBUG patched too (direct calls reach the trampolines), on every backend
    Config("x86_64-pvdebug", "kernel", "x86_64", variant="-pvdebug"),
    Config("i386-pvdebug", "kernel", "i386", variant="-pvdebug"),
    Config("x86_64-lguest-pvdebug", "kernel", "x86_64", append="pv.backend=lguest", variant="-pvdebug"),
    Config("x86_64-lguest-pvdebug-nopatch", "kernel", "x86_64", append="pv.backend=lguest pv.nopatch",
           variant="-pvdebug"),
    Config("i386-lguest-pvdebug", "kernel", "i386", append="pv.backend=lguest", variant="-pvdebug"),
    Config("i386-lguest-pvdebug-nopatch", "kernel", "i386", append="pv.backend=lguest pv.nopatch",
           variant="-pvdebug"),
    Config("x86_64-xen-pvdebug", "xen", "x86_64", variant="-pvdebug"),
    Config("i386-xen-pvdebug", "xen", "i386", variant="-pvdebug"),
    # a probe whose clobber mask claims too much must be caught by PV_DEBUG, register by register
    wrong_mask_config("x86_64"),
    wrong_mask_config("i386"),
    # an exception raised while one is handled ends the run as crashed, with a short line
    Config("selfcheck-nested-fault", "kernel", "x86_64", append="ktest.inject=nested-fault",
           expect="crash", extra={"crash_report": "FATAL: nested exception 0x6"}),
    Config("selfcheck-nested-fault-i386", "kernel", "i386", append="ktest.inject=nested-fault",
           expect="crash", extra={"crash_report": "FATAL: nested exception 0x6"}),
    Config("selfcheck-xen-nested-fault", "xen", "x86_64", append="ktest.inject=nested-fault",
           expect="crash", extra={"crash_report": "FATAL: nested exception 0x6"}),
    Config("selfcheck-xen-nested-fault-i386", "xen", "i386", append="ktest.inject=nested-fault",
           expect="crash", extra={"crash_report": "FATAL: nested exception 0x6"}),
    # ... and an exception raised while one is being reported (the console's write faults)
    Config("selfcheck-fault-in-report-i386", "kernel", "i386", append="ktest.inject=fault-in-report",
           expect="crash", extra={"crash_report": "FATAL: nested exception 0x6"}),
    Config("selfcheck-xen-fault-in-report", "xen", "x86_64", append="ktest.inject=fault-in-report",
           expect="crash", extra={"crash_report": "FATAL: nested exception 0x6"}),
]


def fuzz_targets():
    """TARGET-ARCH of every FUZZ_TARGET line of tools/mk/fuzz.mk: a target
    added there gets its smoke row here without another line."""
    mk = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "mk", "fuzz.mk")
    rows = re.findall(r"^\$\(eval \$\(call FUZZ_TARGET,(\w+),([\w ]+)[,)]", open(mk).read(), re.M)
    return [f"{t}-{a}" for t, arches in rows for a in arches.split()]


# libFuzzer smoke pass, a few seconds per target: no crash, hang or leak
CONFIGS += [Config(f"fuzz-{t}", "fuzz", t.rsplit("-", 1)[1], extra={"target": t}, timeout=120)
            for t in fuzz_targets()]


def hz_refused(value, why):
    return [re.escape(f"cmdline: timer.hz={value} {why} (accepted: 19..10000): using the default 100"),
            r"^timer: 100 Hz,"]


# Hostile but well-formed command lines: each problem is named in the log
# (extra["log_has"]) and the run still passes. Every bad timer.hz of the
# issue, on both word sizes (2^32 overflows an i386 unsigned long).
HOSTILE_HZ = [("0", "is out of range", "is out of range"),
              ("4294967295", "is out of range", "is out of range"),
              ("4294967296", "is out of range", "is too large"),
              ("18446744073709551616", "is too large", "is too large"),
              ("1000000", "is out of range", "is out of range")]
CONFIGS += [Config(f"hostile-hz-{v}-{arch}", "kernel", arch, append=f"timer.hz={v} ktest.filter=hostile_input",
                   extra={"log_has": hz_refused(v, why64 if arch == "x86_64" else why32)})
            for v, why64, why32 in HOSTILE_HZ for arch in ("x86_64", "i386")]
CONFIGS += [Config("hostile-hz-0-xen-x86_64", "xen", "x86_64", append="timer.hz=0 ktest.filter=hostile_input",
                   extra={"log_has": hz_refused("0", "is out of range")})]
# Repeated, empty and tab-separated options: the last one wins, each named;
# the filter next to a tab must take effect (only that suite runs).
CONFIGS += [Config(f"hostile-repeated-empty-{arch}", "kernel", arch,
                   append="timer.hz=50 pv.nopatch= timer.hz= xen.irq_ops= ktest.filter=hostile_multiboot1\tpv.dump "
                          "pv.dump timer.hz=200",
                   extra={"log_has": [
                       re.escape("cmdline: timer.hz given 3 times: the last one (timer.hz=200) wins"),
                       re.escape("cmdline: pv.nopatch is a flag and takes no value: 'pv.nopatch=' ignored"),
                       re.escape("cmdline: xen.irq_ops= is not one of asm|c: ignored"),
                       re.escape("cmdline: pv.dump given 2 times"),
                       r"^ok \d+ hostile_multiboot1\r?$", r"^timer: 200 Hz,", MB1_DAMAGE_NAMED]})
            for arch in ("x86_64", "i386")]
# A 4 KiB line: a 600-byte word (its log line is longer than printk's),
# more words than the kernel keeps, and a cut at 1023 bytes; each said.
LONG_LINE = ("ktest.filter=hostile_input " + "x" * 600 + " " + "pv.dump " * 40).ljust(4095, "y") + "z"
CONFIGS += [Config(f"hostile-4k-line-{arch}", "kernel", arch, append=LONG_LINE,
                   extra={"log_has": [
                       r" \[printk: line of \d+ bytes cut to 511\]\r?$",
                       r"^cmdline: more than 32 words: ignoring 'pv.dump' and \d+ more\r?$",
                       r"^cmdline: the line is \d+ bytes, the kernel keeps 1023: cut before 'yyyy"]})
            for arch in ("x86_64", "i386")]

# SMP on bare metal: CPUs from the MADT, started by INIT-SIPI-SIPI; ktest.cpus= tells
# the smp suite how many QEMU was given (the harness knows, not the kernel). The
# -smp 4 rows run under QEMU's parallel TCG (the CPUs really at once, their
# tests count events, never time) with the stress suite (ktest.stress); one row
# per arch runs it under -icount, where the CPUs interleave the same way every run.
def smp_config(name, arch, cpus, append="", machine=None, expect_cpus=None, tcg="icount",
               suites=None):
    qemu = ["-smp", str(cpus)] + (["-machine", machine] if machine else [])
    return Config(name, "kernel", arch, append=f"ktest.cpus={expect_cpus or cpus} {append}".strip(),
                  extra={"qemu_args": qemu, "tcg": tcg}, suites=suites)


# Live re-patching under load (pv_switch_stress.c): the thousand switches the
# suite is made for, round native and lguest-style (Xen: its asm and C ops),
# patched and not, while three CPUs run irqsave spinlocks at 10 kHz ticks;
# under -icount. Bare metal: about 0.8 s of host time a switch. Under Xen a
# 10 kHz tick costs a vCPU more than the 390 instructions that 64 ns each
# give it per tick (four vCPUs share the count): at the matrix's shift the
# ticks fill the guest's time (30 s a switch), so the Xen rows count 1 ns an
# instruction (0.15 s a switch, still tens of ticks per CPU per switch). Not
# under parallel TCG: see the README (live re-patching).
SWITCHES = 1000
XEN_SWITCHES = 1000
XEN_SWITCH_SHIFT = 0
SWITCH_TIMEOUT = 2400

CONFIGS += [
    replace(smp_config(f"{arch}-native-smp4-switch", arch, 4,
                       f"pv.switch_test={SWITCHES} ktest.filter=pv_switch_stress",
                       suites=["pv_switch_stress"]),
            timeout=SWITCH_TIMEOUT) for arch in ("x86_64", "i386")] + [
    smp_config("x86_64-native-smp4", "x86_64", 4, "ktest.stress", tcg="parallel"),
    smp_config("i386-native-smp4", "i386", 4, "ktest.stress", tcg="parallel"),
    smp_config("x86_64-native-smp4-nopatch", "x86_64", 4, "pv.nopatch", tcg="parallel"),
    smp_config("i386-native-smp4-nopatch", "i386", 4, "pv.nopatch", tcg="parallel"),
    # lguest's own suites time ticks against the TSC (lguest_fast_timer), which holds
    # only under -icount: the whole suite there, and the stress alone under parallel TCG
    smp_config("x86_64-lguest-smp4", "x86_64", 4, "pv.backend=lguest ktest.stress"),
    smp_config("i386-lguest-smp4", "i386", 4, "pv.backend=lguest ktest.stress"),
    smp_config("x86_64-lguest-smp4-stress", "x86_64", 4,
               "pv.backend=lguest ktest.stress ktest.filter=smp_stress", tcg="parallel",
               suites=["smp_stress"]),
    smp_config("i386-lguest-smp4-stress", "i386", 4,
               "pv.backend=lguest ktest.stress ktest.filter=smp_stress", tcg="parallel",
               suites=["smp_stress"]),
    # the stress with patching off, one row per arch under -icount
    smp_config("i386-lguest-smp4-nopatch", "i386", 4, "pv.backend=lguest pv.nopatch"),
    smp_config("x86_64-lguest-smp4-nopatch-icount", "x86_64", 4, "pv.backend=lguest pv.nopatch ktest.stress"),
    smp_config("i386-native-smp4-nopatch-icount", "i386", 4, "pv.nopatch ktest.stress"),
    # more CPUs than pvkern runs: the extra ones are named and left parked
    smp_config("x86_64-q35-smp10-parked", "x86_64", 10, machine="q35", expect_cpus=8),
    # a CPU that never answers is named, the run goes on, and the smp suite fails
    Config("selfcheck-lost-cpu", "kernel", "i386", append="ktest.cpus=2 ktest.inject=lost-cpu",
           expect="fail", extra={"qemu_args": ["-smp", "2"],
                                 "failed_cases": ["smp.test_online_cpus_match_the_machine"],
                                 "fail_reports": [r"CPU with APIC id 254 did not answer within \d+ ms"]}),
]
CONFIGS += [
    # GRUB (multiboot2) on 4 CPUs: the trampoline page is checked against GRUB's memory map
    Config("x86_64-iso-smp4", "iso", "x86_64", extra={"qemu_args": ["-smp", "4"]}),
]

# Xen PV dom0 on 4 vCPUs, as many as QEMU has CPUs (dom0_max_vcpus=4): every vCPU
# registers its vcpu_info in its per-CPU area and runs the ops on its own mask; the
# smp suite checks all four came up (ktest.cpus=4). Patched, unpatched and the C ops.
def xen_smp_config(name, arch, append="", icount_shift=None):
    shift = {} if icount_shift is None else {"icount_shift": icount_shift}
    return Config(name, "xen", arch, append=f"ktest.cpus=4 {append}".strip(),
                  extra={"smp": 4, "xen_append": "dom0_max_vcpus=4", **shift,
                         "log_has": [rf"^xen: vCPU {cpu} vcpu_info at 0x[0-9a-f]+ "
                                     rf"\(mfn 0x[0-9a-f]+, offset 0x[0-9a-f]+\)\r?$" for cpu in range(4)]
                                    + [r"^smp: 4 CPUs online\r?$"]})


CONFIGS += [
    # the stress suite on Xen vCPUs too: patched x86_64, unpatched i386
    xen_smp_config("x86_64-xen-smp4", "x86_64", "ktest.stress"),
    # live re-patching under load on every vCPU: asm and C ops, patched and not
    *[replace(xen_smp_config(f"{arch}-xen-smp4-switch", arch,
                             f"pv.switch_test={XEN_SWITCHES} ktest.filter=pv_switch_stress",
                             icount_shift=XEN_SWITCH_SHIFT),
              suites=["pv_switch_stress"], timeout=SWITCH_TIMEOUT) for arch in ("x86_64", "i386")],
    xen_smp_config("x86_64-xen-smp4-nopatch", "x86_64", "pv.nopatch"),
    xen_smp_config("x86_64-xen-smp4-c-ops", "x86_64", "xen.irq_ops=c"),
    xen_smp_config("i386-xen-smp4", "i386"),
    xen_smp_config("i386-xen-smp4-nopatch", "i386", "pv.nopatch ktest.stress"),
    xen_smp_config("i386-xen-smp4-c-ops", "i386", "xen.irq_ops=c"),
]
# An NMI nobody handles (VCPUOP_send_nmi to itself) reaches the Xen trap table's
# entry 2 and ends the run with the crash report, like any other exception
CONFIGS += [
    Config("selfcheck-xen-nmi", "xen", "x86_64", append="ktest.inject=nmi", expect="crash",
           extra={"crash_report": "FATAL: exception 2 (NMI), error code 0x0"}),
    Config("selfcheck-xen-nmi-i386", "xen", "i386", append="ktest.inject=nmi", expect="crash",
           extra={"crash_report": "FATAL: exception 2 (NMI), error code 0x0"}),
]
