#!/usr/bin/env python3
"""make bench: exact instructions per irq op for every backend and arch.

Boots each setup below once under QEMU TCG with -icount (one QEMU at a
time), reads the kernel's `bench:` lines (kernel/bench.c) and writes

  build/bench/bench.csv, bench.md   the table (also printed here)
  build/bench/bench.png             instructions per op, by backend and site
  build/bench/codesize.csv          text size and register pressure of the
                                    three builds (tools/bench/codesize.py)
  build/bench/logs/                 each boot's console
  build/bench/images/               the kernels booted: copies taken at the
                                    start, so that a rebuild of the shared
                                    tree during the run cannot mix images

The previous bench.csv, if any, is compared with the new one: the counts
are exact, so any difference means the code (or QEMU) changed.

  tools/bench/run.py --again          boot the same kernel copies once more and
                                      compare (make bench, then this: a
                                      determinism check)
  tools/bench/run.py [-k SUBSTRING]   only setups whose name contains it
                                      (written as build/bench/bench-partial.*)
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import codesize  # noqa: E402
from benchlib import MMU_OPS, OPS, Setup, fmt  # noqa: E402

OUT = os.path.join(benchlib.ROOT, "build", "bench")
IMAGES = os.path.join("build", "bench", "images")  # snapshots of the kernels, from ROOT
ARCHES = ["x86_64", "i386"]
SITES = ["unpatched", "patched"]
OP_HEAD = {"irq_disable": "disable", "irq_enable": "enable", "save_fl": "save_fl",
           "restore_fl": "restore_fl", "irq_save_restore": "save+restore",
           "spin_irqsave": "lock section"}


def setups():
    for arch in ARCHES:
        yield Setup(arch, "none", "no paravirt", variant="-nopv", calls="none", images=IMAGES)
        for site in SITES:
            nopatch = "pv.nopatch" if site == "unpatched" else ""
            yield Setup(arch, "native", site, append=nopatch, images=IMAGES)
            yield Setup(arch, "lguest", site, append=f"pv.backend=lguest {nopatch}".strip(),
                        images=IMAGES)
            yield Setup(arch, "xen", site, append=nopatch, platform="xen", images=IMAGES)
            yield Setup(arch, "xen-c", site, append=f"xen.irq_ops=c {nopatch}".strip(),
                        platform="xen", images=IMAGES)
            yield Setup(arch, "native", site, variant="-plaincalls", append=nopatch, calls="plain",
                        images=IMAGES)


ORDER = {"none": 0, "native": 1, "lguest": 2, "xen": 3, "xen-c": 4}


def name(s):
    return f"{s.arch}-{s.backend}-{s.calls}-{s.site.replace(' ', '-')}"


def label(s):
    b = "no paravirt" if s.backend == "none" else s.backend
    return b + (" (plain C calls)" if s.calls == "plain" else "")


def floor_of(results, arch):
    for r in results:
        if r.setup.arch == arch and r.setup.backend == "none" and r.ok:
            return r
    return None


CSV_FIELDS = ["arch", "backend", "calls", "site", *OPS, *MMU_OPS, "empty_loop", "sites", "inline",
              "direct_call", "left", "refused", "patch_insns", "patch_insns_per_site",
              "live_sites", "live_insns_per_switch", "live_insns_per_site",
              "before_main", "main_to_ready", "main_to_result", "status", "image"]


def csv_row(r):
    s = r.setup
    row = {"arch": s.arch, "backend": s.backend, "calls": s.calls, "site": s.site,
           "status": "ok" if r.ok else r.problem, "image": r.image}
    if r.ok:
        for op in [*OPS, "empty_loop"]:
            row[op] = fmt(r.ops[op])
        for op in MMU_OPS:
            row[op] = fmt(r.ops[op]) if op in r.ops else "skipped:" + r.skipped[op]
        for k in ["sites", "inline", "direct_call", "left", "refused"]:
            row[k] = r.patch[k]
        row["patch_insns"] = r.patch["insns"]
        row["patch_insns_per_site"] = fmt(benchlib.Fraction(r.patch["insns"], r.patch["sites"])
                                          if r.patch["sites"] and r.patch["insns"] else None)
        row["live_sites"] = r.repatch["sites"]
        row["live_insns_per_switch"], row["live_insns_per_site"] = map(fmt, live_cost(r))
        for k in ["before_main", "main_to_ready", "main_to_result"]:
            row[k] = r.boot[k]
    return row


def table_rows(results):
    """The table as lists of strings, one per setup, plus its header."""
    head = ["arch", "backend", "site", *[OP_HEAD[o] for o in OPS], "pair vs floor",
            "pair vs unpatched", "sites inl/call/left", "patch insns/site", "main→ready",
            "main→result"]
    rows = []
    unpatched = {(r.setup.arch, r.setup.backend, r.setup.calls): r for r in results
                 if r.setup.site == "unpatched" and r.ok}
    for r in results:
        s = r.setup
        cells = [s.arch, label(s), s.site]
        if not r.ok:
            rows.append(cells + [r.problem])
            continue
        cells += [fmt(r.ops[o]) for o in OPS]
        fl = floor_of(results, s.arch)
        pair = r.ops["irq_save_restore"]
        cells.append(f"{float(pair / fl.ops['irq_save_restore']):.2f}x" if fl else "-")
        u = unpatched.get((s.arch, s.backend, s.calls))
        cells.append(f"{float(pair / u.ops['irq_save_restore']):.2f}x"
                     if u and s.site == "patched" else "-")
        p = r.patch
        cells.append(f"{p['inline']}/{p['direct_call']}/{p['left']}" if p["sites"] else "-")
        cells.append(fmt(benchlib.Fraction(p["insns"], p["sites"])) if p["sites"] and p["insns"] else "-")
        cells += [str(r.boot["main_to_ready"]), str(r.boot["main_to_result"])]
        rows.append(cells)
    return head, rows


def setup_rows(results, columns, cells_of):
    """A table with one row per setup: arch, backend, site, then cells_of(result),
    or the reason the setup was not measured."""
    head = ["arch", "backend", "site", *columns]
    rows = [[r.setup.arch, label(r.setup), r.setup.site] + (cells_of(r) if r.ok else [r.problem])
            for r in results]
    return head, rows


def mmu_rows(results):
    """The pv_mmu_ops table: one row per setup, next to the same setup's irq row."""
    return setup_rows(results, MMU_OPS,
                      lambda r: [fmt(r.ops[o]) if o in r.ops else "skipped" for o in MMU_OPS])


def live_cost(r):
    """Live re-patching (pv_repatch, one CPU, to the other patch mode and back):
    instructions per switch and per site rewritten, None where nothing was measured."""
    lp = r.repatch
    return (benchlib.Fraction(lp["insns"], lp["switches"]) if lp["switches"] else None,
            benchlib.Fraction(lp["insns"], lp["sites"]) if lp["sites"] else None)


def live_rows(results):
    def cells(r):
        per_switch, per_site = live_cost(r)
        return [str(r.repatch["sites"]) if per_switch else "-", fmt(per_switch), fmt(per_site)]
    return setup_rows(results, ["sites rewritten", "insns/switch", "insns/site"], cells)


def print_table(head, rows):
    widths = [max(len(head[i]), *(len(r[i]) for r in rows if len(r) > i and len(r) == len(head)))
              for i in range(len(head))]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
    for r in rows:
        if len(r) == len(head):
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
        else:  # not measured: the reason spans the rest of the line
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1])


def markdown(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = r if len(r) == len(head) else r[:-1] + [r[-1]] + [""] * (len(head) - len(r))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def compare_previous(prev_path, new_rows):
    if not os.path.exists(prev_path):
        return "no earlier run to compare with"
    with open(prev_path) as f:
        old = {(r["arch"], r["backend"], r["calls"], r["site"]): r for r in csv.DictReader(f)}
    counted = [*OPS, *MMU_OPS, "empty_loop", "patch_insns", "before_main", "main_to_ready", "main_to_result"]
    same, rebuilt, diffs = 0, 0, []
    for r in new_rows:
        key = (r["arch"], r["backend"], r["calls"], r["site"])
        o = old.get(key)
        if not o or r["status"] != "ok" or o["status"] != "ok":
            continue
        if o.get("image") != r["image"]:
            rebuilt += 1  # another image: its counts may rightly differ
            continue
        d = [f"{k} {o[k]} -> {r[k]}" for k in counted if str(o.get(k)) != str(r.get(k))]
        if d:
            diffs.append(f"  {'/'.join(key)}: " + ", ".join(d))
        else:
            same += 1
    note = f"; {rebuilt} setups not compared: their images were rebuilt since" if rebuilt else ""
    if not same and not diffs:
        return f"not compared with the previous run: every image was rebuilt since ({rebuilt} setups)"
    if diffs:
        return (f"instruction counts DIFFER from the previous run with the same images{note}:\n"
                + "\n".join(diffs))
    return f"instruction counts identical to the previous run ({same} setups with the same images{note})"


def plot(results, stem):
    """STEM.png: one panel per arch, clustered bars per setup."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "no plot: gnuplot missing (gnuplot-nox, make deps)"
    panels = []
    for arch in ARCHES:
        if not any(r.setup.arch == arch for r in results):
            continue
        dat = os.path.join(OUT, f"{stem}-{arch}.dat")
        with open(dat, "w") as f:
            f.write("setup " + " ".join(OPS) + "\n")
            for r in results:
                if r.setup.arch != arch:
                    continue
                lab = label(r.setup).replace(" (plain C calls)", "/plain").replace(" ", "-")
                if r.setup.site != "no paravirt":
                    lab += "\\n" + r.setup.site
                vals = [f"{float(r.ops[o]):g}" if r.ok else "?" for o in OPS]
                f.write(f"\"{lab}\" " + " ".join(vals) + "\n")
        top = max([float(r.ops[o]) for r in results if r.setup.arch == arch and r.ok for o in OPS],
                  default=1)
        panels.append((arch, dat, top * 1.12))
    png = os.path.join(OUT, stem + ".png")
    script = [
        "set terminal pngcairo size 1500,1100 font ',10' noenhanced",
        f"set output '{png}'",
        f"set multiplot layout {len(panels)},1 title 'pvkern: instructions per irq op (QEMU TCG -icount, exact)'",
        "set style data histograms", "set style histogram clustered gap 1",
        "set style fill solid 0.8 border -1", "set datafile missing '?'",
        "set key autotitle columnheader top left horizontal", "set ylabel 'instructions'",
        "set grid ytics", "set xtics font ',8'", "set bmargin 4",
    ]
    for arch, dat, top in panels:
        script += [f"set title '{arch}'", f"set yrange [0:{top:g}]",
                   f"plot for [i=2:{len(OPS) + 1}] '{dat}' using i:xtic(1)"]
    script.append("unset multiplot")
    p = subprocess.run([gnuplot], input="\n".join(script), text=True, capture_output=True)
    if p.returncode != 0:
        return "plot failed: " + p.stderr.strip()
    return f"plot: {os.path.relpath(png, benchlib.ROOT)}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-k", "--filter", default="")
    ap.add_argument("--again", action="store_true",
                    help="boot the previous run's kernel copies again, without a new snapshot "
                    "(checks that the counts repeat while the tree is being rebuilt)")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    chosen = [s for s in setups() if args.filter in name(s)]
    chosen.sort(key=lambda s: (ARCHES.index(s.arch), ORDER[s.backend], s.calls != "callee_save"
                               and s.calls != "none", s.site != "unpatched"))
    if not args.again:
        benchlib.snapshot(IMAGES, sorted({(a, v) for a in ARCHES for _, v in codesize.BUILDS}))
    results = []
    for s in chosen:
        r = benchlib.run(s, log_dir=os.path.join(OUT, "logs"))
        print(f"  {'ran' if r.ok else 'NOT MEASURED' if r.problem.startswith('not measured') else 'FAILED'}"
              f"  {name(s):40} {'' if r.ok else r.problem}", flush=True)
        results.append(r)

    head, rows = table_rows(results)
    print()
    print("Instructions per operation at a real call site (empty loop subtracted; "
          "QEMU TCG -icount shift=0: rdtsc counts retired instructions):")
    print_table(head, rows)
    mhead, mrows = mmu_rows(results)
    print()
    print("Instructions per pv_mmu_ops operation (same loops, same exactness):")
    print_table(mhead, mrows)
    lhead, lrows = live_rows(results)
    print()
    print("Live re-patching, every site through the breakpoint protocol (one CPU; "
          "two switches: to the other patch mode and back):")
    print_table(lhead, lrows)

    csv_rows = [csv_row(r) for r in results]
    # A partial run (-k) must not replace the full results it is compared with.
    stem = "bench-partial" if args.filter else "bench"
    csv_path = os.path.join(OUT, stem + ".csv")
    verdict = compare_previous(csv_path, csv_rows) if not args.filter else "partial run: not compared"
    with open(csv_path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        w.writeheader()
        w.writerows(csv_rows)

    print()
    cs = codesize.report(ARCHES, IMAGES)
    print(cs.text)
    with open(os.path.join(OUT, "codesize.csv"), "w") as f:
        f.write(cs.csv)

    with open(os.path.join(OUT, stem + ".md"), "w") as f:
        f.write("### Instructions per operation\n\n" + markdown(head, rows) + "\n\n")
        f.write("### Instructions per mmu operation\n\n" + markdown(mhead, mrows) + "\n\n")
        f.write("### Live re-patching\n\n" + markdown(lhead, lrows) + "\n\n")
        f.write("### Code size and register pressure\n\n" + cs.markdown + "\n")
    print()
    print(plot(results, stem))
    print(f"table: {os.path.relpath(csv_path, benchlib.ROOT)}, build/bench/{stem}.md; "
          f"code size: build/bench/codesize.csv")
    print(verdict)
    failed = [name(r.setup) for r in results if not r.ok and not r.problem.startswith("not measured")]
    if failed:
        print("setups that FAILED: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
