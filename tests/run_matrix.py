#!/usr/bin/env python3
"""Boots every configuration of tests/matrix.py, judges each by its exit
status AND a complete KTAP result, prints one line per configuration and
ends with the line `N passed, N failed, N skipped` counting test cases
(skipped: suites and cases that printed `# SKIP`).

  tests/run_matrix.py [-j JOBS] [-k SUBSTRING] [--list] [--load N] [--repeat R]

--load N keeps N busy processes running meanwhile (bounded: at most 8 per
CPU; killed at the end, and each ends by itself if the harness dies).
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "pylib"))
import booters  # noqa: E402
import expect  # noqa: E402
from pvkern import ktap  # noqa: E402
from matrix import CONFIGS  # noqa: E402

LOG_DIR = os.path.join(booters.ROOT, "build", "test-logs")
TAIL = 25


class Outcome:
    def __init__(self, cfg):
        self.cfg = cfg
        self.ok = False
        self.passed = 0  # test cases (or 1 for a harness self-check)
        self.failed = 0
        self.skipped = 0  # suites and cases that printed # SKIP
        self.summary = ""
        self.detail = []
        self.log = ""
        self.seconds = 0.0


def run_one(cfg):
    out = Outcome(cfg)
    try:
        argv = booters.BOOTERS[cfg.kind](cfg)
    except booters.NotAvailable as e:
        out.failed = 1
        out.summary = f"NOT RUN: {e}"
        return out
    os.makedirs(LOG_DIR, exist_ok=True)
    out.log = os.path.join(LOG_DIR, cfg.name + ".log")
    t0 = time.monotonic()
    timed_out = False
    with open(out.log, "wb") as f:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            status = proc.wait(timeout=cfg.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            status, timed_out = None, True
    out.seconds = time.monotonic() - t0
    text = open(out.log, "rb").read().decode("utf-8", "replace").replace("\r", "")
    rep = ktap.parse(text)
    booters.JUDGES.get(cfg.kind, judge)(out, cfg, status, timed_out, rep, text)
    if not out.ok:
        lines = text.splitlines()
        diags = [l.strip() for l in lines if l.lstrip().startswith("# ") and (
            ":" in l and l.strip().split(":")[0][2:] in {n.split(".", 1)[1] for n in rep.failed}
            or l.lstrip().startswith("#   "))]
        if diags:
            out.detail.append("    diagnostics of the failed cases:")
            out.detail += ["    > " + l for l in diags[:30]]
        out.detail.append(f"    log: {os.path.relpath(out.log, booters.ROOT)} (last {min(TAIL, len(lines))} lines)")
        out.detail += ["    | " + l for l in lines[-TAIL:]]
    return out


# The harness's own checks that a passing kernel is rejected when it did not
# run what its configuration claims: expect value -> tag of the reason.
REJECTIONS = {"wrong-backend": "backend", "wrong-patch-mode": "patch mode", "wrong-xen-ops": "xen ops"}


def judge(out, cfg, status, timed_out, rep, text):
    pass_status = booters.pass_status(cfg)
    # Without the exit port every run ends with status 0: the console's
    # verdict line says how it ended.
    no_port = bool(cfg.extra.get("no_exit_port"))
    how = "timed out after %ds" % cfg.timeout if timed_out else f"exit status {status}"
    claimed = expect.claims(cfg)
    skips = f", {len(rep.skipped_suites)} suites skipped" + (
        f", {len(rep.skipped)} cases skipped" if rep.skipped else "")
    if claimed and cfg.expect not in REJECTIONS:
        row = expect.lint(cfg, claimed)
        if row:
            out.failed = 1
            out.summary = "matrix row contradicts its name: " + "; ".join(row)
            return
    if cfg.expect == "pass" or cfg.expect in REJECTIONS:
        out.passed, out.failed = len(rep.passed), len(rep.failed)
        if cfg.expect == "pass":
            out.skipped = len(rep.skipped) + len(rep.skipped_suites)
        reasons = []
        if timed_out:
            reasons.append(("status", how))
        elif status != pass_status:
            reasons.append(("status", f"{how}, expected {pass_status}"))
        if not rep.complete:
            reasons.append(("ktap", "incomplete KTAP: " + "; ".join(rep.problems)))
        if rep.failed:
            reasons.append(("failed", "failed: " + ", ".join(rep.failed)))
        if rep.total == 0:
            reasons.append(("ktap", "no test case ran"))
        # Lines the run must have logged (extra["log_has"]: regular expressions).
        for want in cfg.extra.get("log_has", []):
            if not re.search(want, text, re.M):
                reasons.append(("console", f"the log lacks a line matching /{want}/"))
        # extra["console"]: lines the boot must print, proof that the
        # configuration ran what it names (a CPU model, a way to end)
        for want in cfg.extra.get("console", []) + (["pvkern: run ended: PASS"] if no_port else []):
            if want not in text:
                reasons.append(("console", f"console lacks {want!r}"))
        # extra["last_words"]: how the kernel ended the run, which must be its
        # last console line (a later line means that way did not work)
        last = cfg.extra.get("last_words")
        if last:
            said = [l.strip() for l in text.splitlines() if l.startswith("pvkern: ")]
            if not said or not said[-1].startswith(last):
                reasons.append(("console", f"last kernel line is {said[-1] if said else None!r}, not {last!r}"))
        if claimed:
            reasons += expect.check(cfg, claimed, rep, text)
        if cfg.expect in REJECTIONS:
            judge_rejection(out, cfg, reasons)
            return
        out.ok = not reasons
        if reasons and out.failed == 0:
            out.failed = 1  # a broken run counts as a failure even with no case failed
        out.summary = f"{len(rep.passed)}/{rep.total} cases{skips}" + (
            "" if out.ok else " -- " + "; ".join(m for _, m in reasons))
        return
    # Harness self-checks: the run must be judged as broken, in the right way.
    if cfg.expect == "fail":
        verdict = not no_port or "pvkern: run ended: FAIL" in text
        ok = (status == (0 if no_port else booters.EXIT_FAIL) and verdict and rep.complete
              and len(rep.failed) >= 1)
        seen = f"{how}, {len(rep.failed)} failed case(s), KTAP {'complete' if rep.complete else 'incomplete'}"
        if no_port:
            seen += f", verdict line FAIL {'present' if verdict else 'missing'}"
        wrong = failure_mismatches(cfg, rep, text)
        if wrong:
            ok = False
            seen += "; " + "; ".join(wrong)
        claims_wrong = expect.check(cfg, claimed, rep, text, suites=False) if claimed else []
        if claims_wrong:
            ok = False
            seen += "; " + "; ".join(m for _, m in claims_wrong)
    elif cfg.expect == "crash":
        report = cfg.extra.get("crash_report", "FATAL: exception")
        # extra["log_has"]: what the crash report must also show (regular expressions)
        lacking = [w for w in cfg.extra.get("log_has", []) if not re.search(w, text, re.M)]
        ok = status == booters.EXIT_CRASH and report in text and not rep.complete and not lacking
        seen = f"{how}, '{report}' {'present' if report in text else 'missing'}" + \
            "".join(f", no line matching /{w}/" for w in lacking)
    elif cfg.expect == "hang":
        ok = timed_out and not rep.complete
        seen = how
    else:
        ok, seen = False, f"unknown expectation {cfg.expect!r}"
    out.ok = ok
    out.passed, out.failed = (1, 0) if ok else (0, 1)
    out.summary = f"harness saw the expected {cfg.expect}: {seen}" if ok else f"expected a {cfg.expect}, saw: {seen}"


def judge_rejection(out, cfg, reasons):
    """A kernel that passed on its own terms must be rejected by the claims,
    for the reason the self-check names."""
    tag = REJECTIONS[cfg.expect]
    kernel_ok = not [m for t, m in reasons if t in ("status", "ktap", "failed")]
    hits = [m for t, m in reasons if t == tag]
    out.ok = kernel_ok and bool(hits)
    out.passed, out.failed = (1, 0) if out.ok else (0, 1)
    said = "; ".join(m for _, m in reasons) or "nothing: the run was accepted"
    if out.ok:
        out.summary = f"harness rejected the run for its {tag}: {'; '.join(hits)}"
    elif not kernel_ok:
        out.summary = f"expected a passing kernel rejected for its {tag}, the kernel itself failed: {said}"
    else:
        out.summary = f"expected the run rejected for its {tag}, the harness said: {said}"


# A busy process for --load: spins, and ends by itself once the harness is
# gone, even if the harness was killed before it could stop it.
BUSY = """
import os, sys
parent = int(sys.argv[1])
while os.getppid() == parent:
    for _ in range(100000):
        pass
"""
MAX_LOAD_PER_CPU = 8


class HostLoad:
    """N busy processes while the matrix runs (a context manager)."""

    def __init__(self, n):
        self.n, self.procs = n, []

    def __enter__(self):
        for _ in range(self.n):
            self.procs.append(subprocess.Popen([sys.executable, "-c", BUSY, str(os.getpid())],
                                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.kill()
        for p in self.procs:
            p.wait()


def failure_mismatches(cfg, rep, text):
    """For expect="fail": what differs from the failure the configuration
    names. extra["failed_cases"]: exactly these cases fail; extra["fail_reports"]:
    each regular expression matches a line of the log."""
    wrong = []
    want = cfg.extra.get("failed_cases")
    if want is not None:
        missing = sorted(set(want) - set(rep.failed))
        extra = sorted(set(rep.failed) - set(want))
        if missing:
            wrong.append("these cases did not fail: " + ", ".join(missing))
        if extra:
            wrong.append("these cases failed too: " + ", ".join(extra))
    reports = cfg.extra.get("fail_reports", [])
    unseen = [r for r in reports if not re.search(r, text, re.MULTILINE)]
    if unseen:
        wrong.append(f"{len(unseen)} of {len(reports)} expected reports missing, e.g. /{unseen[0]}/")
    return wrong


def run_all(configs, jobs):
    """Runs the configurations; returns (passed, failed, skipped, names of failed ones)."""
    passed = failed = skipped = 0
    bad = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for out in pool.map(run_one, configs):
            mark = "PASS" if out.ok else "FAIL"
            print(f"{mark} {out.cfg.name:36} {out.seconds:6.1f}s  {out.summary}", flush=True)
            for l in out.detail:
                print(l)
            passed += out.passed
            failed += out.failed
            skipped += out.skipped
            if not out.ok:
                bad.append(out.cfg.name)
    return passed, failed, skipped, bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("-k", "--filter", default="", help="run only configurations whose name contains this")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--load", type=int, default=0, metavar="N",
                    help="keep N busy processes running while the matrix runs (stress: verdicts "
                    "must not depend on host load)")
    ap.add_argument("--repeat", type=int, default=1, metavar="R",
                    help="run the chosen configurations R times; stop at the first failing round")
    args = ap.parse_args()
    cpus = os.cpu_count() or 1
    if not 0 <= args.load <= MAX_LOAD_PER_CPU * cpus:
        ap.error(f"--load must be between 0 and {MAX_LOAD_PER_CPU * cpus} ({MAX_LOAD_PER_CPU} per CPU)")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    configs = [c for c in CONFIGS if args.filter in c.name]
    if args.list:
        for c in configs:
            print(f"{c.name:36} {c.kind:7} {c.arch:7} expect={c.expect} append='{c.append}'")
        return 0
    if args.load:
        print(f"host load: {args.load} busy processes on {cpus} CPUs, besides {args.jobs} jobs", flush=True)
    with HostLoad(args.load):
        for round_ in range(1, args.repeat + 1):
            if args.repeat > 1:
                print(f"--- round {round_} of {args.repeat}", flush=True)
            passed, failed, skipped, bad = run_all(configs, args.jobs)
            print()
            if bad:
                print("configurations that failed: " + ", ".join(bad))
            print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
            if failed or bad:
                if args.repeat > 1:
                    print(f"round {round_} of {args.repeat} failed; {round_ - 1} passed before it")
                return 1
    if args.repeat > 1:
        print(f"all {args.repeat} rounds passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
