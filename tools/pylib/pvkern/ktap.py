"""KTAP v1 (the format of Linux's KUnit): reading a console log, and writing
a one-suite document for the host-side tests.

  parse(text) -> Report   judge a run: complete when the top-level plan
                          1..N is followed by N results and every nested
                          suite printed as many results as its own plan
                          promised; a suite that did not apply is `ok N name
                          # SKIP reason` (Report.skipped_suites)
  Suite(name)             collect results with .check(ok, name, *diagnostics)
                          and .print() them; returns the exit status
"""
import re

PLAN = re.compile(r"^(\s*)1\.\.(\d+)\s*$")
RESULT = re.compile(r"^(\s*)(not ok|ok) (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(.*))?$")
VERSION = re.compile(r"^(\s*)KTAP version 1\s*$")


class Report:
    def __init__(self):
        self.passed = []  # leaf test names
        self.failed = []
        self.skipped = []
        self.skipped_suites = {}  # suite name -> reason (top-level `# SKIP`)
        self.ran_suites = []
        self.complete = False
        self.problems = []

    @property
    def total(self):
        return len(self.passed) + len(self.failed)


def parse(text):
    """Reads KTAP from a console log (other lines are ignored)."""
    rep = Report()
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if VERSION.match(l) and not VERSION.match(l).group(1)), None)
    if start is None:
        rep.problems.append("no 'KTAP version 1' line")
        return rep
    # stack of [indent, planned, seen, name-of-suite]
    stack = []
    top_plan = None
    top_seen = 0
    suite_name = None
    for line in lines[start + 1:]:
        m = PLAN.match(line)
        if m:
            indent = len(m.group(1))
            if indent == 0:
                top_plan = int(m.group(2))
            else:
                stack.append([indent, int(m.group(2)), 0, suite_name])
            continue
        if line.strip().startswith("# Subtest:"):
            suite_name = line.split(":", 1)[1].strip()
            continue
        m = RESULT.match(line)
        if not m:
            continue
        indent, status, num, name, directive = len(m.group(1)), m.group(2), int(m.group(3)), m.group(4), m.group(5) or ""
        if indent == 0:
            top_seen += 1
            if stack:
                s = stack.pop()
                if s[2] != s[1]:
                    rep.problems.append(f"suite {s[3]}: planned {s[1]} tests, saw {s[2]}")
            if num != top_seen:
                rep.problems.append(f"top-level result {num} out of order")
            if directive.upper().startswith("SKIP"):
                rep.skipped_suites[name] = directive[4:].strip()
            else:
                rep.ran_suites.append(name)
            continue
        if not stack or stack[-1][0] != indent:
            rep.problems.append(f"result without a plan: {line.strip()}")
            continue
        stack[-1][2] += 1
        full = f"{stack[-1][3]}.{name}"
        if "SKIP" in directive.upper():
            rep.skipped.append(full)
        elif status == "ok":
            rep.passed.append(full)
        else:
            rep.failed.append(full)
    if top_plan is None:
        rep.problems.append("no top-level plan")
    elif top_seen != top_plan:
        rep.problems.append(f"planned {top_plan} suites, saw {top_seen} results")
    if stack:
        rep.problems.append(f"suite {stack[-1][3]} did not finish")
    rep.complete = top_plan is not None and not rep.problems
    return rep


class Suite:
    """One suite of host-side test cases, printed as a KTAP document."""

    def __init__(self, name):
        self.name = name
        self.results = []  # (ok, name, diagnostics)

    def check(self, ok, name, *diag):
        self.results.append((bool(ok), name, [d for d in diag if d]))
        return ok

    @property
    def failed(self):
        return sum(1 for ok, _, _ in self.results if not ok)

    def text(self):
        out = ["KTAP version 1", "1..1", "    KTAP version 1", f"    # Subtest: {self.name}",
               f"    1..{len(self.results)}"]
        for i, (ok, name, diag) in enumerate(self.results, 1):
            for d in ([] if ok else diag):
                out += [f"    # {line}" for line in str(d).splitlines()[:40]]
            out.append(f"    {'ok' if ok else 'not ok'} {i} {name}")
        good = not self.failed and self.results
        out.append(f"{'ok' if good else 'not ok'} 1 {self.name}")
        return "\n".join(out)

    def print(self):
        """Prints the document; returns 0 if every case passed (and there was one)."""
        print(self.text())
        return 0 if not self.failed and self.results else 1
