#!/usr/bin/env python3
"""Host tests of paracheck and pvscan, printed as KTAP (one suite per run).

  tooltest.py fixtures            pvscan on tests/tools/fixtures/*.S objects
  tooltest.py malformed ARCH      both tools on corrupted copies of build/ARCH/pvkern.elf
  tooltest.py kernel ARCH [--variant=VAR]
                                  both tools on build/ARCH[VAR]/pvkern.elf: every pv call
                                  annotated, every record valid

The fixture and malformed suites run the tools built with AddressSanitizer
and UBSan (build/tools/san/); a sanitizer report fails the case. Exit
status 0 only if every case passed. Build the tools with `make tools`.
"""
import argparse
import json
import os
import random
import re
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "pylib"))
from pvkern import constants, elf, records  # noqa: E402
from pvkern.ktap import Suite  # noqa: E402
TOOLS = os.path.join(ROOT, "build", "tools")
SAN = os.path.join(TOOLS, "san")
FIXTURE_SRC = os.path.join(ROOT, "tests", "tools", "fixtures")
FIXTURE_OBJ = os.path.join(TOOLS, "fixtures")

# Sanitizer exits must not look like a tool's own status (0, 1, 2).
SAN_ENV = dict(os.environ,
               ASAN_OPTIONS="exitcode=99:abort_on_error=0:detect_leaks=1",
               UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")
SAN_REPORT = re.compile(r"Sanitizer|runtime error:")


def run(tool, args, sanitized=True):
    exe = os.path.join(SAN if sanitized else TOOLS, tool)
    if not os.path.exists(exe):
        raise SystemExit(f"{os.path.relpath(exe, ROOT)} is missing: run `make tools`")
    p = subprocess.run([exe, *args], capture_output=True, text=True, errors="replace",
                       env=SAN_ENV, timeout=120)
    return p.returncode, p.stdout, p.stderr


def sanitizer_clean(err):
    return not SAN_REPORT.search(err)


# ---- fixtures -------------------------------------------------------------

EXPECT = re.compile(r"^/\* expect (\w+): (.*?)\s*\*/", re.M)


def fixture_expectations(src):
    out = {}
    for m in EXPECT.finditer(open(src).read()):
        out[m.group(1)] = dict(kv.split("=", 1) for kv in m.group(2).split())
    return out


def suite_fixtures():
    s = Suite("pvscan-fixtures")
    targets = ["--target", "native_irq_disable_op"]
    for src in sorted(os.listdir(FIXTURE_SRC)):
        if not src.endswith(".S"):
            continue
        base = src[:-2]
        obj = os.path.join(FIXTURE_OBJ, base + ".o")
        expect = fixture_expectations(os.path.join(FIXTURE_SRC, src))
        if not s.check(os.path.exists(obj), f"{base}: object built", f"missing {obj}"):
            continue
        status, out, err = run("pvscan", ["--json", "--all", *targets, obj])
        s.check(sanitizer_clean(err), f"{base}: no sanitizer report", err)
        unannotated = sorted(f for f, e in expect.items() if e["annotated"] == "no")
        s.check(status == (1 if unannotated else 0), f"{base}: exit status {1 if unannotated else 0}",
                f"got {status}", err)
        try:
            calls = json.loads(out)["calls"]
        except (ValueError, KeyError) as e:
            s.check(False, f"{base}: JSON output", str(e), out[:2000])
            continue
        by_func = {}
        for c in calls:
            by_func.setdefault(c["function"].split("+")[0], []).append(c)
        s.check(set(by_func) == set(expect), f"{base}: pv calls found in exactly the expected functions",
                f"found {sorted(by_func)}", f"expected {sorted(expect)}")
        for func, e in sorted(expect.items()):
            got = by_func.get(func, [])
            if not s.check(len(got) == 1, f"{base}: {func}: one pv call", f"found {len(got)}"):
                continue
            c = got[0]
            want = {
                "annotated": e["annotated"] == "yes",
                "op": e["op"],
                "saved": [r for r in e["saved"].split(",") if r],
                "unmatched_pushes": [r for r in e["pushes"].split(",") if r],
                "unmatched_pops": [r for r in e["pops"].split(",") if r],
                "clobbers": int(e["clobbers"], 0),
                "inline_bytes": int(e["bytes"]),
            }
            have = {k: c.get(k) for k in want}
            s.check(have == want, f"{base}: {func}: {'annotated' if want['annotated'] else 'unannotated'}, "
                    f"saved [{e['saved']}], clobbers {e['clobbers']}, {e['bytes']} bytes",
                    f"want {want}", f"have {have}")
            if not want["annotated"]:
                s.check(re.search(rf"unannotated pv call .*\({func}\+", err), f"{base}: {func}: named on stderr", err)
        if unannotated:
            allow = [a for f in unannotated for a in ("--allow", f)]
            status, _, err = run("pvscan", [*allow, *targets, obj])
            s.check(status == 0, f"{base}: --allow for each unannotated function makes it pass",
                    f"got {status}", err)
    return s


# ---- malformed input ------------------------------------------------------

class Elf(elf.Elf):
    """A kernel image to corrupt: pvkern's ELF reader plus its records."""

    def record(self, k):
        return records.record(self, k)

    def set_record(self, k, **fields):
        records.set_record(self, k, **fields)


def corruptions(data):
    """(name, bytes, expected paracheck status, stderr must match, pvscan status or None).

    A record moved off its call leaves that call unannotated: pvscan exits 1.
    """
    n = len(records.records(Elf(data)))
    k = n // 2  # a record in the middle of the table
    out = [
        ("empty file", b"", 2, r"not an ELF file", 2),
        ("truncated inside the ELF header", bytes(data[:20]), 2, r"ELF", 2),
        ("truncated to half", bytes(data[:len(data) // 2]), 2, r"truncated|section", 2),
        ("not an ELF file", b"#!/bin/sh\n" + bytes(data[10:200]), 2, r"not an ELF file", 2),
    ]

    def variant(name, edit, want, pattern, pvscan_want=None):
        e = Elf(data)
        edit(e)
        out.append((name, bytes(e.data), want, pattern, pvscan_want))

    def shoff_past_end(e):
        struct.pack_into("<Q" if e.is64 else "<I", e.data, 0x28 if e.is64 else 0x20, len(data) + 4096)

    variant("section headers past the end of the file", shoff_past_end, 2, r"section", 2)
    variant("section name table index out of range",
            lambda e: struct.pack_into("<H", e.data, 0x3e if e.is64 else 0x32, 0xfff0), 2, r"section", 2)
    variant(".text larger than the file",
            lambda e: e.set_size(".text", len(data) * 4), 2, r"\.text.*past the end of the file", 2)
    variant(".parainstructions of the wrong size",
            lambda e: e.set_size(".parainstructions", e.by_name(".parainstructions").size - 3), 2,
            r"not a whole number of 8-byte records", 2)
    variant(f"record #{k} points outside .text",
            lambda e: e.set_record(k, rel=e.record(k).rel + 0x100000), 1,
            rf"record #{k} .*site outside kernel text", 1)
    variant(f"record #{k} points before the image",
            lambda e: e.set_record(k, rel=-0x7fffffff), 1, rf"record #{k} .*site outside kernel text", 1)
    variant(f"record #{k} has another op's type",
            lambda e: e.set_record(k, type=e.record(k).type ^ 1), 1,  # its group's neighbour
            rf"record #{k} .*another op's slot", 0)
    variant(f"record #{k} has an unknown type",
            lambda e: e.set_record(k, type=9), 1, rf"record #{k} .*unknown op type", 0)
    variant(f"record #{k} is too long",
            lambda e: e.set_record(k, len=200), 1, rf"record #{k} .*longer than", 0)
    variant(f"record #{k} is too short",
            lambda e: e.set_record(k, len=2), 1, rf"record #{k} .*shorter than", 0)
    variant(f"record #{k} has clobber bits beyond the registers",
            lambda e: e.set_record(k, clobbers=0xffff), 1, rf"record #{k} .*does not have", 0)
    variant(f"record #{k} lacks the return register",
            lambda e: e.set_record(k, clobbers=e.record(k).clobbers & ~1), 1,
            rf"record #{k} .*return register", 0)

    def overlap(e):
        a = e.record(k)
        nxt = e.record(k + 1)
        e.set_record(k + 1, rel=a.site + 2 - nxt.addr, type=a.type)

    # The shifted record's bytes are no call either: pvscan then sees record k+1's call unannotated.
    variant(f"record #{k + 1} overlaps record #{k}", overlap, 1, rf"record #{k}\b.*overlaps .*record #{k + 1}", 1)
    return out


def fuzzed(data, count, seed):
    """Copies with a few random bytes changed where the tools look hardest."""
    rng = random.Random(seed)
    image = Elf(data)
    table = image.by_name(".parainstructions")
    regions = [(0, 64), (image.shoff, image.shnum * image.shentsize), (table.offset, table.size)]
    for i in range(count):
        d = bytearray(data)
        start, size = regions[i % len(regions)]
        for _ in range(rng.randint(1, 6)):
            d[start + rng.randrange(size)] = rng.randrange(256)
        yield f"fuzzed copy {i} (seed {seed})", bytes(d)


def suite_malformed(arch):
    s = Suite(f"tools-malformed-{arch}")
    kernel = os.path.join(ROOT, "build", arch, "pvkern.elf")
    tmp = os.path.join(TOOLS, "test-tmp", arch)
    os.makedirs(tmp, exist_ok=True)
    if not s.check(os.path.exists(kernel), "kernel built", f"missing {kernel}: make ARCH={arch}"):
        return s
    data = open(kernel, "rb").read()
    status, out, err = run("paracheck", [kernel])
    s.check(status == 0 and sanitizer_clean(err), "paracheck on the intact kernel exits 0", f"status {status}", err)
    for i, (name, blob, want, pattern, pvscan_want) in enumerate(corruptions(data)):
        path = os.path.join(tmp, f"bad-{i}.elf")
        open(path, "wb").write(blob)
        status, out, err = run("paracheck", [path])
        s.check(sanitizer_clean(err) and status == want and re.search(pattern, err),
                f"paracheck: {name}: exit {want}, says why", f"status {status}", err)
        if pvscan_want is not None:
            status, out, err = run("pvscan", [path])
            s.check(sanitizer_clean(err) and status == pvscan_want,
                    f"pvscan: {name}: exit {pvscan_want}", f"status {status}", err)
    for name, blob in fuzzed(data, 45, seed=7):
        path = os.path.join(tmp, "fuzz.elf")
        open(path, "wb").write(blob)
        results = [(tool, *run(tool, [path])) for tool in ("paracheck", "pvscan")]
        bad = [f"{tool}: status {st}\n{err}" for tool, st, _, err in results
               if st not in (0, 1, 2) or not sanitizer_clean(err)]
        s.check(not bad, f"{name}: both tools end cleanly", *bad)
    return s


# ---- the built kernels ----------------------------------------------------

def suite_kernel(arch, variant):
    s = Suite(f"tools-kernel-{arch}{variant}")
    kernel = os.path.join(ROOT, "build", arch + variant, "pvkern.elf")
    if not s.check(os.path.exists(kernel), "kernel built", f"missing {kernel}"):
        return s
    status, out, err = run("pvscan", [kernel], sanitized=False)
    s.check(status == 0, "pvscan: every pv call has a .parainstructions record", out, err)
    m = re.search(r"(\d+) pv calls: (\d+) annotated", out)
    s.check(m and int(m.group(1)) > 0, "pvscan: finds the kernel's pv calls", out[:300])
    status, out, err = run("paracheck", ["--json", kernel], sanitized=False)
    s.check(status == 0, "paracheck: every record is valid", err)
    try:
        rep = json.loads(out)
    except ValueError as e:
        s.check(False, "paracheck: JSON output", str(e))
        return s
    n = len(records.records(Elf.open(kernel)))
    s.check(len(rep["sites"]) == n and n, "paracheck: lists every record",
            f"{len(rep['sites'])} listed, section holds {n}")
    native = rep["summary"].get("native")
    s.check(native and native["inline"] == len(rep["sites"]),
            "paracheck: the native backend inlines every site", json.dumps(rep["summary"]))
    insn = NATIVE_MMU_INSN[arch]
    s.check(all(site["backends"].get("native", {}).get("bytes", "")[:2] in ("fa", "fb", "9c", "50", "57", "f4")
                if site["op"] not in insn else
                site["backends"].get("native", {}).get("bytes", "").startswith(insn[site["op"]])
                for site in rep["sites"]),
            "paracheck: native sites start with cli, sti, pushf, push or hlt, or the mmu op's instruction", "")
    check_xen_model(s, arch, variant, kernel, rep)
    check_nops_option(s, arch, kernel)
    if arch == "i386":
        check_i586_only(s, kernel)
    return s


# Instructions a Pentium (i586) lacks: P6's cmov/fcmov/fcomi, sysenter, long NOPs.
P6_ONLY = re.compile(r"\t(cmov\w*|fcmov\w*|fu?comip?|sysenter|sysexit|nop[wl])\b")


def check_i586_only(s, kernel):
    """The i386 image is built for i586: no instruction in it needs a P6."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", kernel], capture_output=True,
                         text=True).stdout
    bad = [l.strip() for l in out.splitlines() if P6_ONLY.search(l)]
    s.check(out and not bad, "the i386 image has no P6-only instruction", *bad[:5])


# The mmu ops' native instructions, hand-encoded: mov to the entry, invlpg, mov from and to cr3.
NATIVE_MMU_INSN = {
    "x86_64": {"set_pte": "488937", "flush_tlb_one": "0f013f", "read_cr3": "0f20d8",
               "write_cr3": "0f22df"},
    "i386": {"set_pte": "8948048910", "flush_tlb_one": "0f0138", "read_cr3": "0f20d8",
             "write_cr3": "0f22d8"},
}

# A native site after the instruction, padded as the kernel pads it for a
# CPU without the long NOPs (hand-encoded: cli/sti + 7, pushf;pop/push;popf + 6,
# the mmu ops' 3-byte instructions + 5, i386's 5-byte set_pte + 3)
P5_PADDING = {7: "8db42600000000", 6: "8db600000000", 5: "3e8d742600", 3: "8d7600"}


def native_insn_len(arch, op):
    if op in NATIVE_MMU_INSN[arch]:
        return len(NATIVE_MMU_INSN[arch][op]) // 2
    return 1 if op in ("irq_disable", "irq_enable", "halt") else 2


def check_nops_option(s, arch, kernel):
    """paracheck --nops=p5: the P5-safe padding on i386, refused on x86_64."""
    status, out, err = run("paracheck", ["--json", "--nops=p5", kernel], sanitized=False)
    if arch != "i386":
        s.check(status == 2 and "p6 only" in err, "paracheck: --nops=p5 refused on x86_64", err)
        return
    try:
        sites = json.loads(out)["sites"]
    except ValueError as e:
        s.check(False, "paracheck --nops=p5: JSON output", str(e), err)
        return
    bad = [site["backends"]["native"]["bytes"] for site in sites
           if site["backends"]["native"]["bytes"][-2 * (site["len"] - native_insn_len(arch, site["op"])):]
           != P5_PADDING.get(site["len"] - native_insn_len(arch, site["op"]))]
    s.check(status == 0 and sites and not bad, "paracheck: --nops=p5 pads native sites with lea forms",
            f"{len(bad)} sites otherwise, e.g. {bad[:3]}", err)


def xen_generated_offset(arch, variant, name):
    """A constant of the kernel's generated xen-asm-offsets.h (from Debian's Xen headers)."""
    path = os.path.join(ROOT, "build", arch + variant, "include", "generated", "xen-asm-offsets.h")
    m = re.search(rf"^#define {name} (\d+)$", open(path).read(), re.M)
    return int(m.group(1))


def check_xen_model(s, arch, variant, kernel, rep):
    """paracheck runs the xen backend's own patch(): each site must hold what
    the kernel writes at boot under Xen with its default (asm) ops. The
    expectation comes from the records and the kernel's symbols: every
    irq_disable site of 8 bytes or more becomes a store of 1 to the upcall
    mask of the per-CPU template's vcpu_info through the per-CPU segment
    (x86_64: 65 c6 05 rel32 01, movb $1, %gs:mask(%rip); i386: 64 c6 05
    abs32 01, movb $1, %fs:mask), every other site a direct call to the op
    xen_irq_ops_asm (an mmu site: xen_mmu_ops) holds for its type; nothing
    is left or refused. The kernel prints the same counts at boot
    (`pvops: xen: N sites: ...`)."""
    xen = [b for b in rep["backends"] if b["name"] == "xen"]
    if not s.check(xen and xen[0]["modelled"], "paracheck: the xen backend is modelled",
                   json.dumps(xen)):
        return
    is64 = arch == "x86_64"
    target = constants.for_arch(arch)
    word = target.PV_WORD_SIZE
    image = Elf.open(kernel)
    syms = {name: sym.value for name, sym in image.symbols().items()}
    mask = syms["xen_vcpu_info"] + xen_generated_offset(arch, variant, "XEN_vcpu_info_mask")
    table = image.read(syms["xen_irq_ops_asm"], target.PV_IRQ_NR * word)
    ops = {t: int.from_bytes(table[t * word:(t + 1) * word], "little") for t in range(target.PV_IRQ_NR)}
    # the mmu group: direct calls to the hypercall ops of xen_mmu_ops
    table = image.read(syms["xen_mmu_ops"], target.PV_MMU_NR * word)
    ops.update({target.PV_MMU_FIRST + t: int.from_bytes(table[t * word:(t + 1) * word], "little")
                for t in range(target.PV_MMU_NR)})
    movb_len = 8
    seg = "65" if is64 else "64"
    want_counts = {"inline": 0, "direct call": 0, "left": 0, "refused": 0}
    wrong = []
    for site in rep["sites"]:
        addr = site["addr"]
        if site["op"] == "irq_disable" and site["len"] >= movb_len:
            disp = (mask - (addr + movb_len)) if is64 else mask
            want = "inline", seg + "c605" + (disp & 0xffffffff).to_bytes(4, "little").hex() + "01"
        else:
            # NOPs, then the call ending the site: it returns to the site's end
            rel = (ops[site["type"]] - (addr + site["len"])) & 0xffffffff
            want = "direct call", "e8" + rel.to_bytes(4, "little").hex()
        want_counts[want[0]] += 1
        got = site["backends"].get("xen", {})
        if got.get("outcome") != want[0] or not (got.get("bytes", "").endswith(want[1])
                                                 if want[0] == "direct call"
                                                 else got.get("bytes", "").startswith(want[1])):
            wrong.append(f"#{site['index']} {site['op']} at {addr:#x}: want {want[0]} {want[1]}, "
                         f"got {got.get('outcome')} {got.get('bytes')}")
    s.check(not wrong, "paracheck: xen turns irq_disable into a per-CPU store to the upcall mask, "
            "the rest into direct calls to xen_irq_ops_asm's ops", *wrong[:20])
    have = rep["summary"].get("xen")
    s.check(have == want_counts, f"paracheck: xen summary is what the kernel reports at boot: "
            f"{len(rep['sites'])} sites: {want_counts['inline']} inline, "
            f"{want_counts['direct call']} direct call, 0 left, 0 refused",
            f"want {want_counts}", f"have {have}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="suite", required=True)
    sub.add_parser("fixtures", help="pvscan on tests/tools/fixtures/*.S objects")
    sub.add_parser("malformed", help="both tools on corrupted kernels").add_argument(
        "arch", choices=["x86_64", "i386"])
    k = sub.add_parser("kernel", help="both tools on a built kernel")
    k.add_argument("arch", choices=["x86_64", "i386"])
    k.add_argument("--variant", default="", help="build folder suffix, e.g. --variant=-pvdebug")
    args = ap.parse_args()
    if args.suite == "fixtures":
        suite = suite_fixtures()
    elif args.suite == "malformed":
        suite = suite_malformed(args.arch)
    else:
        suite = suite_kernel(args.arch, args.variant)
    return suite.print()


if __name__ == "__main__":
    sys.exit(main())
