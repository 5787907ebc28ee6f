"""lab.toml validation: each rule gives a clear error; good files load."""
import pathlib
import tempfile
import tomllib
import unittest

import labconf

GOOD = """
[lab]
id = "00-fake"
title = "A fake lab"
status = "ready"
[defaults]
mem = ["128M", "256M"]
smp = 2
[vars]
token = "token"
[[test]]
name = "a"
points = 3
values.echo = { eq = "${token}" }
[[test]]
name = "p"
points = 2
expect = "panic"
patterns = ['cr2=(?P<cr2>0x[0-9a-f]+)']
values.cr2 = { min = 1 }
"""


def errors(text, lab_id="00-fake"):
    return labconf.validate_data(tomllib.loads(text), "lab.toml", lab_id=lab_id)


class Validate(unittest.TestCase):
    def test_good(self):
        self.assertEqual(errors(GOOD), [])

    def expect_error(self, text, fragment, lab_id="00-fake"):
        errs = errors(text, lab_id)
        self.assertTrue(any(fragment in e for e in errs), f"no '{fragment}' in {errs}")

    def test_lab_table(self):
        self.expect_error("[[test]]\nname='a'\npoints=1\n", "missing [lab]")
        self.expect_error(GOOD.replace('id = "00-fake"', 'id = "fake"'), "NN-name", None)
        self.expect_error(GOOD, "does not match its folder", "01-other")
        self.expect_error(GOOD.replace('"ready"', '"done"'), "status must be")
        self.expect_error(GOOD.replace('status = "ready"', 'status = "ready"\nrequires = ["05-x"]'),
                          "earlier labs")
        self.expect_error(GOOD + "\n[extra]\n", "unknown table")

    def test_tests(self):
        self.expect_error(GOOD.replace("points = 3", "points = -1"), "points must be")
        self.expect_error(GOOD.replace("points = 3", 'points = "3"'), "points must be")
        self.expect_error(GOOD.replace('name = "a"', 'name = "Bad-Name"'), "name must match")
        self.expect_error(GOOD.replace('name = "a"', 'name = "p"'), "duplicate test name")
        self.expect_error(GOOD.replace("points = 3", "points = 3\npionts = 1"), "unknown key 'pionts'")
        self.expect_error(GOOD.replace('expect = "panic"', 'expect = "crash"'), "expect must be")
        self.expect_error(GOOD.replace("patterns = ['cr2=(?P<cr2>0x[0-9a-f]+)']", ""),
                          "needs patterns")
        self.expect_error(GOOD.replace("(?P<cr2>", "("), "not a named group")
        self.expect_error(GOOD.replace("[0-9a-f]+)", "[0-9a-f]+"), "bad regex")
        self.expect_error(GOOD.replace("${token}", "${tokn}"), "unknown variable 'tokn'")
        self.expect_error(GOOD.replace("{ eq =", "{ equals ="), "unknown operator")
        self.expect_error(GOOD.replace("points = 3", "points = 3\ncmdline = 'test=x'"),
                          "may not set 'test='")
        self.expect_error(GOOD.replace("points = 3", "points = 3\nsmp = 99"), "smp must be")
        self.expect_error(GOOD.replace("points = 3", "points = 3\nmem = '12Q'"), "bad memory size")
        self.expect_error(GOOD.replace("points = 3", "points = 3\ntimeout = 0"), "timeout must be")
        self.expect_error(GOOD.replace("points = 3", "points = 3\nruns = [{ cpus = 2 }]"),
                          "runs[0]: unknown key 'cpus'")
        self.expect_error(GOOD.replace("points = 3", "points = 3\nsend = { text = 'x' }"),
                          "send must be")

    def test_vars_and_status(self):
        self.expect_error(GOOD.replace('token = "token"', 'token = "tokens"'), "kind must be")
        self.expect_error(GOOD.replace('token = "token"', 'token = { kind = "address" }'),
                          "needs min and max")
        self.assertEqual(errors(GOOD.replace('"ready"', '"not-built"')), [])

    def test_not_built_tests_are_held(self):
        """A not-built lab's tests validate, but only a preview of it grades them."""
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "labs" / "00-fake").mkdir(parents=True)
            (root / "labs" / "00-fake" / "lab.toml").write_text(
                GOOD.replace('"ready"', '"not-built"'))
            lab, = labconf.load_all(root)
            self.assertEqual((lab.tests, [t.name for t in lab.held]), ([], ["a", "p"]))
            for preview in (["00-fake"], "all"):
                lab, = labconf.load_all(root, preview=preview)
                self.assertEqual([t.name for t in lab.tests], ["a", "p"])

    def test_toml_syntax_and_tree(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "labs" / "00-fake").mkdir(parents=True)
            (root / "labs" / "00-fake" / "lab.toml").write_text(GOOD)
            (root / "labs" / "01-more").mkdir()
            (root / "labs" / "01-more" / "lab.toml").write_text(
                GOOD.replace("00-fake", "01-more"))
            with self.assertRaises(labconf.ConfigError) as e:
                labconf.load_all(root)
            self.assertIn("unique across labs", str(e.exception))
            (root / "labs" / "01-more" / "lab.toml").write_text("[lab\n")
            self.assertIn("not valid TOML", labconf.validate_file(
                root / "labs" / "01-more" / "lab.toml")[0])

    def test_hidden_tests_merge(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "labs" / "00-fake").mkdir(parents=True)
            (root / "labs" / "00-fake" / "lab.toml").write_text(GOOD)
            (root / "grading" / "hidden" / "00-fake").mkdir(parents=True)
            (root / "grading" / "hidden" / "00-fake" / "tests.toml").write_text(
                "[[test]]\nname = \"secret\"\npoints = 5\n")
            lab = labconf.load_all(root)[0]
            self.assertEqual([t.name for t in lab.tests], ["a", "p", "secret"])
            self.assertTrue(lab.tests[2].hidden)
            self.assertEqual(lab.tests[0].machine, {})


class SizeKib(unittest.TestCase):
    def test_sizes(self):
        self.assertEqual(labconf.size_kib("256M"), 262144)
        self.assertEqual(labconf.size_kib("5G"), 5 * 1024 * 1024)
        self.assertEqual(labconf.size_kib("512"), 524288)
        with self.assertRaises(ValueError):
            labconf.size_kib("lots")


if __name__ == "__main__":
    unittest.main()


class VerdictKeys(unittest.TestCase):
    """`programs` (host-side verdicts) and `trust = "self"`."""
    USER = GOOD.replace('status = "ready"', 'status = "ready"\nrunner = "user"')

    def expect_error(self, text, fragment):
        errs = errors(text)
        self.assertTrue(any(fragment in e for e in errs), f"no '{fragment}' in {errs}")

    def test_programs(self):
        good = self.USER.replace("points = 3", 'points = 3\nprograms = ["fork_tree", "cow_nested"]')
        self.assertEqual(errors(good), [])
        self.expect_error(good.replace('runner = "user"', ""), 'programs need runner = "user"')
        self.expect_error(self.USER.replace("points = 3", "points = 3\nprograms = []"),
                          "non-empty list")
        self.expect_error(self.USER.replace("points = 3", 'points = 3\nprograms = ["a", "a"]'),
                          "twice")
        self.expect_error(self.USER.replace("points = 2", 'points = 2\nprograms = ["x"]'),
                          'programs belong to expect = "ok"')

    def test_trust(self):
        self.assertEqual(errors(GOOD.replace("points = 3", 'points = 3\ntrust = "self"')), [])
        self.expect_error(GOOD.replace("points = 3", 'points = 3\ntrust = "me"'), "trust must be")

    def test_programs_must_exist(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "labs" / "00-fake").mkdir(parents=True)
            (root / "tests" / "contract" / "00-fake").mkdir(parents=True)
            (root / "tests" / "contract" / "00-fake" / "fork_tree.c").write_text("/* Contract: x */")
            toml = root / "labs" / "00-fake" / "lab.toml"
            toml.write_text(self.USER.replace("points = 3",
                                              'points = 3\nprograms = ["fork_tree", "nope"]'))
            errs = labconf.validate_file(toml)
            self.assertEqual(len(errs), 1, errs)
            self.assertIn("program 'nope' is not in tests/contract", errs[0])

    def test_every_test_is_judged_on_the_host_nonced_or_trusted(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            (root / "labs" / "00-fake").mkdir(parents=True)
            toml = root / "labs" / "00-fake" / "lab.toml"
            toml.write_text(GOOD)       # "a" checks ${token}; "p" checks nothing drawn
            errs = labconf.trust_errors(labconf.load_all(root))
            self.assertEqual(len(errs), 1, errs)
            self.assertIn("test 'p': nothing it reports depends on a value the grader draws",
                          errs[0])
            toml.write_text(GOOD.replace('name = "p"', 'name = "p"\ntrust = "self"'))
            self.assertEqual(labconf.trust_errors(labconf.load_all(root)), [])
