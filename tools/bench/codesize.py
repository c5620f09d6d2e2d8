#!/usr/bin/env python3
"""What the callee-save convention saves at the call sites: the kernel
built three ways (no paravirt, paravirt with callee-save thunks, paravirt
with the ops as ordinary C calls), compared on

  code       bytes of all functions in the kernel text (symbol sizes:
             .text itself ends page-aligned, which hides small changes)
  the functions that use the irq ops: those holding a .parainstructions
             site (paravirt builds) or a cli/sti/pushf/popf (no paravirt),
             outside the hand-written entry code, counted only when the
             function exists in all three builds (matched by name, GCC's
             .isra/.part/.constprop clones folded into their origin);
             for them: bytes, instructions, push, pop (the op's own
             push/popf and pushf/pop pairs excluded), stack stores
             (mov %reg -> off(%esp|%rsp|%ebp|%rbp): spills, and on i386
             outgoing arguments) and stack loads (the reverse).

  tools/bench/codesize.py   prints the table for both arches (make bench runs it)
"""
import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from pvkern.elf import Elf  # noqa: E402  (benchlib puts tools/pylib on the path)

SHF_EXECINSTR = 0x4

BUILDS = [("no paravirt", "-nopv"), ("callee-save thunks", ""), ("plain C calls", "-plaincalls")]
METRICS = ["funcs", "bytes", "insns", "push", "pop", "stack_stores", "stack_loads"]
HEADER = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
INSN = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$")
STACK = r"(?:-?0x[0-9a-f]+)?\(%[er][sb]p[^)]*\)"
STORE = re.compile(r"^%\w+," + STACK + "$")
LOAD = re.compile(r"^" + STACK + r",%\w+$")
IRQ_INSNS = {"cli", "sti", "pushf", "pushfq", "pushfl", "popf", "popfq", "popfl"}


def base(fn):
    return fn.split(".", 1)[0]


def functions(elf):
    """name -> list of (address, mnemonic, operands), from objdump -d."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-M", "att", elf], check=True,
                         capture_output=True, text=True).stdout
    funcs, cur = {}, None
    for line in out.splitlines():
        m = HEADER.match(line)
        if m:
            cur = funcs.setdefault(m.group(2), [])
            continue
        m = INSN.match(line)
        if m and cur is not None:
            cur.append((int(m.group(1), 16), m.group(2), m.group(3).split("#")[0].strip()))
    return funcs


def irq_functions(elf, funcs):
    """Base names of the functions that use irq ops, outside the entry code."""
    syms = benchlib.symbols(elf)
    lo, hi = syms.get("__entry_text_start", 0), syms.get("__entry_text_end", 0)
    sites = {a for a, *_ in benchlib.para_records(elf) if not lo <= a < hi}
    names = set()
    for fn, insns in funcs.items():
        # Not the boot headers (data objdump reads as code), not the entry code.
        if not insns or lo <= insns[0][0] < hi or not lo <= insns[0][0] < syms["__text_end"]:
            continue
        addrs = {a for a, _, _ in insns}
        if sites & addrs or any(m in IRQ_INSNS for _, m, _ in insns) and not sites:
            names.add(base(fn))
    return names


def count(insns):
    c = dict.fromkeys(METRICS[1:], 0)
    c["insns"] = len(insns)
    if insns:
        c["bytes"] = insns[-1][0] - insns[0][0] + 1  # refined by the caller with nm sizes
    for i, (_, m, ops) in enumerate(insns):
        nxt = insns[i + 1][1] if i + 1 < len(insns) else ""
        prev = insns[i - 1][1] if i else ""
        if m.startswith("push") and not m.startswith("pushf") and not nxt.startswith("popf"):
            c["push"] += 1
        elif m.startswith("pop") and not m.startswith("popf") and not prev.startswith("pushf"):
            c["pop"] += 1
        elif m.startswith("mov") and STORE.match(ops):
            c["stack_stores"] += 1
        elif m.startswith("mov") and LOAD.match(ops):
            c["stack_loads"] += 1
    return c


def sizes(elf):
    """name -> size of every symbol in a text section (what nm shows as t or T)."""
    e = Elf.open(elf)
    return {n: sym.size for n, sym in e.symbols().items()
            if sym.shndx < len(e.sections) and e.sections[sym.shndx].flags & SHF_EXECINSTR}


def code_bytes(elf):
    """Bytes of every sized function between __text_start and __text_end."""
    e = Elf.open(elf)
    syms = e.symbols()
    lo, hi = syms["__text_start"].value, syms["__text_end"].value
    return sum(s.size for s in e.symbol_list() if s.size and lo <= s.value < hi
               and s.shndx < len(e.sections) and e.sections[s.shndx].flags & SHF_EXECINSTR)


@dataclass
class Report:
    text: str
    csv: str
    markdown: str


def load(arch, images):
    """{build: (elf, functions, irq-op function names, symbol sizes)}, or a reason."""
    data = {}
    for label, variant in BUILDS:
        elf = os.path.join(benchlib.ROOT, benchlib.kernel_path(images, arch, variant))
        if not os.path.exists(elf):
            return None, f"{os.path.relpath(elf, benchlib.ROOT)} missing"
        funcs = functions(elf)
        data[label] = (elf, funcs, irq_functions(elf, funcs), sizes(elf))
    return data, ""


def tally(data, builds):
    """Totals per build over the irq-op functions that all these builds have."""
    common = set.intersection(*({base(f) for f in data[b][1]} for b in builds))
    chosen = set.union(*(data[b][2] for b in builds)) & common
    res = {}
    for label in builds:
        elf, funcs, _, sz = data[label]
        tot = dict.fromkeys(METRICS, 0)
        for fn, insns in funcs.items():
            if base(fn) not in chosen:
                continue
            c = count(insns)
            c["bytes"] = sz.get(fn, c["bytes"])
            for k, v in c.items():
                tot[k] += v
        tot["funcs"] = len(chosen)
        tot["text"] = code_bytes(elf)
        tot["push+pop+stores"] = tot["push"] + tot["pop"] + tot["stack_stores"]
        res[label] = tot
    return res


def ratio(a, b):
    return f"{a / b:.2f}" if b else "-"


def report(arches, images="build"):
    """Two comparisons per arch: all three builds over the functions they
    share (the no-paravirt build lacks the paravirt code and its tests), and
    the two paravirt builds over every function with a site."""
    cols = ["code_bytes", *METRICS, "push+pop+stores"]
    head = ["arch", "functions", "build", "code", "code vs no-pv", "funcs", "bytes", "insns",
            "push", "pop", "stack stores", "stack loads", "push+pop+stores", "vs no-pv",
            "vs callee-save"]
    rows = []
    csv_lines = ["arch,functions,build," + ",".join(cols)
                 + ",code_vs_nopv,ratio_vs_nopv,ratio_vs_callee_save"]
    groups = [("shared by all 3", [b for b, _ in BUILDS]),
              ("all with pv sites", [b for b, _ in BUILDS[1:]])]
    for arch in arches:
        data, why = load(arch, images)
        if data is None:
            rows.append([arch, "not measured: " + why] + [""] * (len(head) - 2))
            continue
        t0 = code_bytes(data["no paravirt"][0])
        for group, builds in groups:
            res = tally(data, builds)
            floor = res["no paravirt"]["push+pop+stores"] if "no paravirt" in res else 0
            cs = res["callee-save thunks"]["push+pop+stores"]
            for label, r in res.items():
                v = r["push+pop+stores"]
                vs_floor = ratio(v, floor) if floor else "-"
                vs_cs = ratio(v, cs) if label == "plain C calls" else "-"
                rows.append([arch, group, label, str(r["text"]), ratio(r["text"], t0),
                             *[str(r[k]) for k in METRICS + ["push+pop+stores"]], vs_floor, vs_cs])
                csv_lines.append(f"{arch},{group},{label}," + ",".join(str(r[k]) for k in ["text", *METRICS, "push+pop+stores"])
                                 + f",{ratio(r['text'], t0)},{vs_floor},{vs_cs}")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    text = ["Code size and register pressure in the functions that use the irq ops:",
            "  ".join(h.ljust(w) for h, w in zip(head, widths))]
    text += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    md += ["| " + " | ".join(r) + " |" for r in rows]
    return Report("\n".join(text), "\n".join(csv_lines) + "\n", "\n".join(md))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("arches", nargs="*", metavar="ARCH", help="x86_64, i386 (default: both)")
    arches = ap.parse_args().arches or ["x86_64", "i386"]
    bad = [a for a in arches if a not in ("x86_64", "i386")]
    if bad:
        ap.error(f"unknown arch {bad[0]!r}")
    print(report(arches).text)
