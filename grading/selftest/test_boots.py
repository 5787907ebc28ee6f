"""Whole grading runs against a fake QEMU (grading/selftest/fake_qemu.py): batching,
values, resume after a crash, panic/reset/power-off, the runner that never starts,
progress timeouts and their scaling, serial input; and the end of real QEMU boots
(triple fault, ACPI power-off, debug-exit) on tiny boot sectors."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import labconf
import machine
import plan as planner
from grade import Grader
from qemu_exit import qemu

FAKE = pathlib.Path(__file__).resolve().parent / "fake_qemu.py"

HEADER = """
[lab]
id = "00-fake"
title = "Fake"
status = "ready"
[defaults]
mem = "256M"
smp = 2
boot = "pvh"
timeout = {timeout}
[vars]
token = "token"
pf = {{ kind = "address", min = 0x100000000000, max = 0x6fffffffffff }}
"""


class FakeRun:
    """Grades a lab.toml against a scenario with the fake QEMU."""

    def __init__(self, tests, scenario, scale=1.0, timeout=5, quiet=True):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="grade-selftest-"))
        (self.tmp / "labs" / "00-fake").mkdir(parents=True)
        (self.tmp / "labs" / "00-fake" / "lab.toml").write_text(
            HEADER.format(timeout=timeout) + tests)
        labs = labconf.load_all(self.tmp)
        self.boots_file = self.tmp / "boots.txt"
        env = {"FAKE_SCENARIO": json.dumps(scenario), "FAKE_BOOTS": str(self.boots_file)}
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            self.grader = Grader(labs, self.tmp, self.tmp / "grade", scale, 7, "tcg", quiet=quiet)
            self.grader.wrap_argv = lambda argv: [sys.executable, str(FAKE)] + argv[1:]
            t0 = time.monotonic()
            for i, b in enumerate(planner.plan(labs, planner.Chooser(self.grader.rng))):
                self.grader.run_batch(b, i, 1)
            self.elapsed = time.monotonic() - t0
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.cmdlines = self.boots_file.read_text().splitlines() if self.boots_file.exists() else []
        shutil.rmtree(self.tmp, ignore_errors=True)

    def result(self, name):
        return self.grader.results[("00-fake", name)]

    def reason(self, name):
        r = self.result(name)
        return "" if r.passed else r.failure.outcome.reason


def ok_test(name, extra=""):
    return f'[[test]]\nname = "{name}"\npoints = 1\n{extra}\n'


class Batches(unittest.TestCase):
    def test_one_boot_values_and_unknown(self):
        tests = (ok_test("a", 'values.cpus = { eq = "${smp}" }')
                 + ok_test("b", 'values.cpus = { eq = "${smp}" }')
                 + ok_test("c", 'cmdline = "echo=${token}"\nvalues.echo = { eq = "${token}" }')
                 + ok_test("d") + ok_test("e", "values.x = { min = 1 }"))
        r = FakeRun(tests, {"a": {"values": {"cpus": 2}}, "b": {"values": {"cpus": 3}},
                            "c": {"values": {"echo": "wrong"}}, "e": {"values": {}}})
        self.assertEqual(len(r.cmdlines), 1, "ok tests with one machine share one boot")
        self.assertTrue(r.cmdlines[0].startswith("test=a,b,c,d,e echo="))
        self.assertTrue(r.result("a").passed)
        self.assertEqual(r.reason("b"), "wrong value: cpus=3")
        self.assertEqual(r.result("b").failure.outcome.expected, "equal to 2")
        self.assertIn("echo=wrong", r.reason("c"))
        self.assertIn("unknown test", r.reason("d"))
        self.assertEqual(r.reason("e"), "wrong value: x was not reported")

    def test_not_ok_and_skip(self):
        r = FakeRun(ok_test("a") + ok_test("b"),
                    {"a": {"ok": False, "reason": "timer not calibrated"},
                     "b": {"ok": True}})
        self.assertEqual(r.reason("a"), "not ok: timer not calibrated")
        self.assertTrue(r.result("b").passed)

    def test_resume_after_crash(self):
        for crash, words in (({"panic": "boom"}, "kernel panic: boom"),
                             ({"reset": True}, "reset"),
                             ({"poweroff": True}, "powered off")):
            r = FakeRun(ok_test("a") + ok_test("b") + ok_test("c"),
                        {"a": {}, "b": crash, "c": {}})
            self.assertEqual(r.cmdlines, ["test=a,b,c", "test=c"])
            self.assertTrue(r.result("a").passed and r.result("c").passed)
            self.assertIn("the boot ended while it ran", r.reason("b"))
            self.assertIn(words, r.reason("b"))

    def test_machine_shapes_split_boots(self):
        tests = (ok_test("a", 'values.cpus = { eq = "${smp}" }\nruns = [{}, { smp = 1 }]')
                 + ok_test("b"))
        r = FakeRun(tests, {"a": {"values": {"cpus": 2}}, "b": {}})
        self.assertEqual(r.cmdlines, ["test=a,b", "test=a"])
        self.assertFalse(r.result("a").passed, "the smp=1 run reports 2 CPUs")
        self.assertEqual(len(r.result("a").runs), 2)


class Ends(unittest.TestCase):
    def test_runner_never_starts_fails_batch_at_once(self):
        r = FakeRun(ok_test("a") + ok_test("b"), {"_boot": "no-runner"}, timeout=0.5)
        self.assertEqual(len(r.cmdlines), 1, "no reboot per test")
        for n in "ab":
            self.assertIn("never started", r.reason(n))
        self.assertLess(r.elapsed, 4)

    def test_a_panic_test_whose_runner_never_starts_says_so_once(self):
        r = FakeRun('[[test]]\nname = "p"\npoints = 1\nexpect = "panic"\npatterns = ["x"]\n',
                    {"_boot": "no-runner"}, timeout=0.5)
        self.assertEqual(r.reason("p").count("never started"), 1, r.reason("p"))

    def test_progress_toward_a_total_replaces_the_limit(self):
        steps = {"progress": [[i, 6] for i in range(1, 7)], "every": 0.3}
        r = FakeRun(ok_test("a", "limit = 1\ntimeout = 1"), {"a": steps})
        self.assertTrue(r.result("a").passed, r.reason("a"))
        self.assertGreater(r.elapsed, 1.8)

    def test_progress_that_does_not_advance_keeps_the_limit(self):
        for steps in ([[1, 6], [1, 6], [2, 6], [3, 6], [4, 6], [5, 6]],     # a repeated step
                      [[1, 5000], [2, 5000], [3, 5000], [4, 5000], [5, 5000]],   # too many
                      [[1, 6], [2, 7], [3, 7], [4, 7], [5, 7], [6, 7]]):      # a moving total
            r = FakeRun(ok_test("a", "limit = 1\ntimeout = 1"), {"a": {"progress": steps,
                                                                       "every": 0.3}})
            self.assertIn("ran longer than its limit", r.reason("a"), steps)

    def test_a_slow_boot_that_prints_reaches_its_runner(self):
        # Before TAP the timeout is a progress timeout: a loaded host boots slowly but
        # the kernel log moves (it was once a deadline from before the ISO build).
        r = FakeRun(ok_test("a", "timeout = 0.6"), {"_boot_log": [0.3, 6], "a": {}}, timeout=0.6)
        self.assertTrue(r.result("a").passed, r.reason("a"))
        self.assertGreater(r.elapsed, 1.8)

    def test_runner_start_has_a_hard_limit(self):
        r = FakeRun(ok_test("a", "limit = 1"), {"_boot_log": [0.2, 50], "a": {}}, timeout=0.6)
        self.assertIn("no 'TAP version' line within 1 s", r.reason("a"))
        self.assertLess(r.elapsed, 4)

    def test_runner_deadline_counts_from_qemu_start(self):
        # What comes before QEMU starts (grade.py builds the ISO there) is not the
        # guest's time: a slow ISO build must not end the boot "runner never started".
        real = machine.boot

        def slow_start(*args, **kwargs):
            time.sleep(2.5)
            return real(*args, **kwargs)
        machine.boot = slow_start
        try:
            r = FakeRun(ok_test("a"), {"a": {}}, timeout=2)
        finally:
            machine.boot = real
        self.assertTrue(r.result("a").passed, r.reason("a"))

    def test_progress_timeout_is_scaled(self):
        r = FakeRun(ok_test("a", "timeout = 0.4"), {"a": {"hang": True}}, scale=2.5)
        self.assertIn("no output on either serial port for 1 s", r.reason("a"))
        self.assertGreater(r.elapsed, 0.9)
        self.assertLess(r.elapsed, 4)

    def test_hard_limit(self):
        r = FakeRun(ok_test("a", "limit = 0.6"), {"a": {"spew": True}})
        self.assertIn("ran longer than its limit", r.reason("a"))
        self.assertLess(r.elapsed, 4)

    def test_panic_tests(self):
        tests = """
[[test]]
name = "pf"
points = 1
expect = "panic"
cmdline = "pf_addr=${pf}"
patterns = ['#PF page fault', 'cr2=(?P<cr2>0x[0-9a-f]+) .*not-present']
values.cr2 = { eq = "${pf}" }
"""
        cr2 = "cr2=0x{:x} read not-present"
        # The fake cannot know the address the grader chose: run twice, first to learn it.
        first = FakeRun(tests, {"pf": {"panic": "page fault", "log": ["#PF page fault",
                                                                       cr2.format(0x1000)]}})
        self.assertIn("wrong value in the report: cr2=0x1000", first.reason("pf"))
        chosen = first.cmdlines[0].split("pf_addr=")[1]
        again = FakeRun(tests, {"pf": {"panic": "page fault",
                                       "log": ["#PF page fault", f"cr2={chosen} read not-present"]}})
        self.assertEqual(again.cmdlines[0].split("pf_addr=")[1], chosen, "same seed, same choice")
        self.assertTrue(again.result("pf").passed, again.reason("pf"))
        for scenario, words in (({"ok": True}, "instead of panicking"),
                                ({"reset": True}, "reset"),
                                ({"panic": "x", "log": ["nothing useful"]}, "lacks an expected line")):
            r = FakeRun(tests, {"pf": scenario})
            self.assertIn(words, r.reason("pf"))
        r = FakeRun(tests, {})
        self.assertIn("unknown test", r.reason("pf"))

    def test_panic_tests_boot_alone(self):
        tests = ok_test("a") + """
[[test]]
name = "p1"
points = 1
expect = "panic"
patterns = ['boom']
[[test]]
name = "p2"
points = 1
expect = "panic"
patterns = ['boom']
"""
        r = FakeRun(tests, {"a": {}, "p1": {"panic": "boom"}, "p2": {"panic": "boom"}})
        self.assertEqual(r.cmdlines, ["test=a", "test=p1", "test=p2"])
        self.assertTrue(all(r.result(n).passed for n in ("a", "p1", "p2")))

    def test_serial_input_and_console(self):
        tests = ok_test("i", "send = { after = '^# waiting for input', text = \"${token}\\r\" }\n"
                             'values.input = { eq = "${token}" }') + """
[[test]]
name = "banner"
points = 1
expect = "console"
patterns = ['Larch kernel', 'memory: (?P<usable_kib>\\d+) KiB usable']
values.usable_kib = { near = "${mem_kib}", tolerance_pct = 1, max = "${mem_kib}" }
"""
        r = FakeRun(tests, {"i": {"input": True}})
        self.assertTrue(r.result("i").passed, r.reason("i"))
        self.assertTrue(r.result("banner").passed, r.reason("banner"))
        r = FakeRun(tests.replace('mem = "256M"', 'mem = "512M"'),
                    {"i": {"input": True}, "_banner": ["Larch kernel", "memory: 1 KiB usable"]})
        self.assertIn("usable_kib=1", r.reason("banner"))

    def test_qemu_that_does_not_start(self):
        labs_toml = ok_test("a")
        r = FakeRun.__new__(FakeRun)
        tmp = pathlib.Path(tempfile.mkdtemp(prefix="grade-selftest-"))
        try:
            (tmp / "labs" / "00-fake").mkdir(parents=True)
            (tmp / "labs" / "00-fake" / "lab.toml").write_text(HEADER.format(timeout=5) + labs_toml)
            labs = labconf.load_all(tmp)
            g = Grader(labs, tmp, tmp / "grade", 1.0, 1, "tcg", quiet=True)
            g.wrap_argv = lambda argv: [sys.executable, "-c", "import sys; print('bad option'); sys.exit(1)"]
            for b in planner.plan(labs, planner.Chooser(g.rng)):
                g.run_batch(b, 0, 1)
            reason = g.results[("00-fake", "a")].failure.outcome.reason
            self.assertIn("QEMU did not start", reason)
            self.assertIn("bad option", reason)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def boot_sector(code):
    return bytes(code) + bytes(510 - len(code)) + b"\x55\xaa" + bytes(1024 * 1024 - 512)


class Listener:
    def __init__(self):
        self.lines = []

    def on_console(self, text, now):
        self.lines.append(text)

    def on_log(self, text, now):
        pass

    def deadline(self, now, last_output):
        return (last_output + 15, "timeout", "no output for 15 s")


@unittest.skipUnless(shutil.which("qemu-system-x86_64"), "needs qemu-system-x86_64")
class RealQemu(unittest.TestCase):
    """Real QEMU, a 16-bit boot sector each: how the grader tells the ends apart."""
    SECTORS = {
        # lidt with limit 0, then int3: #GP -> #DF -> triple fault -> reset
        "reset": [0xfa, 0x0f, 0x01, 0x1e, 0x09, 0x7c, 0xcc, 0xeb, 0xfe, 0, 0, 0, 0, 0, 0],
        # ACPI S5: SLP_EN | SLP_TYP 0 into PM1a_CNT (q35: 0x604)
        "poweroff": [0xba, 0x04, 0x06, 0xb8, 0x00, 0x20, 0xef, 0xeb, 0xfe],
        # out 0xf4, EXIT_CODE_PANIC
        "panic": [0xb0, qemu.exit_codes()["EXIT_CODE_PANIC"], 0xe6, 0xf4, 0xeb, 0xfe],
    }

    def boot(self, what):
        with tempfile.TemporaryDirectory(prefix="grade-selftest-") as tmp:
            img = pathlib.Path(tmp) / "disk.img"
            img.write_bytes(boot_sector(self.SECTORS[what]))

            def argv(sockets):
                a = qemu.qemu_command(iso="unused", mem="64M", smp=1, accel="tcg",
                                      sockets=sockets, paused=True)
                i = a.index("-cdrom")
                a[i:i + 4] = ["-drive", f"file={img},format=raw,if=ide", "-boot", "c"]
                return a
            t0 = time.monotonic()
            end = machine.boot(argv, Listener(), pathlib.Path(tmp) / "boot")
            return end, time.monotonic() - t0

    def test_triple_fault_is_a_reset(self):
        end, took = self.boot("reset")
        self.assertEqual(end.kind, "reset", end)
        self.assertLess(took, 10, "a reset ends the boot at once")

    def test_acpi_poweroff(self):
        end, took = self.boot("poweroff")
        self.assertEqual(end.kind, "poweroff", end)
        self.assertLess(took, 10)

    def test_debug_exit_code(self):
        end, _ = self.boot("panic")
        self.assertEqual((end.kind, end.code), ("exit", "PANIC"), end)


if __name__ == "__main__":
    unittest.main()
