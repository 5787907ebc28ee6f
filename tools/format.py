#!/usr/bin/env python3
"""tools/format.py — the C and C++ formatter of the tree (clang-format, .clang-format).

    format.py fix      rewrite every file in place (`make format`)
    format.py check    list the files that are not formatted and show the first
                       differences; exit status 1 when there is one (`make check-format`)

Covers *.c, *.h, *.cc and *.hh under kernel/, user/, tests/, labs/ and grading/hidden/.
Regions between `// clang-format off` and `// clang-format on` stay as written (the
syscall table and the errno list keep their columns). Standard library only.
"""
import concurrent.futures
import difflib
import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
AREAS = ("kernel", "user", "tests", "labs", "grading/hidden")
SUFFIXES = {".c", ".h", ".cc", ".hh"}
SHOW_LINES = 12  # of diff per unformatted file


def files():
    found = []
    for area in AREAS:
        base = ROOT / area
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in ("build", "__pycache__"))
            for name in sorted(filenames):
                p = pathlib.Path(dirpath) / name
                if p.suffix in SUFFIXES and not p.is_symlink():
                    found.append(p)
    return found


def formatter():
    for name in ("clang-format", "clang-format-14"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("format: clang-format is not installed (tools/setup.sh installs it)")


def formatted(tool, path):
    return subprocess.run([tool, "--style=file", f"--assume-filename={path}", str(path)],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout


def main(argv):
    if len(argv) != 1 or argv[0] not in ("fix", "check"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    tool, bad, paths = formatter(), [], files()
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        wanted = list(pool.map(lambda p: formatted(tool, p), paths))
    for path, want in zip(paths, wanted):
        text = path.read_text()
        if want == text:
            continue
        rel = path.relative_to(ROOT)
        if argv[0] == "fix":
            path.write_text(want)
            print(f"format: rewrote {rel}")
            continue
        bad.append(rel)
        diff = list(difflib.unified_diff(text.splitlines(), want.splitlines(), f"{rel}",
                                         f"{rel} (formatted)", n=1, lineterm=""))
        print("\n".join(diff[:SHOW_LINES + 2]))
        if len(diff) > SHOW_LINES + 2:
            print(f"... ({len(diff) - SHOW_LINES - 2} more diff lines)")
    if argv[0] == "check":
        if bad:
            print(f"check-format: {len(bad)} files are not formatted: "
                  f"{', '.join(map(str, bad))}\ncheck-format: run `make format` to fix them")
            return 1
        print(f"check-format: {len(paths)} files formatted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
