"""Which tests share a boot: machines, random choices, command-line words, panic tests."""
import random
import tomllib
import unittest

import labconf
import plan

LAB = """
[lab]
id = "00-fake"
title = "Fake"
status = "ready"
[defaults]
mem = ["128M", "192M", "256M"]
smp = [2, 3]
[[test]]
name = "a"
points = 1
cmdline = "x=1"
[[test]]
name = "b"
points = 1
cmdline = "x=2"
[[test]]
name = "c"
points = 1
cmdline = "y=1 flag"
runs = [{}, { mem = "5G", smp = 1 }]
[[test]]
name = "p"
points = 1
expect = "panic"
patterns = ["x"]
[[test]]
name = "q"
points = 1
expect = "panic"
patterns = ["x"]
"""


def make_lab():
    data = tomllib.loads(LAB)
    assert labconf.validate_data(data, "lab.toml", "00-fake") == []
    lab = labconf.Lab("00-fake", "Fake", "ready", None, defaults=data["defaults"])
    lab.tests = [labconf._make_test("00-fake", t, data["defaults"], False) for t in data["test"]]
    return lab


class Plan(unittest.TestCase):
    def test_batches(self):
        lab = make_lab()
        batches = plan.plan([lab], plan.Chooser(random.Random(3)))
        shapes = [([r.test.name for r in b.runs], b.words) for b in batches]
        self.assertEqual(shapes[0], (["a", "c"], {"x": "1", "y": "1", "flag": None}))
        self.assertEqual(shapes[1][0], ["b"], "x=2 conflicts with x=1: its own boot")
        self.assertEqual(shapes[2][0], ["c"], "the 5G run")
        self.assertEqual((batches[2].machine.mem, batches[2].machine.smp), ("5G", 1))
        self.assertEqual([s[0] for s in shapes[3:]], [["p"], ["q"]], "one boot per panic test")
        usual = batches[0].machine
        self.assertIn(usual.mem, ("128M", "192M", "256M"))
        self.assertTrue(all(b.machine == usual for b in batches if b is not batches[2]),
                        "the lab's usual machine is chosen once")

    def test_only_tests(self):
        batches = plan.plan([make_lab()], plan.Chooser(random.Random(1)), {"q"})
        self.assertEqual([[r.test.name for r in b.runs] for b in batches], [["q"]])

    def test_one_test_keeps_its_machine(self):
        # A rerun (`make grade TEST=q GRADE_SEED=s`) must boot q on the machine it had in
        # the full run, although the full run drew the other tests' lists first.
        lab = make_lab()
        lab.tests[0].machine = {"smp": [1, 2, 3, 4, 5, 6, 7, 8]}
        lab.tests[-1].machine = {"smp": [9, 10, 11, 12, 13, 14, 15, 16]}
        for seed in range(30):
            full = plan.plan([lab], plan.Chooser(random.Random(seed)))
            alone = plan.plan([lab], plan.Chooser(random.Random(seed)), {"q"})
            q_full = [b.machine for b in full if b.runs[0].test.name == "q"]
            self.assertEqual(q_full, [alone[0].machine], f"seed {seed}")

    def test_seed_repeats(self):
        def machines(seed):
            return [b.machine for b in plan.plan([make_lab()], plan.Chooser(random.Random(seed)))]
        self.assertEqual(machines(5), machines(5))


if __name__ == "__main__":
    unittest.main()


class CommandLineWords(unittest.TestCase):
    """A quoted value stays one word: the grader once split `echo="larch TOKEN"` at the
    space and sorted the halves apart, so the kernel saw `"TOKEN echo=larch"`."""

    def test_quoted_value_is_one_word(self):
        self.assertEqual(labconf.split_cmdline('echo="larch x1" log=console'),
                         ['echo="larch x1"', "log=console"])
        self.assertEqual(plan._words('echo="larch ${token}" flag'),
                         {"echo": '"larch ${token}"', "flag": None})

    def test_plain_words(self):
        self.assertEqual(labconf.split_cmdline("  a=1\tb  c=  "), ["a=1", "b", "c="])
        self.assertEqual(labconf.split_cmdline(""), [])
