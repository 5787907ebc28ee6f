"""tests/contract/harness.py's nonce check: a graded program whose output matched one other
nonce by chance is asked again (it passes when another nonce changes it); one whose output
never changes fails."""
import pathlib
import sys
import unittest
from unittest import mock

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests" / "contract"))
import harness  # noqa: E402


def frame(key, out):
    return f"# >>> {key}\n{out}\n# <<< {key} status=0x0\nok 1 - {key}\n"


class NonceRetry(unittest.TestCase):
    def check(self, outputs):
        """changes_with_nonce with the runner printing @outputs, one per call."""
        calls = iter(outputs)
        seen = []

        def fake_run(argv, timeout):
            seen.append(argv[argv.index("--nonce") + 1])
            return 0, frame("musl/prog", next(calls))

        with mock.patch.object(harness, "run_in_pty", fake_run), \
                mock.patch.object(harness, "root_dir", lambda b, n: pathlib.Path("/r")):
            ok = harness.changes_with_nonce(pathlib.Path("/b"), pathlib.Path("/b/runner"),
                                            "musl", "prog", "code 7")
        return ok, seen

    def test_a_chance_match_passes_on_the_next_nonce(self):
        ok, seen = self.check(["code 91"])
        self.assertTrue(ok)
        self.assertEqual(len(seen), 1)

    def test_a_second_chance_match_still_passes(self):
        ok, seen = self.check(["code 7", "code 12"])
        self.assertTrue(ok)
        self.assertEqual(len(seen), 2)
        self.assertNotEqual(seen[0], seen[1])  # a new nonce each time

    def test_output_that_never_changes_fails(self):
        ok, seen = self.check(["code 7"] * harness.NONCE_RETRIES)
        self.assertFalse(ok)
        self.assertEqual(len(seen), harness.NONCE_RETRIES)


if __name__ == "__main__":
    unittest.main()
