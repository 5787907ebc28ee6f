"""grading/report.py — what the grader prints and writes: tables, results.json, junit.xml.

Schemas: grading/README.md. The console report is a table per lab (test, points,
result), a total per lab, and a last line "Score: X/Y". results.json and junit.xml go
next to the boot logs (build/grade/).
"""
import json
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

RESULTS_SCHEMA = "larch-grade-results/1"
REASON_WIDTH = 72       # the table wraps a reason at this width, never cuts it


@dataclass
class RunRecord:
    index: int
    machine: object          # plan.Machine
    boot: str                # boot id, e.g. "01-boot-2"
    outcome: object          # session.Outcome


@dataclass
class TestResult:
    test: object             # labconf.Test
    runs: list = field(default_factory=list)

    @property
    def passed(self):
        return bool(self.runs) and all(r.outcome.status == "pass" for r in self.runs)

    @property
    def points(self):
        return self.test.points if self.passed else 0

    @property
    def failure(self):
        return next((r for r in self.runs if r.outcome.status != "pass"), None)

    @property
    def duration(self):
        return sum(getattr(r, "duration", 0.0) for r in self.runs)


def rerun_command(lab, test, seed, scale=1):
    """The command that grades only @test again with the same seed."""
    knobs = f" GRADE_TIMEOUT_SCALE={scale:g}" if scale != 1 else ""
    return f"make grade LAB={lab} TEST={test} GRADE_SEED={seed}{knobs}"


def shared_key(run):
    """What makes two failures one: a cause of the whole boot (Outcome.shared) with the
    same reason; any other failure is its own."""
    o = run.outcome
    return ("shared", o.reason, o.expected) if o.shared else ("own", id(run))


def failure_block(result, run, log_base, rerun="", blocked=()):
    """The text shown for a failed run: test, reason, expectation, serial context, the
    kernel log lines that matter, the command that reruns it. @blocked: the other tests
    of the same boot that failed for the same cause (reported here, once)."""
    t, o = result.test, run.outcome
    runs = f"run {run.index + 1} of {len(t.runs)}: " if len(t.runs) > 1 else ""
    head = f"FAIL {t.lab}/{t.name}"
    if blocked:
        head = f"FAIL {len(blocked) + 1} tests of {t.lab}, one cause"
    lines = [f"{head} ({runs}{run.machine.describe()}; boot {run.boot})",
             f"  reason:   {o.reason}",
             f"  expected: {o.expected or 'ok'}"]
    if blocked:
        lines += textwrap.wrap(", ".join([t.name] + list(blocked)), 96,
                               initial_indent="  blocked:  ", subsequent_indent=" " * 12)
    for where, ctx in o.context:
        if ctx:
            lines.append(f"  {where} (around the failure):")
            lines += [f"    | {c}" for c in ctx]
    if o.kernel_log:
        lines.append("  kernel log (COM2) in its window, the lines that matter:")
        lines += [f"    | {c}" for c in o.kernel_log]
    if rerun:
        lines.append(f"  rerun:    {rerun}")
    lines.append(f"  full logs: {log_base}/{run.boot}.console.txt and .log.txt")
    return "\n".join(lines)


def table(lab, results):
    """The lab's table as lines; results: [TestResult] in lab.toml order."""
    got = sum(r.points for r in results)
    total = sum(r.test.points for r in results)
    def label(r):
        return r.test.name + (" (hidden)" if r.test.hidden else "")

    width = max([len(label(r)) for r in results] + [20])
    out = [f"{lab.id}: {lab.title}",
           f"  {'test':<{width}}  {'points':>7}  result"]
    first = {}          # shared_key -> the first test that failed for it
    for r in results:
        cell = f"  {label(r):<{width}}  {r.points:>3}/{r.test.points:<3}  "
        if r.passed:
            out.append(cell + "pass")
            continue
        key = shared_key(r.failure)
        reason = r.failure.outcome.reason
        if key in first:
            reason = f"the same cause as {first[key]}"
        first.setdefault(key, r.test.name)
        out += textwrap.wrap(reason, len(cell) + 6 + REASON_WIDTH, initial_indent=cell + "FAIL  ",
                             subsequent_indent=" " * (len(cell) + 6)) or [cell + "FAIL"]
    out.append(f"  {'total':<{width}}  {got:>3}/{total:<3}")
    return out


def results_json(meta, labs, results_by_lab, boots):
    seed, scale = meta.get("seed"), meta.get("timeout_scale", 1)
    labs_out = []
    for lab in labs:
        rs = results_by_lab.get(lab.id, [])
        labs_out.append({
            "id": lab.id, "title": lab.title,
            "score": sum(r.points for r in rs), "max_score": sum(r.test.points for r in rs),
            "tests": [{
                "name": r.test.name, "lab": lab.id, "hidden": r.test.hidden,
                "expect": r.test.expect, "points": r.points, "max_points": r.test.points,
                "status": "pass" if r.passed else "fail",
                "reason": r.failure.outcome.reason if r.failure else "",
                "expected": r.failure.outcome.expected if r.failure else "",
                "rerun": rerun_command(lab.id, r.test.name, seed, scale) if r.failure else "",
                "kernel_log": r.failure.outcome.kernel_log if r.failure else [],
                "context": [{"where": w, "lines": c} for w, c in r.failure.outcome.context]
                if r.failure else [],
                "runs": [{"boot": run.boot, "mem": run.machine.mem, "smp": run.machine.smp,
                          "boot_method": run.machine.boot, "status": run.outcome.status,
                          "reason": run.outcome.reason, "values": run.outcome.values}
                         for run in r.runs],
            } for r in rs],
        })
    score = sum(x["score"] for x in labs_out)
    max_score = sum(x["max_score"] for x in labs_out)
    return {"schema": RESULTS_SCHEMA, **meta, "score": score, "max_score": max_score,
            "labs": labs_out, "boots": boots}


def junit_xml(doc):
    """JUnit XML from a results.json document: one testsuite per lab."""
    def count(lab, status):
        return sum(1 for t in lab["tests"] if t["status"] == status)
    root = ET.Element("testsuites", name="larch-grade",
                      tests=str(sum(len(lab["tests"]) for lab in doc["labs"])),
                      failures=str(sum(count(lab, "fail") for lab in doc["labs"])),
                      time=f"{doc.get('duration_s', 0):.1f}")
    for lab in doc["labs"]:
        suite = ET.SubElement(root, "testsuite", name=lab["id"], tests=str(len(lab["tests"])),
                              failures=str(count(lab, "fail")), errors="0", skipped="0")
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="score", value=str(lab["score"]))
        ET.SubElement(props, "property", name="max_score", value=str(lab["max_score"]))
        for t in lab["tests"]:
            case = ET.SubElement(suite, "testcase", classname=lab["id"], name=t["name"])
            cprops = ET.SubElement(case, "properties")
            ET.SubElement(cprops, "property", name="points", value=str(t["points"]))
            ET.SubElement(cprops, "property", name="max_points", value=str(t["max_points"]))
            if t["status"] == "fail":
                f = ET.SubElement(case, "failure", message=t["reason"], type="fail")
                f.text = f"expected: {t['expected']}\nrerun: {t['rerun']}"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_reports(out_dir, doc):
    (out_dir / "results.json").write_text(json.dumps(doc, indent=2) + "\n")
    (out_dir / "junit.xml").write_text(junit_xml(doc))
