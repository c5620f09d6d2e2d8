#!/usr/bin/env python3
"""Runs the fuzz targets built by `make fuzzers` (build/fuzz/TARGET-ARCH):
for each, replays the regression inputs of tests/fuzz/regressions/TARGET/,
then fuzzes for SECONDS from generated seeds (tests/fuzz/seeds.py) and the
corpus kept in build/fuzz/corpus/. Prints KTAP, one case per target, with
the executions and exec/s; a crash, hang (an input over --timeout seconds)
or leak fails the case and names the reproducer. Exit 0 when all passed.

  tests/fuzz/run.py [--seconds N] [--timeout S] [TARGET-ARCH ...]
"""
import argparse
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seeds  # noqa: E402

ROOT = seeds.ROOT
FUZZ_DIR = os.path.join(ROOT, "build", "fuzz")


def rel(path):
    return os.path.relpath(path, ROOT)


def built_targets():
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(FUZZ_DIR, "*-*"))
                  if os.path.isfile(p) and os.access(p, os.X_OK))


def libfuzzer_flags(name, timeout):
    """Ours, then the target's own from tests/fuzz/TARGET.options (one
    libFuzzer flag a line, # comments), if it has one."""
    artifacts = os.path.join(FUZZ_DIR, "artifacts", name)
    os.makedirs(artifacts, exist_ok=True)
    # close_fd_mask=3: the tools' own output is noise; libFuzzer reports on a copy of stderr.
    flags = [f"-timeout={timeout}", "-rss_limit_mb=2048", "-close_fd_mask=3",
             "-print_final_stats=1", f"-artifact_prefix={artifacts}/"]
    options = os.path.join(ROOT, "tests", "fuzz", name.rsplit("-", 1)[0] + ".options")
    if os.path.exists(options):
        flags += [l.strip() for l in open(options) if l.strip() and not l.startswith("#")]
    return flags


# ASan keeps freed memory in a 256 MiB quarantine by default, so every run
# of a target that allocates touches fresh pages (half the time of the ELF
# targets went to page faults). 16 MiB is still far more than one run frees.
FUZZ_ENV = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "quarantine_size_mb=16"))


def reproducer(log):
    m = re.search(r"Test unit written to (\S+)", log)
    return m.group(1) if m else None


def failure_lines(log):
    """What went wrong and where in our code (not libFuzzer's or libc's frames)."""
    keep = [l for l in log.splitlines()
            if re.search(r"ERROR: |runtime error|SUMMARY|deadly signal|timeout after|leak of", l) or
            (re.match(r"\s+#\d+ ", l) and not re.search(r"fuzzer::|libc|libstdc|in malloc|in calloc|in main ", l))]
    return keep[:14]


def run_target(name, seconds, timeout):
    """(ok, summary, diagnostics, executions, exec/s)"""
    target, arch = name.rsplit("-", 1)
    binary = os.path.join(FUZZ_DIR, name)
    flags = libfuzzer_flags(name, timeout)
    regressions = sorted(glob.glob(os.path.join(ROOT, "tests", "fuzz", "regressions", target, "*")))
    if regressions:
        p = subprocess.run([binary, *flags, *regressions], capture_output=True, text=True,
                           errors="replace", env=FUZZ_ENV)
        if p.returncode != 0:
            diag = failure_lines(p.stderr)
            return False, f"a regression input fails again ({len(regressions)} replayed)", diag, 0, 0
    seed_dir = os.path.join(FUZZ_DIR, "seeds", name)
    corpus = os.path.join(FUZZ_DIR, "corpus", name)
    os.makedirs(corpus, exist_ok=True)
    nseeds = seeds.write_seeds(target, arch, seed_dir)
    p = subprocess.run([binary, *flags, f"-max_total_time={seconds}", corpus, seed_dir],
                       capture_output=True, text=True, errors="replace", env=FUZZ_ENV)
    execs = int((re.search(r"stat::number_of_executed_units: (\d+)", p.stderr) or [0, 0])[1])
    rate = int((re.search(r"stat::average_exec_per_sec:\s+(\d+)", p.stderr) or [0, 0])[1])
    if p.returncode != 0:
        unit = reproducer(p.stderr)
        diag = failure_lines(p.stderr)
        if unit:
            diag.append(f"reproducer: {rel(unit)} (run: {rel(binary)} {rel(unit)}; "
                        f"keep it as tests/fuzz/regressions/{target}/NAME once fixed)")
        return False, f"crash after {execs} executions", diag, execs, rate
    return True, (f"{execs} executions in {seconds} s, {rate} exec/s, {len(regressions)} regression "
                  f"inputs, {nseeds} seeds"), [], execs, rate


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=3, help="fuzzing time per target")
    ap.add_argument("--timeout", type=int, default=10, help="seconds one input may take (a hang)")
    ap.add_argument("targets", nargs="*", help="TARGET-ARCH names (default: every built target)")
    args = ap.parse_args()
    names = args.targets or built_targets()
    if not names:
        print("no fuzz targets built: make fuzzers", file=sys.stderr)
        return 1
    print("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: fuzz")
    print(f"    1..{len(names)}")
    failed = 0
    table = []
    for i, name in enumerate(names, 1):
        case = name.replace("-", "_")
        if not os.path.exists(os.path.join(FUZZ_DIR, name)):
            ok, summary, diag, execs, rate = False, f"{rel(os.path.join(FUZZ_DIR, name))} missing (make fuzzers)", [], 0, 0
        else:
            ok, summary, diag, execs, rate = run_target(name, args.seconds, args.timeout)
        print(f"    # {case}: {summary}")
        for l in diag:
            print(f"    #   {l}")
        print(f"    {'ok' if ok else 'not ok'} {i} {case}", flush=True)
        failed += not ok
        table.append((name, execs, rate, ok))
    print(f"{'not ok' if failed else 'ok'} 1 fuzz")
    print(f"# fuzz: {len(names)} targets, {len(names) - failed} passed, {failed} failed")
    print(f"# {'target':24} {'executions':>12} {'exec/s':>8}  projected for 600 s")
    for name, execs, rate, ok in table:
        print(f"# {name:24} {execs:12} {rate:8}  {rate * 600:.2e}{'' if ok else '  FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
