#!/usr/bin/env python3
"""grading/batch_selftest.py — `make batch-selftest`: the marker stripper's and batch mode's tests.

Runs grading/skeleton_test.py, batch_test.py, slurm_test.py and milestone_test.py (stdlib
unittest, no QEMU, no cluster) and writes "PASSED FAILED" to the --count file for tools/test.sh.
"""
import argparse
import pathlib
import sys
import time
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", help="file to write 'PASSED FAILED' to")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    t0 = time.monotonic()
    suite = unittest.defaultTestLoader.loadTestsFromNames(["skeleton_test", "batch_test",
                                                           "slurm_test", "milestone_test"])
    result = unittest.TextTestRunner(verbosity=2 if args.verbose else 1).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    print(f"batch-selftest: {passed} passed, {failed} failed, {len(result.skipped)} skipped "
          f"({time.monotonic() - t0:.1f} s)")
    if args.count:
        pathlib.Path(args.count).write_text(f"{passed} {failed}\n")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
