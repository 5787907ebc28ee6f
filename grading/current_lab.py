#!/usr/bin/env python3
"""grading/current_lab.py — which lab is "the current lab" (`make test-quick`, flake-check).

    current_lab.py            prints the current lab's id (01-boot, ..., 03-processes)
    current_lab.py --with-previous   the lab before it too, comma-separated

The current lab is the newest one whose status is "ready" and that has tests: the one a
change to the tree most likely touches. Its predecessor is the ready lab before it.
"""
import argparse
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import labconf  # noqa: E402


def graded_labs(labs):
    """Ids of the labs that are ready and have tests, in order."""
    return [lab.id for lab in labs if lab.status == "ready" and lab.tests]


def current(labs, with_previous=False):
    ids = graded_labs(labs)
    return ids[-2:] if with_previous else ids[-1:]


def main(argv=None):
    ap = argparse.ArgumentParser(description="Print the current lab's id.")
    ap.add_argument("--with-previous", action="store_true", help="and the lab before it")
    ap.add_argument("--root", default=str(HERE.parent))
    args = ap.parse_args(argv)
    print(",".join(current(labconf.load_all(pathlib.Path(args.root)), args.with_previous)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
