#!/usr/bin/env python3
"""grading/selftest/run.py — `make grade-selftest`: the grader's own tests.

Validates every lab.toml of the tree (one check per file), then runs the unittest
modules test_*.py beside this file (TAP parsing, value checks, lab.toml validation,
boot-end detection with a fake QEMU and with real QEMU on tiny boot sectors, timeout
scaling, resume after a crash, results.json and junit.xml). Writes "PASSED FAILED"
to the --count file for tools/test.sh.
"""
import argparse
import os
import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
import validate  # noqa: E402


class Counting(unittest.TextTestResult):
    pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--count")
    ap.add_argument("-k", dest="pattern", help="only tests whose id contains this")
    args = ap.parse_args()
    os.environ["GRADE_SELFTEST_BUILD"] = str(pathlib.Path(args.build).resolve())

    passed = failed = 0
    print("lab.toml validation:")
    for path, errors in validate.validate_tree(HERE.parent.parent):
        if errors:
            failed += 1
            print("  FAIL " + "\n       ".join(errors))
        else:
            passed += 1
            print(f"  ok   {path}")

    loader = unittest.TestLoader()
    if args.pattern:
        loader.testNamePatterns = [f"*{args.pattern}*"]
    suite = loader.discover(str(HERE), pattern="test_*.py", top_level_dir=str(HERE))
    result = unittest.TextTestRunner(verbosity=1, stream=sys.stdout).run(suite)
    bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    failed += bad
    passed += result.testsRun - bad - len(result.skipped)
    print(f"grade-selftest: {passed} passed, {failed} failed")
    if args.count:
        pathlib.Path(args.count).write_text(f"{passed} {failed}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
