"""What a configuration claims to run, and whether its boot log proves it.

The claims come from the configuration's name and kind (tests/matrix.py),
never from the kernel: a row named x86_64-lguest-nopatch claims the lguest
backend with patching off, whatever the kernel decides. Explicit Config
fields (backend, patched, xen_ops, suites) override what the name says.

  claims(cfg)              the Claims of a configuration
  lint(cfg, claims)        problems of the row itself: its command line must
                           ask for what its name claims
  check(cfg, claims, rep, text)
                           [(tag, message)]: every claim and every option the
                           configuration passes, checked against the console
                           log and the KTAP report; empty when all hold

Tags name what was wrong, so that the harness's own checks (expect=
"wrong-backend" etc. in tests/matrix.py) can require the right reason.
"""
import re
from dataclasses import dataclass

BOOTING_KINDS = {"kernel", "iso", "xen", "pvh"}
# Kinds that boot under Xen: Xen's own options and CPU count are checked, and
# a pv.backend= request must be seen to be ignored.
XEN_KINDS = {"xen", "pvh"}

# Suites every kernel runs, whatever its backend or boot path.
COMMON_SUITES = ["boot", "format", "multiboot2", "percpu", "pv_patcher", "pv_regs", "pv_semantics",
                 "pv_table", "pvh_start_info", "pv_repatch", "smp", "text_poke", "timer", "traps"]
# QEMU's i386 CPUs without PAE: the kernel's tables are two-level there (text
# read-only, no NX); with PSE taken away too (a real 486), paging stays off.
CPUS_WITHOUT_PAE = {"pentium", "486"}
# Each backend's own suites; the second list only when its sites are patched.
BACKEND_SUITES = {
    "native": ([], ["pv_native"]),
    "lguest": (["lguest_irq", "lguest_sites", "lguest_fast_timer", "pv_boundary"], []),
    "xen": (["xen_events", "xen_platform", "xen_vcpus", "pv_boundary"], ["xen_sites"]),
}

# Suites that run each case on every online CPU (KTEST_SUITE_EACH_CPU): on a
# boot with several CPUs each must say it ran on all of them.
EACH_CPU_SUITES = ["pv_regs", "pv_semantics", "timer"]
# Each platform's own suites, by kind: a PVH dom0 runs the native backend on
# the PVH platform, whose events come through the HVM callback vector.
PLATFORM_SUITES = {"pvh": ["xen_pvh"]}
# The platform each kind must name in the kernel's first line.
PLATFORM_LINE = {"pvh": re.compile(r"^pvkern: \S+ kernel on Xen PVH, started by pvh\b", re.M)}

BACKEND_LINE = re.compile(r"^pvops: backend (\S+): ", re.M)
SUMMARY_LINE = re.compile(r"^pvops: (\S+): (\d+) sites: (.*)$", re.M)
NOPATCH_SUMMARY = "patching disabled by pv.nopatch"
XEN_OPS_LINE = re.compile(r"^xen: irq ops: (\S+) versions$", re.M)
UNKNOWN_OPTION = re.compile(r"^cmdline: unknown option .*$", re.M)


@dataclass
class Claims:
    backend: str
    patched: bool
    xen_ops: str  # None unless the backend is xen
    suites: object  # list of suite names that must run, or a minimum count


def name_words(cfg):
    return cfg.name.split("-")


def claims(cfg):
    """None for configurations that boot no kernel (host, tool, bench)."""
    if cfg.kind not in BOOTING_KINDS:
        return None
    words = name_words(cfg)
    backend = cfg.backend or ("xen" if cfg.kind == "xen" else
                              "lguest" if "lguest" in words else "native")
    patched = cfg.patched if cfg.patched is not None else "nopatch" not in words
    xen_ops = None
    if backend == "xen":
        xen_ops = cfg.xen_ops or ("c" if "c-ops" in cfg.name else "asm")
    suites = cfg.suites
    if suites is None:
        always, when_patched = BACKEND_SUITES[backend]
        suites = (COMMON_SUITES + always + (when_patched if patched else []) +
                  PLATFORM_SUITES.get(cfg.kind, []))
        suites = suites + ["pv_halt"]
        # xen_halt skips under Xen with several vCPUs (open: see xen_halt.c)
        if backend == "xen" and cfg.extra.get("smp", 1) == 1:
            suites = suites + ["xen_halt"]
        only = option_value(cfg.append, "ktest.filter")
        if only is not None:
            suites = [only]
        if option_value(cfg.append, "ktest.inject") is not None:
            suites = suites + ["inject"]
        if backend == "native" and patched and qemu_cpus(cfg) > 1:
            suites = suites + ["smp_native"]
        if has_flag(cfg.append, "ktest.stress"):
            suites = suites + ["smp_stress"]
        if option_value(cfg.append, "pv.switch_test") not in (None, "0") and only is None:
            suites = suites + ["pv_switch_stress"]
        if backend == "lguest" and qemu_cpus(cfg) > 1:
            suites = suites + ["lguest_smp"]
        if only is None and max(qemu_cpus(cfg), cfg.extra.get("smp", 1)) > 1:
            suites = suites + ["text_poke_inside"]
        if only is None:
            suites = suites + protection_suites(cfg)
    return Claims(backend, patched, xen_ops, suites)


def qemu_cpus(cfg):
    """The CPUs QEMU is given (extra["qemu_args"] -smp N)."""
    args = cfg.extra.get("qemu_args", [])
    for i, a in enumerate(args[:-1]):
        if a == "-smp":
            return int(args[i + 1].split(",")[0])
    return 1


def qemu_cpu_spec(cfg):
    """QEMU's -cpu argument (extra["qemu_args"]) as [model, feature, ...], or []."""
    args = cfg.extra.get("qemu_args", [])
    for i, a in enumerate(args[:-1]):
        if a == "-cpu":
            return args[i + 1].split(",")
    return []


def qemu_cpu_model(cfg):
    """QEMU's -cpu model, or None for its default."""
    spec = qemu_cpu_spec(cfg)
    return spec[0] if spec else None


# A Xen PV guest protects itself through pv_mmu_ops; Xen in QEMU runs on -cpu max (NX).
XEN_PV_PROTECTION_SUITES = ["mm_protect", "mm_nx", "xen_mm"]


def protection_suites(cfg):
    """The kernel protects itself (arch/x86/mm; Xen PV: arch/x86/platform/xen/mm.c):
    text read-only, and NX on every x86_64 CPU QEMU offers, on i386 bare
    metal only with PAE and NX (-cpu max); without PAE, two-level tables
    with 4 MiB pages need PSE."""
    if cfg.kind == "xen":
        return XEN_PV_PROTECTION_SUITES
    if cfg.kind == "pvh":
        return pvh_protection_suites(cfg.arch)
    cpu = qemu_cpu_model(cfg)
    if cfg.arch == "x86_64":
        return ["mm_protect", "mm_nx"]
    if cpu in CPUS_WITHOUT_PAE:
        return [] if "pse=off" in qemu_cpu_spec(cfg) else ["mm_protect"]
    return ["mm_protect"] + (["mm_nx"] if cpu == "max" else [])


def pvh_protection_suites(arch):
    """A PVH guest uses the bare-metal tables; Xen on -cpu max gives it NX. The
    i386 kernel gives up PAE under QEMU's TCG, which sets the reserved
    accessed bit of PAE PDPTEs that Xen's page walk then refuses, and takes
    two-level tables without NX (arch/x86/mm/protect_hvm.c)."""
    return ["mm_protect", "mm_nx"] if arch == "x86_64" else ["mm_protect"]


def option_value(append, key):
    """The value of the last KEY=... word (the kernel's rule), or None."""
    value = None
    for w in append.split():
        if w.startswith(key + "="):
            value = w.split("=", 1)[1]
    return value


def has_flag(append, key):
    return key in append.split()


def lint(cfg, c):
    """The row's command line must ask for what its name claims."""
    found = []
    asked = option_value(cfg.append, "pv.backend")
    if cfg.kind not in XEN_KINDS and (asked or "native") != c.backend:
        found.append(f"claims backend {c.backend} but its command line asks for "
                     f"{'pv.backend=' + asked if asked else 'the default (native)'}")
    if has_flag(cfg.append, "pv.nopatch") == c.patched:
        found.append(f"claims {'patched' if c.patched else 'pv.nopatch'} sites but its command line "
                     f"{'has' if c.patched else 'lacks'} pv.nopatch")
    if c.xen_ops and (option_value(cfg.append, "xen.irq_ops") or "asm") != c.xen_ops:
        found.append(f"claims the xen {c.xen_ops} ops but its command line has "
                     f"xen.irq_ops={option_value(cfg.append, 'xen.irq_ops') or '(none)'}")
    return found


def check(cfg, c, rep, text, suites=True):
    """[(tag, message)] for every claim or option the log does not prove."""
    found = []
    lines = BACKEND_LINE.findall(text)
    if not lines:
        found.append(("backend", f"expected backend {c.backend}, the boot log has no "
                      "'pvops: backend NAME:' line"))
    elif lines[-1] != c.backend:
        found.append(("backend", f"expected backend {c.backend}, boot log says {lines[-1]}"))
    summary = SUMMARY_LINE.findall(text)
    if not summary:
        found.append(("patch mode", "the boot log has no 'pvops: NAME: N sites: ...' summary"))
    else:
        name, _, how = summary[-1]
        if name != c.backend:
            found.append(("backend", f"expected backend {c.backend}, the patch summary names {name}"))
        nopatch = NOPATCH_SUMMARY in how
        if c.patched and nopatch:
            found.append(("patch mode", f"expected patched sites, the summary says: {how}"))
        elif not c.patched and not nopatch:
            found.append(("patch mode", f"expected pv.nopatch (no site patched), the summary says: {how}"))
    if c.xen_ops:
        ops = XEN_OPS_LINE.findall(text)
        if not ops:
            found.append(("xen ops", f"expected the xen {c.xen_ops} ops, the boot log has no "
                          "'xen: irq ops: ... versions' line"))
        elif ops[-1] != c.xen_ops:
            found.append(("xen ops", f"expected the xen {c.xen_ops} ops, boot log says {ops[-1]}"))
    # A hostile row names the log lines that prove what became of its
    # options (extra["log_has"], checked by run_matrix.py) instead.
    if not cfg.extra.get("log_has"):
        found += [("option", f"the kernel ignored an option ({m})") for m in UNKNOWN_OPTION.findall(text)]
        found += check_options(cfg, c, text)
    elif cfg.kind in XEN_KINDS:
        found += check_xen_options(cfg, text)
    platform = PLATFORM_LINE.get(cfg.kind)
    if platform and not platform.search(text):
        found.append(("platform", f"the boot log lacks '{platform.pattern}'"))
    if suites:
        found += check_suites(c, rep)
        found += check_each_cpu(cfg, c, text)
        found += check_console_lines(text)
    return found


CONSOLE_CHECK_COUNT = re.compile(r"^    # console-check: (\d+) lines to come$", re.M)
CONSOLE_CHECK_LINE = re.compile(r"^    # console-check: cpu=\d+ line=\d\d "
                                r"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz end$")


def check_console_lines(text):
    """smp_cross prints lines from every CPU at once: each must have arrived whole."""
    m = CONSOLE_CHECK_COUNT.search(text)
    if not m:
        return []
    lines = [l for l in text.splitlines() if "console-check" in l or "abcdefghij" in l]
    whole = [l for l in lines if CONSOLE_CHECK_LINE.match(l)]
    broken = [l for l in lines if not CONSOLE_CHECK_LINE.match(l) and not CONSOLE_CHECK_COUNT.match(l)]
    if broken or len(whole) != int(m.group(1)):
        return [("console", f"lines printed by several CPUs at once: {len(whole)} of {m.group(1)} "
                 f"arrived whole; first broken: {broken[0][:100] if broken else '(none, some missing)'}")]
    return []


def check_each_cpu(cfg, c, text):
    """A row that says it has several CPUs (ktest.cpus=N, which the smp suite
    checks came up) must show every each-CPU suite that ran on all of them."""
    n = int(option_value(cfg.append, "ktest.cpus") or 0)
    if n < 2:
        return []
    found = []
    for s in EACH_CPU_SUITES:
        if isinstance(c.suites, list) and s not in c.suites:
            continue
        m = re.search(rf"^    # {s}: (on each of (\d+) CPUs|on CPU 0 only: .*)$", text, re.M)
        if not m:
            found.append(("suites", f"suite {s} does not say on which CPUs it ran"))
        elif m.group(2) != str(n):
            found.append(("suites", f"suite {s} ran {m.group(1)}, expected on each of {n} CPUs"))
    return found


def check_suites(c, rep):
    found = []
    if isinstance(c.suites, int):
        if len(rep.ran_suites) < c.suites:
            found.append(("suites", f"expected at least {c.suites} suites to run, "
                          f"{len(rep.ran_suites)} ran"))
        return found
    for s in c.suites:
        if s in rep.ran_suites:
            continue
        if s in rep.skipped_suites:
            found.append(("suites", f"suite {s} did not run (SKIP: {rep.skipped_suites[s]})"))
        else:
            found.append(("suites", f"suite {s} did not run (not in the KTAP output)"))
    return found


def check_options(cfg, c, text):
    """Each word of the command line, and of Xen's, must be seen to take effect."""
    found = []
    for word in cfg.append.split():
        key, _, value = word.partition("=")
        if key in ("pv.nopatch", "xen.irq_ops", "ktest.inject", "ktest.filter", "ktest.cpus",
                   "ktest.stress"):
            continue  # proved by the patch mode, the ops and the suites above (smp checks ktest.cpus)
        if key == "exit" and cfg.extra.get("last_words"):
            continue  # proved by the run's last words (run_matrix.py)
        if key == "pv.backend":
            if cfg.kind in XEN_KINDS and value != c.backend and not re.search(
                    rf"^pvops: pv.backend={re.escape(value)} ignored: ", text, re.M):
                found.append(("option", f"{word}: a Xen guest must say it ignores it"))
            continue  # elsewhere proved by the backend lines
        if key == "timer.hz":
            if not re.search(rf"^timer: {re.escape(value)} Hz,", text, re.M):
                found.append(("option", f"{word}: no 'timer: {value} Hz' line"))
        elif key == "pv.switch_test":
            if not re.search(rf"^\s+# {re.escape(value)} switches round \d+ modes:", text, re.M):
                found.append(("option", f"{word}: no '# {value} switches round' line"))
        elif key == "pv.dump":
            if not re.search(r"^pvops: site 0x", text, re.M):
                found.append(("option", f"{word}: no 'pvops: site' lines"))
        else:
            found.append(("option", f"{word}: tests/expect.py has no check that it takes effect"))
    if cfg.kind in XEN_KINDS:
        found += check_xen_options(cfg, text)
    return found


def check_xen_options(cfg, text):
    found = []
    smp = cfg.extra.get("smp", 1)
    if not re.search(rf"^\(XEN\) Brought up {smp} CPUs?$", text, re.M):
        found.append(("option", f"-smp {smp}: Xen's log lacks 'Brought up {smp} CPUs'"))
    for word in cfg.extra.get("xen_append", "").split():
        key, _, value = word.partition("=")
        if key == "dom0_mem" and re.fullmatch(r"\d+M", value):
            pages = int(value[:-1]) * 256
            m = re.search(r"^xen: start_info: .*, (\d+) pages,", text, re.M)
            if not m or abs(int(m.group(1)) - pages) > pages // 16:
                found.append(("option", f"{word}: dom0 should get about {pages} pages, start_info says "
                              f"{m.group(1) if m else 'nothing'}"))
        elif key == "dom0_max_vcpus" and value.isdigit():
            # Xen made that many, and the kernel found them all (smp.c counts them).
            n = int(value)
            for line in (rf"\(XEN\) Dom0 has maximum {n} VCPUs?", rf"xen: the domain has {n} vCPUs?"):
                if not re.search(rf"^{line}\r?$", text, re.M):
                    found.append(("option", f"{word}: the log lacks a line matching '{line}'"))
        else:
            found.append(("option", f"Xen option {word}: tests/expect.py has no check that it "
                          "takes effect"))
    return found
