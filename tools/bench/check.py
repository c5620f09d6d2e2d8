#!/usr/bin/env python3
"""The exact facts `make test` checks about the benchmark mode, for one
arch, printed as KTAP (exit 0 when all hold). Instruction counts under
QEMU -icount are exact, so these are equalities and bounds, not timings:

  - the no-paravirt build and the native backend, patched and unpatched,
    each run the benchmark to the end with whole counts per op;
  - a patched native irq_disable / irq_enable costs what the no-paravirt
    cli / sti costs, plus at most the NOPs that pad the site (the site
    length comes from the image's .parainstructions records);
  - every op costs more through the unpatched indirect call than patched,
    the mmu ops (set_pte, flush_tlb_one, read_cr3, write_cr3) as the irq
    ops, and on bare metal every mmu op is measured, none skipped;
  - the native patcher inlines every site;
  - boot patching costs at most PATCH_INSNS_PER_SITE instructions per site,
    with the native and with the lguest-style backend (whose sites are
    inline stores and direct calls, as Xen's are);
  - a second boot of the same image counts exactly the same.

  tools/bench/check.py ARCH
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
from benchlib import MMU_OPS, OPS, Setup, fmt  # noqa: E402
from pvkern import constants, ktap  # noqa: E402  (benchlib puts tools/pylib on the path)

TYPE = {op: constants.OP_TYPES[op] for op in ("irq_disable", "irq_enable")}
ONE_BYTE_INSN = 1                          # cli and sti
LONGEST_NOP = 8                            # paravirt_fill_nops() uses NOPs up to 8 bytes
PATCH_INSNS_PER_SITE = 150                 # the budget for apply_paravirt() (make bench)


class Cases(ktap.Suite):
    def case(self, name, ok, why=""):
        self.check(ok, name, why)


def pad_nops(elf, op):
    """NOP instructions after a one-byte template in this op's C sites."""
    lens = {length for _, t, length, _ in benchlib.para_records(elf) if t == TYPE[op]}
    if not lens:
        return None
    pad = max(lens) - ONE_BYTE_INSN
    return -(-pad // LONGEST_NOP)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("arch", choices=sorted(benchlib.qemu.QEMU))
    arch = ap.parse_args().arch
    runs = {
        "nopv": Setup(arch, "none", "no paravirt", variant="-nopv", calls="none"),
        "native_patched": Setup(arch, "native", "patched"),
        "native_unpatched": Setup(arch, "native", "unpatched", append="pv.nopatch"),
        "lguest_patched": Setup(arch, "lguest", "patched", append="pv.backend=lguest"),
    }
    t = Cases(f"bench-{arch}")
    res = {}
    for key, s in runs.items():
        r = benchlib.run(s, timeout=120)
        res[key] = r
        t.case(f"boot_{key}", r.ok, r.problem + "\n" + "\n".join(r.log.splitlines()[-10:]))
    again = benchlib.run(runs["native_patched"], timeout=120)

    if all(r.ok for r in res.values()):
        floor, pat, unp = res["nopv"], res["native_patched"], res["native_unpatched"]
        odd = [f"{k} {op}={fmt(r.ops[op])}" for k, r in res.items() for op in r.ops if not r.exact[op]]
        t.case("whole_counts_per_op", not odd, "loops of different shape: " + ", ".join(odd))
        elf = os.path.join(benchlib.ROOT, runs["native_patched"].kernel)
        for op in TYPE:
            nops = pad_nops(elf, op)
            f, p = floor.ops[op], pat.ops[op]
            ok = nops is not None and f <= p <= f + nops
            t.case(f"patched_{op}_is_floor_plus_padding", ok,
                   f"patched {fmt(p)}, no paravirt {fmt(f)}, padding NOPs {nops}")
        skipped = [f"{k} {op}: {r.skipped[op]}" for k, r in res.items() for op in r.skipped]
        t.case("mmu_ops_measured", not skipped, ", ".join(skipped))
        worse = [f"{op}: unpatched {fmt(unp.ops.get(op))} <= patched {fmt(pat.ops.get(op))}"
                 for op in [*OPS, *MMU_OPS]
                 if not (op in unp.ops and op in pat.ops and unp.ops[op] > pat.ops[op])]
        t.case("unpatched_costs_more_than_patched", not worse, "\n".join(worse))
        ps = pat.patch
        t.case("native_inlines_every_site",
               ps["sites"] > 0 and ps["inline"] == ps["sites"] and ps["refused"] == 0
               and ps["insns"] > 0 and unp.patch["left"] == unp.patch["sites"],
               f"patched: {ps}; unpatched: {unp.patch}")
        for key in ("native_patched", "lguest_patched"):
            ps = res[key].patch
            t.case(f"{key.split('_')[0]}_patch_cost_within_budget",
                   0 < ps["insns"] <= PATCH_INSNS_PER_SITE * ps["sites"],
                   f"{ps['insns']} instructions for {ps['sites']} sites, budget "
                   f"{PATCH_INSNS_PER_SITE} per site")
        same = again.ok and (again.ops, again.patch, again.boot) == (pat.ops, pat.patch, pat.boot)
        t.case("second_boot_counts_the_same", same,
               again.problem or f"first {pat.ops} {pat.patch} {pat.boot}\n"
               f"second {again.ops} {again.patch} {again.boot}")
    else:
        t.case("counts_checked", False, "a benchmark boot failed; nothing to compare")

    return t.print()


if __name__ == "__main__":
    sys.exit(main())
