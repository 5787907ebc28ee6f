"""grading/selftest/test_verdict.py — host-side verdicts (grading/verdict.py) and how a
session uses them: frames cut out of the console, compared with the host's output, and
never a verdict from the guest's own ok line."""
import pathlib
import random
import tempfile
import unittest

import verdict
from checks import Vars
from labconf import Test
from machine import BootEnd
from session import Session

KEY = "k3y0k3y0k3y0k3y0"


def feed(reader, text):
    return [reader.feed(line) for line in text.split("\n")]


def test_with(programs):
    return Test(lab="03-processes", name="proc_x", points=5, programs=programs)


def expected(out="hello\nworld\n", status=0):
    return {f"{libc}/{p}": (out, status) for libc in verdict.LIBCS for p in ("a", "b")}


def framed(ident, out, status="0x0", key=KEY):
    return f"#{key} begin {ident}\n{out}\n#{key} end {ident} status={status}"


class FrameReaderTest(unittest.TestCase):
    def test_output_is_the_lines_between_begin_and_end(self):
        for out in ("hello\nworld\n", "no newline", "", "\n\n", "x\r\n"):
            r = verdict.FrameReader(KEY)
            self.assertTrue(all(feed(r, framed("musl/a", out))))
            self.assertEqual(r.frames["musl/a"].output, out)
            self.assertEqual(r.frames["musl/a"].status, 0)

    def test_lines_outside_frames_are_not_consumed(self):
        r = verdict.FrameReader(KEY)
        self.assertEqual(feed(r, "# running proc_x (03-processes)\nok 1 - proc_x"), [False, False])

    def test_another_key_is_program_output_or_tap(self):
        r = verdict.FrameReader(KEY)
        self.assertEqual(feed(r, framed("musl/a", "x", key="forged")), [False, False, False])
        self.assertEqual(r.frames, {})

    def test_setup_failure_and_status(self):
        r = verdict.FrameReader(KEY)
        feed(r, f"#{KEY} begin musl/a\n#{KEY} setup musl/a setrlimit(RLIMIT_STACK) failed, errno 1\n"
                f"\n#{KEY} end musl/a status=0x7e00")
        self.assertEqual(r.frames["musl/a"].setup, "setrlimit(RLIMIT_STACK) failed, errno 1")
        self.assertEqual(r.frames["musl/a"].status, 0x7e00)

    def test_keys_and_nonces_come_from_the_seeded_generator(self):
        a, b = random.Random(7), random.Random(7)
        self.assertEqual((verdict.pick_key(a), verdict.pick_nonce(a)),
                         (verdict.pick_key(b), verdict.pick_nonce(b)))
        self.assertRegex(verdict.pick_key(a), r"^[a-z0-9]{16}$")


class JudgeTest(unittest.TestCase):
    def reader(self, outputs):
        r = verdict.FrameReader(KEY)
        for ident, (out, status) in outputs.items():
            feed(r, framed(ident, out, status))
        return r

    def test_pass_when_every_program_and_libc_matches(self):
        r = self.reader({k: ("hello\nworld\n", "0x0") for k in expected()})
        self.assertEqual(verdict.judge(test_with(["a", "b"]), r, expected()), (None, None, []))

    def test_serial_carriage_returns_do_not_count(self):
        r = self.reader({k: ("hello\r\nworld\r\n", "0x0") for k in expected()})
        self.assertIsNone(verdict.judge(test_with(["a", "b"]), r, expected())[0])

    def test_first_difference_is_named(self):
        outs = {k: ("hello\nworld\n", "0x0") for k in expected()}
        outs["glibc/b"] = ("hello\nWORLD\n", "0x0")
        reason, _, ctx = verdict.judge(test_with(["a", "b"]), self.reader(outs), expected())
        self.assertIn("glibc/b: output differs from Linux's at line 2", reason)
        self.assertIn(">larch    2: WORLD", ctx)
        self.assertIn(" linux    1: hello", ctx)
        self.assertIn(">linux    2: world", ctx)

    def test_both_outputs_are_written_and_named(self):
        outs = {k: ("hello\nworld\n", "0x0") for k in expected()}
        outs["musl/a"] = ("hello\n", "0x0")
        with tempfile.TemporaryDirectory() as tmp:
            reason, _, ctx = verdict.judge(test_with(["a"]), self.reader(outs), expected(), tmp)
            want = pathlib.Path(tmp) / "musl-a.expected.txt"
            got = pathlib.Path(tmp) / "musl-a.actual.txt"
            self.assertEqual((want.read_text(), got.read_text()), ("hello\nworld\n", "hello\n"))
        self.assertIn("at line 2", reason)
        self.assertIn(f"full expected output: {want}", ctx)
        self.assertIn(f"full actual output:   {got}", ctx)
        self.assertIn(">larch    2: ", ctx)

    def test_missing_frame_status_and_setup(self):
        outs = {"musl/a": ("hello\nworld\n", "0x0")}
        reason, _, _ = verdict.judge(test_with(["a"]), self.reader(outs), expected())
        self.assertIn("glibc/a: no framed output", reason)
        outs["glibc/a"] = ("hello\nworld\n", "0x100")
        reason, _, _ = verdict.judge(test_with(["a"]), self.reader(outs), expected())
        self.assertIn("exit status 1, on Linux exit status 0", reason)
        r = self.reader({"musl/a": ("hello\nworld\n", "0x0")})
        feed(r, f"#{KEY} setup glibc/a execve /contract/glibc/a failed, errno 2")
        self.assertIn("could not start it: execve", verdict.judge(test_with(["a"]), r, expected())[0])

    def test_status_126_without_a_setup_line_says_what_it_means(self):
        outs = {"musl/a": ("hello\nworld\n", "0x0"), "glibc/a": ("", "0x7e00")}
        reason, _, ctx = verdict.judge(test_with(["a"]), self.reader(outs), expected())
        self.assertEqual(ctx, ["it printed nothing"])
        self.assertIn("glibc/a: exit status 126, on Linux exit status 0 (user/runner.c exits "
                      "126 when it cannot set up the program", reason)
        outs["glibc/a"] = ("", "0x100")
        self.assertNotIn("user/runner.c", verdict.judge(test_with(["a"]), self.reader(outs),
                                                        expected())[0])

    def test_a_frame_that_never_ends(self):
        r = verdict.FrameReader(KEY)
        feed(r, framed("musl/a", "hello\nworld\n") + f"\n#{KEY} begin glibc/a\nhello")
        self.assertIn("never ended", verdict.judge(test_with(["a"]), r, expected())[0])


class SessionTest(unittest.TestCase):
    """The guest's ok line ends a user-mode test; the verdict is the host's."""

    def run_session(self, console, outputs=None):
        test = test_with(["a"])
        s = Session([test], Vars({}), 1, 10, frames=verdict.FrameReader(KEY),
                    expected=outputs or expected())
        for line in console.split("\n"):
            s.on_console(line, 0)
        return s.judge(BootEnd("exit", status=33, code="PASS"))["proc_x"]

    def test_real_frames_pass(self):
        console = "\n".join(["TAP version 14", "# running proc_x (03-processes)",
                             framed("musl/a", "hello\nworld\n"), framed("glibc/a", "hello\nworld\n"),
                             "ok 1 - proc_x", "1..1"])
        self.assertEqual(self.run_session(console).status, "pass")

    def test_fake_ok_lines_without_frames_fail(self):
        console = "TAP version 14\n# running proc_x (03-processes)\nok 1 - proc_x\n1..1"
        o = self.run_session(console)
        self.assertEqual(o.status, "fail")
        self.assertIn("no framed output", o.reason)

    def test_the_guests_reason_is_shown(self):
        console = ("TAP version 14\n# running proc_x (03-processes)\n"
                   "not ok 1 - proc_x # the user-mode test runner did not start: /bin/init (ENOEXEC)")
        o = self.run_session(console)
        # No program of the test ran: the guest's reason is the boot's, shared by its tests.
        self.assertEqual(o.reason, "the user-mode test runner did not start: /bin/init (ENOEXEC)")
        self.assertTrue(o.shared)

    def test_the_guests_reason_follows_a_program_that_ran(self):
        console = "\n".join(["TAP version 14", "# running proc_x (03-processes)",
                             framed("musl/a", "hello\nworld\n"),
                             "not ok 1 - proc_x # glibc/a: fork failed (errno 12)"])
        o = self.run_session(console)
        self.assertIn("glibc/a: no framed output", o.reason)
        self.assertIn("(the guest said: glibc/a: fork failed (errno 12))", o.reason)
        self.assertFalse(o.shared)

    def test_a_setup_failure_is_the_reason_not_its_exit_status(self):
        console = "\n".join(["TAP version 14", "# running proc_x (03-processes)",
                             framed("musl/a", "hello\nworld\n"),
                             f"#{KEY} begin glibc/a",
                             f"#{KEY} setup glibc/a setrlimit(RLIMIT_STACK) failed, errno 1", "",
                             f"#{KEY} end glibc/a status=0x7e00",
                             "not ok 1 - proc_x # glibc/a: exit status 126"])
        o = self.run_session(console)
        self.assertIn("glibc/a: the runner could not start it: setrlimit(RLIMIT_STACK) failed, "
                      "errno 1", o.reason)

    def test_forged_frames_with_the_expected_text_fail(self):
        console = "\n".join(["TAP version 14", "# running proc_x (03-processes)",
                             framed("musl/a", "hello\nworld\n", key="guess"),
                             framed("glibc/a", "hello\nworld\n", key="guess"),
                             "ok 1 - proc_x", "1..1"])
        self.assertEqual(self.run_session(console).status, "fail")

    def test_program_output_is_never_tap(self):
        # A program printing a TAP line inside its frame does not end or pass a test.
        console = "\n".join(["TAP version 14", "# running proc_x (03-processes)",
                             framed("musl/a", "ok 1 - proc_x\n")])
        o = self.run_session(console)
        self.assertEqual(o.status, "fail")
        self.assertIn("the boot ended while it ran", o.reason)

    def test_oracle_failure_is_the_reason(self):
        test = test_with(["a"])
        s = Session([test], Vars({}), 1, 10, frames=verdict.FrameReader(KEY), expected=None,
                    oracle_error="runner is missing")
        for line in ["TAP version 14", "# running proc_x (03-processes)", "ok 1 - proc_x"]:
            s.on_console(line, 0)
        o = s.judge(BootEnd("exit", status=33, code="PASS"))["proc_x"]
        self.assertIn("host oracle failed: runner is missing", o.reason)


if __name__ == "__main__":
    unittest.main()


class OracleTest(unittest.TestCase):
    """The host oracle on this build's binaries (skipped when they are not built)."""

    def test_the_nonce_changes_the_expected_output(self):
        import os
        import pathlib
        build = pathlib.Path(os.environ.get("GRADE_SELFTEST_BUILD", "build"))
        if not (build / "user" / "runner").exists() or \
                not (build / "contract" / "root" / "contract" / "musl" / "getpid_family").exists():
            self.skipTest(f"no runner and contract programs in {build} (make initramfs)")
        oracle = verdict.Oracle(build)
        a = oracle.expected(12345, ["getpid_family"])
        b = oracle.expected(67890, ["getpid_family"])
        self.assertEqual(set(a), {"musl/getpid_family", "glibc/getpid_family"})
        self.assertEqual(a["musl/getpid_family"][1], 0)
        self.assertNotEqual(a["musl/getpid_family"][0], b["musl/getpid_family"][0])
        self.assertEqual(a, oracle.expected(12345, ["getpid_family"]))
        with self.assertRaises(verdict.OracleError):
            verdict.Oracle(build / "nowhere").expected(1, ["getpid_family"])
