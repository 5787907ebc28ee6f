#!/usr/bin/env python3
"""tools/check-conventions.py — house rules of the kernel that a compiler does not check.

Run by `make check-headers` (a stage of `make test`); prints file:line for each
violation and exits non-zero when there is one.

  user addresses   A system call handler (a `sys_*` function declared or defined in
                   kernel/syscall/) takes a user address as vm::UserPtr<T> (data it
                   reads or writes) or vm::UserAddr (an address it passes on), never as
                   a plain integer. A 64-bit integer parameter must therefore have a name
                   that says it is a number (VALUE_NAMES); any other name (buf, addr,
                   path, ...) or no name at all is reported.
  marker hints     A lab marker's hint (`// LAB_BEGIN(lab): hint`, `// LAB_ROW(lab): note`)
                   that names a file or folder (a word ending in .cc/.hh/.S/.c/.h/.py/.ld,
                   or a path starting with a folder of the tree or of kernel/) must name
                   one that exists: relative to the tree, to kernel/, or, for a bare file
                   name, anywhere in kernel/.
  one block a function  At most one LAB_BEGIN block inside one function body (several
                   blocks in one function hide its shape from the student; merge them).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Integer types wide enough to carry an address.
WIDE = {"u64", "i64", "uptr", "usize", "vaddr_t", "unsigned long", "long", "uintptr_t",
        "size_t", "ssize_t"}
# Names that say a 64-bit parameter is a number: a size, a count, flags, an offset.
VALUE_NAMES = {"len", "size", "count", "flags", "offset", "sigsetsize"}
HANDLER = re.compile(r"\bResult<[^>]*>\s+(sys_\w+)\s*\(([^)]*)\)", re.S)


def split_param(param):
    """(type, name) of one parameter as written; name is '' when it has none."""
    param = " ".join(param.split())
    m = re.match(r"^(.*?[\s&*>])(\w+)$", param)
    if m and m.group(1).strip() and m.group(2) not in WIDE and m.group(2) not in {"int", "u32", "i32"}:
        return m.group(1).strip(), m.group(2)
    return param, ""


def check_user_addresses(errors):
    handlers = 0
    typed = 0
    for path in sorted((ROOT / "kernel" / "syscall").glob("*.[ch][ch]")):
        text = path.read_text()
        for m in HANDLER.finditer(text):
            handlers += 1
            line = text.count("\n", 0, m.start()) + 1
            params = [p for p in m.group(2).split(",") if p.strip()]
            for p in params:
                ptype, name = split_param(p)
                if "UserPtr" in ptype or "UserAddr" in ptype or "UserStrings" in ptype:
                    typed += 1
                    continue
                if ptype in WIDE and name not in VALUE_NAMES:
                    what = f"'{name}'" if name else "an unnamed parameter"
                    errors.append(f"{path.relative_to(ROOT)}:{line}: {m.group(1)}: {what} is a raw "
                                  f"{ptype}: a user address is vm::UserPtr<T> or vm::UserAddr "
                                  f"(a number is named one of {sorted(VALUE_NAMES)})")
    return handlers, typed


MARKER_HINT = re.compile(r"^\s*// LAB_(?:BEGIN|ROW)\([^()]*\)(?::\s*(?P<hint>.*))?$")
SUFFIXES = (".cc", ".hh", ".S", ".c", ".h", ".py", ".ld")
TOP = {"kernel", "labs", "user", "tests", "tools", "grading", "book", "arch", "boot", "mm",
       "proc", "fs", "syscall", "exec", "lib", "drivers", "vm", "test"}
PATHLIKE = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/?")
SOURCE_GLOBS = ("kernel/**/*", "labs/**/*", "grading/hidden/**/*", "user/**/*")


def marker_files():
    for pattern in SOURCE_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            if path.suffix in {".cc", ".hh", ".S", ".c", ".h"} and path.is_file():
                yield path


def names_a_path(token):
    token = token.rstrip(".,;:)")
    if token.endswith(SUFFIXES) and not token.startswith("."):
        return token
    if "/" in token and token.split("/")[0] in TOP:
        return token
    return None


def path_exists(token):
    if "/" not in token.rstrip("/"):
        return (ROOT / token).exists() or any(ROOT.glob(f"kernel/**/{token}"))
    return (ROOT / token).exists() or (ROOT / "kernel" / token).exists()


def check_marker_hints(errors):
    hints = 0
    for path in marker_files():
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = MARKER_HINT.match(line)
            if not m or not m["hint"]:
                continue
            hints += 1
            for token in PATHLIKE.findall(m["hint"]):
                name = names_a_path(token)
                if name and not path_exists(name):
                    errors.append(f"{path.relative_to(ROOT)}:{n}: the marker's hint names "
                                  f"'{name}', which does not exist")
    return hints


BLOCK_BEGIN = re.compile(r"^\s*// LAB_BEGIN\(")
NAMESPACE = re.compile(r"^\s*(?:extern \"C\"|namespace\b[^;{]*)\s*\{")


def check_one_block_per_function(errors):
    """A LAB_BEGIN inside braces that are not a namespace's belongs to the outermost such
    brace (the function, or the class whose member functions it holds); two in one
    function body is an error. Strings and comments are skipped roughly (enough here)."""
    for path in marker_files():
        if path.suffix not in {".cc", ".hh", ".c", ".h"}:
            continue
        depth_kinds = []  # one entry per open brace: True for a namespace's
        owner = None      # (line of the outermost non-namespace brace, its text)
        seen = {}
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if BLOCK_BEGIN.match(line):
                if owner:
                    if owner in seen:
                        errors.append(f"{path.relative_to(ROOT)}:{n}: a second lab marker block in "
                                      f"the function at line {owner[0]} (first at line "
                                      f"{seen[owner]}): one block a function")
                    else:
                        seen[owner] = n
                continue
            code = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', "", line.split("//")[0])
            is_ns = bool(NAMESPACE.match(line))
            for ch in code:
                if ch == "{":
                    if not is_ns and not any(k is False for k in depth_kinds):
                        owner = (n, line.strip())
                    depth_kinds.append(is_ns)
                elif ch == "}" and depth_kinds:
                    depth_kinds.pop()
                    if not any(k is False for k in depth_kinds):
                        owner = None


def main():
    errors = []
    handlers, typed = check_user_addresses(errors)
    hints = check_marker_hints(errors)
    check_one_block_per_function(errors)
    for e in errors:
        print(e)
    print(f"check-conventions: {handlers} handler declarations read, {typed} typed user-address "
          f"parameters, {hints} marker hints read, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
