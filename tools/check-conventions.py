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


def main():
    errors = []
    handlers, typed = check_user_addresses(errors)
    for e in errors:
        print(e)
    print(f"check-conventions: {handlers} handler declarations read, {typed} typed user-address "
          f"parameters, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
