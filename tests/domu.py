"""pvkern as Xen domUs under `xl`: the matrix kind "domu".

One configuration is a group of domUs that share one boot of Xen with a
Linux dom0 (tools/xen-domu/mkdom0.sh, `make domu-dom0`): Linux takes tens
of seconds to come up under TCG, a domU a few. The dom0's /init runs each
domU with `xl create -F`, then prints the console log xenconsoled wrote
(complete once xenconsoled has closed it) and xl's messages between
markers; the log is split at those markers and every domU is judged on
its own, by its KTAP and by the shutdown reason xl reports (0 poweroff,
3 crash):

  expect "pass"   reason 0, complete KTAP, every case passed, the ring
                  console suite ran, the kernel says it is a domU
  expect "fail"   reason 3, complete KTAP with a failed case
  expect "crash"  reason 3, the crash report, KTAP cut short

and, whatever it expects, by the kernel's last line ("xen: domU: PASS:
SCHEDOP_shutdown(poweroff)" and the like): the console arrived whole.

Config.extra["domus"] lists the group: dicts with "name", "append" (the
domU's command line), optional "variant", "expect" and "type" ("pv", the
default, or "pvh": the same image entered at XEN_ELFNOTE_PHYS32_ENTRY, judged
as the PVH platform with the native backend). The group passes
only if every domU was judged as expected and dom0 ended the run itself.
"""
import os
import re
import subprocess
import tempfile

import booters
import expect
from pvkern import ktap  # noqa: E402  (booters puts tools/pylib on the path)

DOM0_DIR = os.path.join(booters.ROOT, "build", "xen-domu")
DOM0_KERNEL = os.path.join(DOM0_DIR, "vmlinux-dom0")
DOM0_INITRD = os.path.join(DOM0_DIR, "dom0-initrd.cpio.gz")
DOM0_CMDLINE = "console=hvc0 quiet"
# smap=0: Debian's Linux faults as a PV dom0 when TCG's -cpu max offers SMAP.
XEN_APPEND = "console=com1 dom0_mem=512M smap=0 loglvl=all guest_loglvl=all"
QEMU = [
    "qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "1024", "-smp", "1",
    "-display", "none", "-vga", "none", "-nic", "none", "-serial", "stdio", "-monitor", "none",
    "-no-reboot",
]
DOMU_MEMORY_MB = 32
LOG_DIR = os.path.join(booters.ROOT, "build", "test-logs")

# Per domU type: the platform and protocol of the kernel's first line, the
# line that says it is a domU, and the suites the type exists for.
KIND_LINES = {
    "pv": ("Xen PV", "xen", r"^xen: start_info: .*\(domU\)"),
    "pvh": ("Xen PVH", "pvh", r"^xen: PVH: hvm_start_info .*\(domU\)"),
}
KIND_SUITES = {"pv": [], "pvh": ["xen_pvh"]}
# The backend each type must report ("pvops: backend NAME:").
KIND_BACKEND = {"pv": "xen", "pvh": "native"}


def kind_suites(d, arch):
    """The suites a passing domU of its type must have run."""
    kind = d.get("type", "pv")
    patched = "pv.nopatch" not in d.get("append", "").split()
    protection = (expect.pvh_protection_suites(arch) if kind == "pvh" else
                  expect.XEN_PV_PROTECTION_SUITES)
    return ["xen_console", *KIND_SUITES[kind], *(["pv_native"] if kind == "pvh" and patched else []),
            *protection]

REASONS = {0: "poweroff", 1: "reboot", 2: "suspend", 3: "crash", 4: "watchdog", 5: "soft_reset"}
EXPECTED_REASON = {"pass": 0, "fail": 3, "crash": 3}
# The domU's last line before it waits for its ring to be read and shuts
# down (arch/x86/platform/xen/shutdown.c): with it the console is complete.
# How the run ended is judged by the shutdown reason and the KTAP.
LAST_WORDS = re.compile(r"^xen: domU: (?:PASS|FAIL|CRASH): SCHEDOP_shutdown\((?:poweroff|crash)\)\s*$", re.M)


def domu_name(i, d):
    return f"{i + 1:02d}-{d['name']}"


def xl_config(cfg, i, d, kernel):
    return "\n".join([
        f'name = "{cfg.name}-{d["name"]}"',
        f'type = "{d.get("type", "pv")}"',
        f'kernel = "{kernel}"',
        f'cmdline = "{d.get("append", "")}"',
        f"memory = {DOMU_MEMORY_MB}",
        "vcpus = 1",
        'on_poweroff = "destroy"',
        'on_crash = "destroy"',
        'on_reboot = "destroy"',
        "",
    ])


def make_initrd(cfg):
    """dom0's initramfs plus a second cpio archive with /domu: the group's
    xl configurations and the kernels they boot."""
    base = booters.need_file(DOM0_INITRD, "make domu-dom0")
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "domu", "kernels"))
        for i, d in enumerate(cfg.extra["domus"]):
            variant = d.get("variant", cfg.variant)
            src = os.path.join(booters.ROOT, "build", cfg.arch + variant, "pvkern.elf")
            booters.need_file(src, f"make ARCH={cfg.arch}" + (" PV_DEBUG=1" if "pvdebug" in variant else ""))
            kname = f"pvkern-{cfg.arch}{variant}.elf"
            dst = os.path.join(tmp, "domu", "kernels", kname)
            if not os.path.exists(dst):
                with open(src, "rb") as f, open(dst, "wb") as g:
                    g.write(f.read())
            with open(os.path.join(tmp, "domu", domu_name(i, d) + ".cfg"), "w") as f:
                f.write(xl_config(cfg, i, d, "/domu/kernels/" + kname))
        names = subprocess.run(["find", "domu"], cwd=tmp, check=True, capture_output=True).stdout
        extra = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet", "-R", "0:0"], cwd=tmp,
                               input=names, check=True, capture_output=True).stdout
    os.makedirs(LOG_DIR, exist_ok=True)
    path = os.path.join(LOG_DIR, cfg.name + ".initrd")
    with open(base, "rb") as f:
        data = f.read()
    # Linux reads an uncompressed archive after another only at a 4-byte boundary.
    data += b"\0" * (-len(data) % 512)
    with open(path, "wb") as f:
        f.write(data + extra)
    return path


def boot(cfg):
    """Xen (Debian's, or the PV32 build for i386 guests), Linux as dom0, the
    group's domUs in a second initramfs archive."""
    rel, how = booters.XEN_HYPERVISOR[cfg.arch]
    xen = booters.need_file(os.path.join(booters.ROOT, rel), how)
    booters.need_file(DOM0_KERNEL, "make domu-dom0")
    initrd = make_initrd(cfg)
    modules = f"{DOM0_KERNEL} {DOM0_CMDLINE},{initrd}"
    if modules.count(",") != 1:
        raise booters.NotAvailable(f"QEMU splits multiboot modules at commas: {modules!r}")
    return [*QEMU, "-kernel", xen, "-initrd", modules, "-append", XEN_APPEND]


MARK = re.compile(r"^pvkern-domu: (begin|end) (\S+?):?(?: xl status (\d+) after ([\d.]+) s)?\s*$", re.M)
REASON = re.compile(r"^xl: .*Domain \d+ has shut down, reason code (\d+)", re.M)
# Xen names the vCPU of a guest it complains about: "(XEN) d1v0 ...". Not a
# complaint: the save records Xen lists for each new HVM (PVH) domain.
GUEST_ERROR = re.compile(r"^\(XEN\) (?!HVM d\d+(?:v\d+)? save: ).*\bd\d+v\d+\b.*$", re.M)
READY = re.compile(r"^pvkern-dom0: ready after ([\d.]+) s", re.M)


def sections(text):
    """{domU name: (its console text and xl's messages, seconds)} from the markers."""
    found, begin = {}, {}
    for m in MARK.finditer(text):
        kind, name = m.group(1), m.group(2)
        if kind == "begin":
            begin[name] = m.end()
        elif name in begin:
            found[name] = (text[begin.pop(name):m.start()], float(m.group(4) or 0))
    # A domU whose end marker never came: everything after its begin.
    for name, start in begin.items():
        found[name] = (text[start:], None)
    return found


def judge_domu(d, part, arch):
    """(ok, passed cases, failed cases, one-line summary)."""
    expect = d.get("expect", "pass")
    if part is None:
        return False, 0, 1, "never started (no 'pvkern-domu: begin' marker)"
    body, secs = part
    rep = ktap.parse(body)
    m = REASON.search(body)
    reason = int(m.group(1)) if m else None
    seen = "shutdown reason " + (f"{reason} ({REASONS.get(reason, '?')})" if m else "missing")
    took = f", {secs:.1f} s" if secs else ""
    problems = []
    if reason != EXPECTED_REASON[expect]:
        problems.append(f"{seen}, expected {EXPECTED_REASON[expect]} ({REASONS[EXPECTED_REASON[expect]]})")
    if not LAST_WORDS.search(body):
        problems.append("console cut short: no 'xen: domU: ...: SCHEDOP_shutdown(...)' line")
    platform, started, domu_line = KIND_LINES[d.get("type", "pv")]
    if not re.search(rf"^pvkern: {arch} kernel on {platform}, started by {started}\b", body, re.M):
        problems.append(f"no '{arch} kernel on {platform}, started by {started}' line")
    if not re.search(domu_line, body, re.M):
        problems.append("the kernel did not run as a domU")
    backend = KIND_BACKEND[d.get("type", "pv")]
    seen_backend = re.findall(r"^pvops: backend (\S+):", body, re.M)
    if seen_backend[-1:] != [backend]:
        problems.append(f"expected backend {backend}, the log says {seen_backend[-1] if seen_backend else 'none'}")
    if expect == "pass":
        if not rep.complete:
            problems.append("incomplete KTAP: " + "; ".join(rep.problems))
        if rep.failed:
            problems.append("failed: " + ", ".join(rep.failed))
        if rep.total == 0:
            problems.append("no test case ran")
        for suite in kind_suites(d, arch):
            if suite not in rep.ran_suites:
                why = rep.skipped_suites.get(suite)
                problems.append(f"the {suite} suite did not run" + (f" (SKIP: {why})" if why else ""))
        ok = not problems
        failed = len(rep.failed) or (0 if ok else 1)
        return ok, len(rep.passed), failed, f"{len(rep.passed)}/{rep.total} cases, {seen}{took}" + (
            "" if ok else " -- " + "; ".join(problems))
    if expect == "fail":
        if not (rep.complete and rep.failed):
            problems.append(f"KTAP {'complete' if rep.complete else 'incomplete'}, "
                            f"{len(rep.failed)} failed case(s): expected a complete run with a failure")
    elif expect == "crash":
        if "FATAL: exception" not in body:
            problems.append("no 'FATAL: exception' report")
        if rep.complete:
            problems.append("KTAP complete: expected it cut short")
    ok = not problems
    return ok, int(ok), int(not ok), (f"saw the expected {expect}: {seen}{took}" if ok else
                                      f"expected a {expect}: " + "; ".join(problems))


def judge(out, cfg, status, timed_out, rep, text):
    """run_matrix's judge for kind "domu": one detail line per domU."""
    parts = sections(text)
    out.ok, out.passed, out.failed = True, 0, 0
    for i, d in enumerate(cfg.extra["domus"]):
        ok, p, f, summary = judge_domu(d, parts.get(domu_name(i, d)), cfg.arch)
        out.ok &= ok
        out.passed += p
        out.failed += f
        out.detail.append(f"    {'PASS' if ok else 'FAIL'} domU {d['name']:28} {summary}")
    problems = []
    if timed_out:
        problems.append(f"timed out after {cfg.timeout}s")
    elif status != 0:
        problems.append(f"QEMU exit status {status}, expected 0 (dom0 reboots at the end)")
    if "Panic on CPU" in text:
        problems.append("Xen panicked")
    m = GUEST_ERROR.search(text)
    if m:
        problems.append(f"Xen reported a guest error: '{m.group(0).strip()}'")
    m = re.search(r"^pvkern-dom0: FAILED: .*$", text, re.M)
    if m:
        problems.append(m.group(0))
    elif not re.search(r"^pvkern-dom0: done", text, re.M):
        problems.append("dom0 did not finish the group")
    ready = READY.search(text)
    if problems:
        out.ok = False
        out.failed += 1
    n_ok = sum(1 for l in out.detail if l.lstrip().startswith("PASS"))
    out.summary = (f"{n_ok}/{len(cfg.extra['domus'])} domUs as expected, dom0 ready after "
                   f"{ready.group(1) + ' s' if ready else '(never)'}"
                   + ("" if not problems else " -- " + "; ".join(problems)))
