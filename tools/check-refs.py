#!/usr/bin/env python3
"""tools/check-refs.py — no file of the tree cites a document outside it.

    check-refs.py [ROOT]

Reads every file git tracks (text files only) and fails, with file:line, on:
  * a Markdown document it names (`name.md`, `dir/name.md`) that is not in the tree,
    found relative to the citing file, to the root, or by its name anywhere in it
    (placeholders with capitals such as NN-name.md, the pages the book generates, and
    the fixtures of test files are not citations);
  * a path that leaves the tree (`../shared/...`, an absolute /work/ or /home/ path).
It also fails on a lab marker's hint (`LAB_BEGIN(lab): ... file.cc`) that names a
source file the tree does not have: the student reads that hint in the skeleton.
Outside inputs come through one variable, ALPINE_DIST (the Makefile: default
../shared/alpine when that folder exists); lines that mention ALPINE_DIST may name its
default. `make check-headers` runs this check.
"""
import pathlib
import re
import subprocess
import sys

MD = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*[\w-]+\.md)\b")
OUTSIDE = re.compile(r"(?<![\w.])(\.\./(?:\.\./)*shared\b|/work/|/home/)")
HINT_FILE = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*[\w-]+\.(?:cc|hh|h|c|S|py))\b")
GENERATED = {"index.md", "syscalls.md"}     # written by book/tools/ under the build
TEXT = {".md", ".py", ".mk", ".sh", ".cc", ".hh", ".h", ".c", ".S", ".toml", ".txt", ".ld",
        ".cfg", ".in", ""}


def tracked(root):
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p]


def main(argv):
    root = pathlib.Path(argv[0] if argv else ".").resolve()
    files = tracked(root)
    names = {pathlib.PurePath(f).name for f in files}
    present = set(files)
    problems = checked = 0
    for rel in files:
        path = root / rel
        if path.suffix not in TEXT or not path.is_file() or path.is_symlink() \
                or rel == "tools/check-refs.py":      # its own examples
            continue
        try:
            text = path.read_text()
        except (UnicodeDecodeError, OSError):
            continue
        checked += 1
        fixture = re.match(r"(test_.*|.*_test)\.py$", path.name) is not None
        for n, line in enumerate(text.splitlines(), 1):
            if "ALPINE_DIST" in line:
                continue
            for m in OUTSIDE.finditer(line):
                print(f"{rel}:{n}: a path outside the tree: {m.group(1)}")
                problems += 1
            if "LAB_BEGIN(" in line and not fixture:
                for m in HINT_FILE.finditer(line.split("LAB_BEGIN(", 1)[1]):
                    hint = m.group(1)
                    if not any(f == hint or f.endswith("/" + hint) for f in present):
                        print(f"{rel}:{n}: the lab marker's hint names {hint}, which is not "
                              "in the tree")
                        problems += 1
            for m in MD.finditer(line) if not fixture else []:
                doc = m.group(1)
                if re.search(r"[A-Z]", doc) or pathlib.PurePath(doc).name in GENERATED:
                    continue
                near = (path.parent / doc).resolve()
                try:
                    near_rel = str(near.relative_to(root))
                except ValueError:
                    near_rel = None
                if near_rel in present or doc in present or pathlib.PurePath(doc).name in names:
                    continue
                print(f"{rel}:{n}: cites {doc}, which is not in the tree")
                problems += 1
    print(f"check-refs: {checked} files, {problems} references outside the tree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
