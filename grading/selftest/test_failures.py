"""Failures a student can act on: each failure block names the command that reruns the
test and the kernel log lines of its window that matter; a cause of the whole boot is
one block with the tests it blocked; the table wraps a reason and never cuts it."""
import contextlib
import io
import unittest

import report
from checks import Vars
from labconf import Test
from machine import BootEnd
from session import LOG_MATTER_LINES, Session
from test_boots import FakeRun, ok_test

LONG = ("the kernel could not do this particular thing because of a rather long chain of "
        "reasons that ends in a file name: kernel/exec/elf.cc")


class KernelLogWindow(unittest.TestCase):
    """Session.log_matters: arrival order decides the window (no clocks involved)."""

    def session(self):
        """Tests a, b, c; each line comes in a read of its own (its own `now`)."""
        tests = [Test(lab="00-fake", name=n, points=1) for n in ("a", "b", "c")]
        s = Session(tests, Vars({}), 1, 10)
        clock = iter(range(1000))
        s.on_log("[    0.1] I boot: before the runner", next(clock))
        s.on_console("TAP version 14", next(clock))
        for name, log in (("a", ["[    0.2] W syscall 99 (sysinfo): not implemented; -ENOSYS",
                                 "[    0.2] I vm: user page fault at 0x10 (rip 0x1): no mapping"]),
                          ("b", ["[    0.3] I proc: pid 4 (b) killed by signal 11 (address 0x0)",
                                 "[    0.3] I boring line"]),
                          ("c", ["[    0.4] I nothing to see"])):
            s.on_console(f"# running {name} (00-fake)", next(clock))
            for line in log:
                s.on_log(line, next(clock))
            s.on_console(f"not ok 1 - {name} # no", next(clock))
        return s

    def test_each_test_gets_its_own_lines_and_the_not_implemented_ones(self):
        s = self.session()
        a, b, c = (s.log_matters(n) for n in "abc")
        self.assertEqual(len(a), 2)
        self.assertIn("killed by signal 11", b[-1])
        self.assertIn("not implemented", b[0], "named once per boot: earlier lines count")
        self.assertEqual(len(b), 2, "a's page fault is not b's, the boring line does not matter")
        self.assertEqual(c, [a[0]])
        self.assertEqual(len(s.log_matters(None)), 3)

    @staticmethod
    def play(names, events):
        """A Session fed @events: (now, "console" or "log", text), in order."""
        s = Session([Test(lab="00-fake", name=n, points=1) for n in names], Vars({}), 1, 10)
        for now, port, text in events:
            (s.on_console if port == "console" else s.on_log)(text, now)
        return s

    def test_a_line_read_with_the_next_tests_lines_belongs_to_both(self):
        # a's line was written before "not ok a" and "# running b" but read with them.
        s = self.play("abc", [(1, "console", "TAP version 14"),
                              (2, "console", "# running a (00-fake)"),
                              (3, "console", "not ok 1 - a # no"),
                              (3, "console", "# running b (00-fake)"),
                              (3, "log", "[    0.2] I proc: pid 3 (a) killed by signal 11"),
                              (4, "console", "not ok 2 - b # no"),
                              (5, "console", "# running c (00-fake)"),
                              (6, "log", "[    0.3] W syscall 98 (getrusage): not implemented"),
                              (7, "console", "not ok 3 - c # no")])
        self.assertEqual(len(s.log_matters("a")), 1)
        self.assertEqual(len(s.log_matters("b")), 1)
        self.assertEqual(s.log_matters("c"), ["[    0.3] W syscall 98 (getrusage): "
                                              "not implemented"])

    def test_a_test_without_lines_of_its_own_gets_no_later_ones(self):
        s = self.play("ab", [(1, "console", "TAP version 14"),
                             (2, "log", "[    0.1] W syscall 1 (x): not implemented"),
                             (3, "console", "# running a (00-fake)"),
                             (4, "console", "not ok 1 - a # no"),
                             (5, "console", "# running b (00-fake)"),
                             (6, "log", "[    0.3] W syscall 98 (getrusage): not implemented")])
        self.assertEqual(s.log_matters("a"), ["[    0.1] W syscall 1 (x): not implemented"])
        self.assertEqual(len(s.log_matters("b")), 2)

    def test_judge_attaches_them_to_failures(self):
        out = self.session().judge(BootEnd("exit", status=33, code="FAIL"))
        self.assertIn("killed by signal 11", out["b"].kernel_log[-1])

    def test_many_lines_end_in_a_count(self):
        s = Session([Test(lab="00-fake", name="a", points=1)], Vars({}), 1, 10)
        s.on_console("TAP version 14", 0)
        s.on_console("# running a (00-fake)", 0)
        for i in range(LOG_MATTER_LINES + 3):
            s.on_log(f"[    0.{i}] W warning {i}", 0)
        lines = s.log_matters("a")
        self.assertEqual(len(lines), LOG_MATTER_LINES + 1)
        self.assertEqual(lines[-1], "... and 3 more such lines")


class ConsoleTests(unittest.TestCase):
    def test_a_missing_line_says_how_the_boot_ended_and_shows_the_panic(self):
        s = Session([Test(lab="00-fake", name="first", points=1, expect="console",
                          patterns=["hello from ring 3"])], Vars({}), 1, 10)
        s.on_console("Larch kernel (x86_64)", 1)
        s.on_log("[    0.5] E init: cannot run /bin/first (ENOEXEC)", 2)
        s.on_log("kernel panic on cpu 0: init: cannot run /bin/first (ENOEXEC)", 2)
        s.on_console("kernel panic: init: cannot run /bin/first (ENOEXEC)", 2)
        o = s.judge(BootEnd("exit", status=35, code="PANIC"))["first"]
        self.assertEqual(o.reason, "the console does not show what it should (the boot ended: "
                                   "kernel panic: init: cannot run /bin/first (ENOEXEC))")
        self.assertEqual(len(o.kernel_log), 2)


class Blocks(unittest.TestCase):
    def test_a_failure_names_its_rerun_command_and_kernel_log(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            r = FakeRun(ok_test("a") + ok_test("b"),
                        {"a": {"ok": False, "reason": "x",
                               "log": ["[    1.0] I proc: pid 9 (a) killed by signal 11"]},
                         "b": {}}, quiet=False)
        text = out.getvalue()
        self.assertIn("  rerun:    make grade LAB=00-fake TEST=a GRADE_SEED=7\n", text)
        self.assertIn("    | [    1.0] I proc: pid 9 (a) killed by signal 11\n", text)
        self.assertEqual(r.result("a").failure.outcome.kernel_log,
                         ["[    1.0] I proc: pid 9 (a) killed by signal 11"])

    def test_a_shared_cause_is_one_block_with_the_tests_it_blocked(self):
        out = io.StringIO()
        tests = ok_test("a") + ok_test("b") + ok_test("c")
        with contextlib.redirect_stdout(out):
            r = FakeRun(tests, {"_boot": "no-runner"}, timeout=1, quiet=False)
        text = out.getvalue()
        self.assertEqual(text.count("FAIL "), 1, text)
        self.assertIn("FAIL 3 tests of 00-fake, one cause", text)
        self.assertIn("  blocked:  a, b, c\n", text)
        self.assertIn("the test runner never started", text)
        lab = next(iter(r.grader.labs.values()))
        rows = report.table(lab, [r.result(n) for n in "abc"])
        self.assertIn("FAIL  the test runner never started", rows[2])
        self.assertTrue(rows[-3].endswith("FAIL  the same cause as a"), rows)
        self.assertTrue(rows[-2].endswith("FAIL  the same cause as a"), rows)

    def test_own_failures_stay_apart(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            FakeRun(ok_test("a") + ok_test("b"), {"a": {"ok": False, "reason": "same"},
                                                  "b": {"ok": False, "reason": "same"}},
                    quiet=False)
        self.assertEqual(out.getvalue().count("FAIL 00-fake/"), 2)


class Table(unittest.TestCase):
    def test_a_long_reason_is_wrapped_whole(self):
        r = FakeRun(ok_test("a") + ok_test("b"), {"a": {"ok": False, "reason": LONG}, "b": {}})
        lab = next(iter(r.grader.labs.values()))
        rows = report.table(lab, [r.result("a"), r.result("b")])
        self.assertNotIn("...", "\n".join(rows))
        cell = rows[2].index("FAIL  ") + len("FAIL  ")
        wrapped = [rows[2][cell:]] + [line.strip() for line in rows[3:-2]]
        self.assertEqual(" ".join(wrapped), "not ok: " + LONG)
        self.assertTrue(all(line[:cell].strip() == "" for line in rows[3:-2]))
        self.assertTrue(all(len(line) <= cell + report.REASON_WIDTH for line in rows))
        self.assertTrue(any(len(line) > cell + report.REASON_WIDTH - 12 for line in rows[2:-2]),
                        "the reason column is REASON_WIDTH wide")


if __name__ == "__main__":
    unittest.main()
