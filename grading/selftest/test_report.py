"""The reports: the table and score line, results.json and junit.xml shapes."""
import contextlib
import io
import json
import unittest
import xml.etree.ElementTree as ET

import grade
import report
from test_boots import FakeRun, ok_test


class Reports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.fake = FakeRun(ok_test("a", "values.k = { eq = 1 }") + ok_test("b"),
                          {"a": {"values": {"k": 1}}, "b": {"ok": False, "reason": "nope"}})
        lab = next(iter(cls.fake.grader.labs.values()))
        cls.lab = lab
        cls.results = [cls.fake.result("a"), cls.fake.result("b")]
        meta = {"started": "2024-01-01T00:00:00Z", "duration_s": 1.0, "accel": "tcg",
                "timeout_scale": 1.0, "seed": 7, "selection": {"labs": ["00-fake"], "tests": None}}
        cls.doc = report.results_json(meta, [lab], {lab.id: cls.results}, cls.fake.grader.boots)

    def test_results_json_shape(self):
        doc = json.loads(json.dumps(self.doc))
        self.assertEqual(doc["schema"], report.RESULTS_SCHEMA)
        for key in ("started", "duration_s", "accel", "timeout_scale", "seed", "score",
                    "max_score", "labs", "boots", "selection"):
            self.assertIn(key, doc)
        self.assertEqual((doc["score"], doc["max_score"]), (1, 2))
        lab = doc["labs"][0]
        self.assertEqual(set(lab), {"id", "title", "score", "max_score", "tests"})
        a, b = lab["tests"]
        self.assertEqual(set(a), {"name", "lab", "hidden", "expect", "points", "max_points",
                                  "status", "reason", "expected", "rerun", "kernel_log",
                                  "context", "runs"})
        self.assertEqual((a["status"], a["points"], a["runs"][0]["values"]), ("pass", 1, {"k": "1"}))
        self.assertEqual((b["status"], b["reason"]), ("fail", "not ok: nope"))
        self.assertEqual(b["rerun"], "make grade LAB=00-fake TEST=b GRADE_SEED=7")
        self.assertIn("not ok 2 - b # nope", b["context"][0]["lines"])
        boot = doc["boots"][0]
        for key in ("id", "lab", "mem", "smp", "boot_method", "cmdline", "tests", "end",
                    "exit_code", "status", "detail", "duration_s", "console", "log"):
            self.assertIn(key, boot)
        self.assertEqual(boot["exit_code"], "FAIL")

    def test_junit(self):
        root = ET.fromstring(report.junit_xml(self.doc))
        self.assertEqual(root.tag, "testsuites")
        self.assertEqual((root.get("tests"), root.get("failures")), ("2", "1"))
        suite = root.find("testsuite")
        self.assertEqual(suite.get("name"), "00-fake")
        cases = suite.findall("testcase")
        self.assertEqual([c.get("name") for c in cases], ["a", "b"])
        self.assertIsNone(cases[0].find("failure"))
        self.assertEqual(cases[1].find("failure").get("message"), "not ok: nope")

    def test_table(self):
        lines = report.table(self.lab, self.results)
        self.assertTrue(lines[0].startswith("00-fake: Fake"))
        self.assertRegex(lines[2], r"^\s+a\s+1/1\s+pass$")
        self.assertRegex(lines[3], r"^\s+b\s+0/1\s+FAIL  not ok: nope$")
        self.assertRegex(lines[-1], r"^\s+total\s+1/2")

    def test_failure_block_has_context(self):
        r = self.fake.result("b")
        text = report.failure_block(r, r.failure, "build/grade/boots")
        self.assertIn("FAIL 00-fake/b", text)
        self.assertIn("expected: ok", text)
        self.assertIn("| not ok 2 - b # nope", text)


class CommandLine(unittest.TestCase):
    def test_unknown_lab_or_test(self):
        with contextlib.redirect_stderr(io.StringIO()):
            for args in (["--lab", "99-nope"], ["--test", "no_such_test"]):
                with self.assertRaises(SystemExit) as e:
                    grade.main(args + ["--list"])
                self.assertEqual(e.exception.code, 2)

    def test_list(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(grade.main(["--list"]), 0)
        self.assertIn("01-boot", out.getvalue())

    def test_timeout_scale(self):
        import os
        old = os.environ.get("GRADE_TIMEOUT_SCALE")
        try:
            os.environ["GRADE_TIMEOUT_SCALE"] = "2.5"
            self.assertEqual(grade.timeout_scale(), 2.5)
            for bad in ("x", "0", "-1"):
                os.environ["GRADE_TIMEOUT_SCALE"] = bad
                with self.assertRaises(SystemExit):
                    grade.timeout_scale()
        finally:
            if old is None:
                os.environ.pop("GRADE_TIMEOUT_SCALE", None)
            else:
                os.environ["GRADE_TIMEOUT_SCALE"] = old


if __name__ == "__main__":
    unittest.main()


class TableColumns(unittest.TestCase):
    """A hidden test's "(hidden)" suffix once pushed its row's points column out of line."""

    def test_hidden_rows_align(self):
        fake = FakeRun(ok_test("a_rather_long_test_name") + ok_test("b"), {})
        lab = next(iter(fake.grader.labs.values()))
        results = [fake.result("a_rather_long_test_name"), fake.result("b")]
        results[0].test.hidden = True
        lines = report.table(lab, results)
        rows = [line for line in lines[2:] if line[2] != " "]   # not a wrapped reason
        columns = {line.index("/") for line in rows}
        self.assertEqual(len(columns), 1, "\n".join(lines))
