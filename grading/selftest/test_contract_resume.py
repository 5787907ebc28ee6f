"""tests/contract/harness.py's guest run resumes after a program hangs or the kernel
crashes: the program that was running fails, the ones after it run in a new boot."""
import pathlib
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests" / "contract"))
import harness  # noqa: E402

ORDER = [("musl", "a"), ("musl", "b"), ("musl", "c"), ("glibc", "a"), ("glibc", "b"),
         ("glibc", "c")]


def frame(key, out="x"):
    return f"# >>> {key}\n{out}\n# <<< {key} status=0x0\nok 1 - {key}\n"


class ResumePlan(unittest.TestCase):
    def test_plan(self):
        self.assertEqual(harness.resume_plan(ORDER, {"musl/a": 1}),
                         (("musl", "b"), "musl", ["c"]))
        self.assertEqual(harness.resume_plan(ORDER, {"musl/a": 1, "musl/b": 1}),
                         (("musl", "c"), "glibc", ["a", "b", "c"]))
        self.assertEqual(harness.resume_plan(ORDER, {k: 1 for k in
                                                     ["musl/a", "musl/b", "musl/c", "glibc/a",
                                                      "glibc/b"]}), (("glibc", "c"), None, []))
        self.assertEqual(harness.resume_plan(ORDER, {f"{l}/{n}": 1 for l, n in ORDER}),
                         (None, None, []))


class GuestLoop(unittest.TestCase):
    def test_a_hang_costs_one_program(self):
        boots = [(frame("musl/a"), "no output for 60 s"),            # hangs in musl/b
                 (frame("musl/c"), "init reported the end"),          # --libc musl c
                 (frame("glibc/a") + frame("glibc/b") + frame("glibc/c"), "QEMU exited")]
        seen = []

        def fake_boot(b, cmdline, timeout, n):
            seen.append(cmdline)
            text, why = boots[n - 1]
            return text, why, None

        with tempfile.TemporaryDirectory() as tmp:
            b = pathlib.Path(tmp)
            for f in ("larch.elf", "initramfs.cpio"):
                (b / f).write_text("")
            for libc, name in ORDER:
                d = b / "contract" / "expected" / libc
                d.mkdir(parents=True, exist_ok=True)
                (d / f"{name}.out").write_text("x")
            with mock.patch.object(harness, "_boot_guest", fake_boot), \
                    mock.patch.object(harness, "programs", lambda: ["a", "b", "c"]), \
                    mock.patch.object(harness, "guest_programs", lambda: ["a", "b", "c"]), \
                    mock.patch.object(harness, "sources", lambda: {
                        n: pathlib.Path(f"03-processes/{n}.c") for n in "abc"}), \
                    mock.patch.object(harness, "divergences", lambda: {}):
                got = harness.guest(b, {k: True for k in ORDER}, 600)
        self.assertEqual(seen, ["init=/bin/init", "init=/bin/init -- --libc musl c",
                                "init=/bin/init -- --libc glibc a b c"])
        self.assertEqual(got, {**{k: True for k in ORDER}, ("musl", "b"): False})


if __name__ == "__main__":
    unittest.main()
