#!/usr/bin/env python3
"""tools/check-headers.py — the kernel may include only header-only standard headers.

ALLOWED below lists the standard headers that leave no undefined symbols in a
freestanding kernel (templates, constants and types only: no library code to link);
any other <...> include in kernel code is an error with file:line.
"""
import pathlib
import re
import sys

ALLOWED = {
    "cstdint", "cstddef", "type_traits", "utility", "new", "atomic", "limits",
    "initializer_list", "concepts", "bit", "array", "span", "optional", "compare",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*<([^>]+)>')


def main(roots):
    errors = 0
    files = 0
    for root in roots:
        for path in sorted(pathlib.Path(root).rglob("*")):
            if path.suffix not in {".cc", ".hh", ".h", ".S"}:
                continue
            if root == "labs" and "ktests" not in path.parts:
                continue
            files += 1
            for n, line in enumerate(path.read_text().splitlines(), 1):
                m = INCLUDE.match(line)
                if m and m.group(1) not in ALLOWED:
                    print(f"{path}:{n}: <{m.group(1)}> is not on the freestanding header list")
                    errors += 1
    print(f"check-headers: {files} files, {errors} forbidden includes")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["kernel"]))
