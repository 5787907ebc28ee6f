"""Value checks and the grader's variables."""
import random
import unittest

from checks import CheckError, Vars, check_value, choose_vars, validate_check


class Templates(unittest.TestCase):
    def setUp(self):
        self.v = Vars({"smp": 3, "mem_kib": 262144, "token": "abc", "addr": 0x1234F0}, {"addr"})

    def test_render(self):
        self.assertEqual(self.v.render("echo=${token}"), "echo=abc")
        self.assertEqual(self.v.render("${smp * 100000}"), "300000")
        self.assertEqual(self.v.render("${smp - 1}"), "2")
        self.assertEqual(self.v.render("${addr}"), "0x1234f0")
        self.assertEqual(self.v.render("a.${token}", escape=True), "a.abc")
        self.assertEqual(Vars({"t": "a.b+"}).render("^${t}$", escape=True), r"^a\.b\+$")

    def test_bad_expressions(self):
        for expr in ("${nope}", "${__import__('os')}", "${smp ** 2}", "${token * 2}", "${1 +}"):
            with self.assertRaises(CheckError, msg=expr):
                self.v.render(expr)

    def test_choose_vars(self):
        spec = {"t": "token", "a": {"kind": "address", "min": 0x1000, "max": 0x2000, "align": 16},
                "n": {"kind": "int", "min": 3, "max": 3}, "c": {"kind": "choice", "of": ["x"]}}
        v = choose_vars(spec, random.Random(1), Vars({"smp": 2}))
        self.assertRegex(v.values["t"], r"^[a-z0-9]{12}$")
        self.assertTrue(0x1000 <= v.values["a"] <= 0x2000 and v.values["a"] % 16 == 0)
        self.assertEqual((v.values["n"], v.values["c"], v.values["smp"]), (3, "x", 2))
        self.assertTrue(v.render("${a}").startswith("0x"))
        w = choose_vars(spec, random.Random(1), Vars({"smp": 2}))
        self.assertEqual(v.values, w.values, "the same seed gives the same choices")


class Checks(unittest.TestCase):
    v = Vars({"smp": 4, "mem_kib": 262144, "token": "k3j9", "now": 1000, "pf": 0xdead000},
             {"pf"})

    def ok(self, got, check, key="k"):
        self.assertIsNone(check_value(key, got, check, self.v), f"{got} {check}")

    def bad(self, got, check, key="k"):
        r = check_value(key, got, check, self.v)
        self.assertIsNotNone(r, f"{got} {check}")
        return r

    def test_eq(self):
        self.ok("4", {"eq": "${smp}"})
        self.ok("0x10", {"eq": 16})
        self.ok("k3j9", {"eq": "${token}"})
        self.ok("0xdead000", {"eq": "${pf}"})
        self.assertEqual(self.bad("3", {"eq": "${smp}"}, "cpus"), ("cpus=3", "equal to 4"))
        self.bad("K3J9", {"eq": "${token}"})

    def test_missing(self):
        self.assertEqual(self.bad(None, {"eq": 1}, "cpus"), ("cpus was not reported", "a value cpus"))

    def test_ranges(self):
        self.ok("261627", {"near": "${mem_kib}", "tolerance_pct": 1, "max": "${mem_kib}"})
        self.bad("262145", {"near": "${mem_kib}", "tolerance_pct": 1, "max": "${mem_kib}"})
        self.bad("200000", {"near": "${mem_kib}", "tolerance_pct": 1})
        self.ok("1100", {"near": "${now}", "tolerance": 120})
        self.bad("1121", {"near": "${now}", "tolerance": 120})
        self.ok("5", {"min": 1, "max": 5})
        self.bad("0", {"min": 1})
        self.bad("abc", {"min": 1})
        self.ok("-300", {"near": 0, "tolerance": 50000})

    def test_other_ops(self):
        self.ok("true", {"one_of": ["1", "true"]})
        self.bad("no", {"one_of": ["1", "true"]})
        self.ok("2", {"ne": 3})
        self.ok("abc123", {"match": "[a-z]+[0-9]+"})
        self.bad("abc123x", {"match": "[a-z]+[0-9]+"})

    def test_validate_check(self):
        names = {"smp", "mem_kib"}
        self.assertEqual(validate_check("k", {"eq": "${smp}"}, names), [])
        self.assertTrue(validate_check("k", {"equals": 1}, names))
        self.assertTrue(validate_check("k", {"near": 1}, names))
        self.assertTrue(validate_check("k", {"tolerance": 1}, names))
        self.assertTrue(validate_check("k", {"eq": "${cpus}"}, names))
        self.assertTrue(validate_check("k", {}, names))
        self.assertTrue(validate_check("k", {"match": "("}, names))


if __name__ == "__main__":
    unittest.main()
