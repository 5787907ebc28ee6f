"""make flake-check's bookkeeping, the current lab, and the `tier` key (test-long)."""
import os
import pathlib
import tempfile
import tomllib
import unittest
from types import SimpleNamespace

import current_lab
import flake_check
import grade
import labconf

LAB = """
[lab]
id = "00-fake"
title = "A fake lab"
status = "ready"
[[test]]
name = "quick"
points = 1
[[test]]
name = "slow"
points = 1
tier = "long"
"""


def lab(id_, status="ready", tests=1):
    return SimpleNamespace(id=id_, status=status, tests=[object()] * tests)


class Tier(unittest.TestCase):
    def test_valid_and_loaded(self):
        data = tomllib.loads(LAB)
        self.assertEqual(labconf.validate_data(data, "lab.toml", lab_id="00-fake"), [])
        with tempfile.TemporaryDirectory() as d:
            (pathlib.Path(d) / "labs" / "00-fake").mkdir(parents=True)
            (pathlib.Path(d) / "labs" / "00-fake" / "lab.toml").write_text(LAB)
            tests = labconf.load_all(d)[0].tests
        self.assertEqual([(t.name, t.tier) for t in tests], [("quick", "default"), ("slow", "long")])

    def test_bad_tier(self):
        data = tomllib.loads(LAB.replace('tier = "long"', 'tier = "slow"'))
        errs = labconf.validate_data(data, "lab.toml", lab_id="00-fake")
        self.assertTrue(any("tier must be one of" in e for e in errs), errs)

    def test_grade_tier_knob(self):
        old = os.environ.get("GRADE_TIER")
        try:
            os.environ["GRADE_TIER"] = "long"
            self.assertEqual(grade.tier(), "long")
            os.environ["GRADE_TIER"] = "later"
            with self.assertRaises(SystemExit):
                grade.tier()
            del os.environ["GRADE_TIER"]
            self.assertEqual(grade.tier(), "default")
        finally:
            if old is not None:
                os.environ["GRADE_TIER"] = old


class CurrentLab(unittest.TestCase):
    LABS = [lab("01-boot"), lab("02-paging"), lab("03-processes"),
            lab("04-clone", status="not-built", tests=0)]

    def test_current_and_previous(self):
        self.assertEqual(current_lab.current(self.LABS), ["03-processes"])
        self.assertEqual(current_lab.current(self.LABS, True), ["02-paging", "03-processes"])

    def test_flake_check_selection(self):
        self.assertEqual(flake_check.choose_labs(self.LABS, ""), ["02-paging", "03-processes"])
        self.assertEqual(flake_check.choose_labs(self.LABS, "all"),
                         ["01-boot", "02-paging", "03-processes"])
        self.assertEqual(flake_check.choose_labs(self.LABS, "01-boot"), ["01-boot"])
        with self.assertRaises(SystemExit):
            flake_check.choose_labs(self.LABS, "04-clone")


def record(name, status, reason="", boot="01-boot-1"):
    return {"name": name, "status": status, "reason": reason,
            "runs": [{"boot": boot, "mem": "256M", "smp": 2, "status": status, "reason": reason}]}


class FlakeReport(unittest.TestCase):
    CONSOLE = "\n".join(["TAP version 14", "# running a (00-fake)", "ok 1 - a",
                         "# running b (00-fake)", "# value x=1", "not ok 2 - b # late", "1..2"])

    def test_test_lines(self):
        self.assertEqual(flake_check.test_lines(self.CONSOLE, "b"),
                         ["# running b (00-fake)", "# value x=1", "not ok 2 - b # late"])
        self.assertEqual(flake_check.test_lines(self.CONSOLE, "a"), ["# running a (00-fake)", "ok 1 - a"])

    def test_flaky_listed_with_output(self):
        runs = [(1, {"seed": 11, "labs": [{"id": "00-fake", "tests": [record("a", "pass"),
                                                                      record("b", "pass")]}]}),
                (2, {"seed": 22, "labs": [{"id": "00-fake", "tests": [record("a", "pass"),
                                                                      record("b", "fail", "late")]}]})]
        with tempfile.TemporaryDirectory() as d:
            boots = pathlib.Path(d) / "run-2" / "boots"
            boots.mkdir(parents=True)
            (boots / "01-boot-1.console.txt").write_text(self.CONSOLE)
            lines, bad = flake_check.report(flake_check.collect(runs), 2, pathlib.Path(d))
        text = "\n".join(lines)
        self.assertEqual([(lab_id, name) for lab_id, name, _ in bad], [("00-fake", "b")])
        self.assertRegex(text, r"00-fake/a +2/2\n")
        self.assertIn("1/2  FLAKY", text)
        self.assertIn("run 2 (GRADE_SEED=22)", text)
        self.assertIn("| # value x=1", text)


if __name__ == "__main__":
    unittest.main()
