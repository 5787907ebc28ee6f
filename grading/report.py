"""grading/report.py — what the grader prints and writes: tables, results.json, junit.xml.

Schemas: grading/README.md. The console report is a table per lab (test, points,
result), a total per lab, and a last line "Score: X/Y". results.json and junit.xml go
next to the boot logs (build/grade/).
"""
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

RESULTS_SCHEMA = "larch-grade-results/1"


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


def short_reason(result, width=60):
    f = result.failure
    text = f.outcome.reason if f else ""
    return text if len(text) <= width else text[:width - 3] + "..."


def failure_block(result, run, log_base):
    """The text shown for a failed run: test, reason, expectation, serial context."""
    t, o = result.test, run.outcome
    runs = f"run {run.index + 1} of {len(t.runs)}: " if len(t.runs) > 1 else ""
    lines = [f"FAIL {t.lab}/{t.name} ({runs}{run.machine.describe()}; boot {run.boot})",
             f"  reason:   {o.reason}",
             f"  expected: {o.expected or 'ok'}"]
    for where, ctx in o.context:
        if ctx:
            lines.append(f"  {where} (around the failure):")
            lines += [f"    | {c}" for c in ctx]
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
    for r in results:
        mark = "pass" if r.passed else "FAIL  " + short_reason(r)
        out.append(f"  {label(r):<{width}}  {r.points:>3}/{r.test.points:<3}  {mark}")
    out.append(f"  {'total':<{width}}  {got:>3}/{total:<3}")
    return out


def results_json(meta, labs, results_by_lab, boots):
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
                f.text = f"expected: {t['expected']}"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_reports(out_dir, doc):
    (out_dir / "results.json").write_text(json.dumps(doc, indent=2) + "\n")
    (out_dir / "junit.xml").write_text(junit_xml(doc))
