#!/usr/bin/env python3
"""book/tools/syscall_page.py — the syscall compatibility page, from the kernel's table.

kernel/syscall/table.hh is the one list of system calls, one line each:

    SYSCALL(0,   read,   sys_read,   Full)
    SYSCALL(56,  clone,  sys_clone,  Partial, "no CLONE_NEWNS yet")

(number, name, handler, status, an optional note as a C string). This turns it into
the book's page "Syscall compatibility": a summary by status and a table ordered by
number. Lines that start with SYSCALL( but do not have that shape, and repeated
numbers or names, fail the build, so the page cannot silently lose a row. Until the
table exists (lab 03 brings it) the page says so.

    syscall_page.py [TABLE] [OUT.md]       # default: kernel/syscall/table.hh, stdout
"""
import collections
import pathlib
import re
import sys

LINE_RE = re.compile(r"""
    ^\s*SYSCALL\(\s*
    (?P<number>\d+)\s*,\s*
    (?P<name>[A-Za-z_]\w*)\s*,\s*
    (?P<handler>[A-Za-z_][\w:]*)\s*,\s*
    (?P<status>[A-Za-z_]\w*)\s*
    (?:,\s*"(?P<note>(?:[^"\\]|\\.)*)"\s*)?
    \)\s*\\?\s*(?://.*|/\*.*\*/\s*)?$
    """, re.VERBOSE)

# Statuses in the order the summary lists them; others follow alphabetically.
STATUS_ORDER = ["Full", "Partial", "Stub", "Planned", "Absent"]
# What each status means (kernel/syscall/table.hh defines them); shown for those used.
STATUS_MEANING = {
    "Full": "implemented; behaves as Linux does in every case the contract tests exercise",
    "Partial": "implemented, but some flags or cases are missing (the note says which)",
    "Stub": "answers on purpose without doing the work (the note says what it returns)",
    "Planned": "not implemented yet; the lab named in the note brings it (until then: ENOSYS)",
    "Absent": "not implemented and not planned (ENOSYS)",
}

Syscall = collections.namedtuple("Syscall", "number name handler status note line")


class TableError(Exception):
    pass


def unescape_c(text):
    """The value of a C string literal's body (the escapes a note may use)."""
    out, i = [], 0
    simple = {"n": " ", "t": " ", "\\": "\\", '"': '"', "'": "'"}
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(simple.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse(text, origin="table.hh"):
    """The SYSCALL lines of @text as Syscall tuples, ordered by number."""
    calls = []
    in_comment = False
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        # Block comments may show examples of the format; they are not entries.
        if in_comment:
            if "*/" in stripped:
                in_comment = False
            continue
        if stripped.startswith("/*") and "*/" not in stripped:
            in_comment = True
            continue
        if not stripped.startswith("SYSCALL("):
            continue
        m = LINE_RE.match(line)
        if not m:
            raise TableError(f"{origin}:{lineno}: not of the form "
                             f'SYSCALL(number, name, handler, Status[, "note"]): {stripped}')
        calls.append(Syscall(int(m["number"]), m["name"], m["handler"], m["status"],
                             unescape_c(m["note"] or ""), lineno))
    for key in ("number", "name"):
        seen = {}
        for c in calls:
            v = getattr(c, key)
            if v in seen:
                raise TableError(f"{origin}:{c.line}: {key} {v} already used on line {seen[v]}")
            seen[v] = c.line
    return sorted(calls, key=lambda c: c.number)


def escape(text):
    """@text as literal characters in Doxygen Markdown inside an HTML table cell."""
    out = []
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch in "\\@#%$|*_`":  # Doxygen commands, Markdown emphasis and code
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def status_order(statuses):
    known = [s for s in STATUS_ORDER if s in statuses]
    return known + sorted(s for s in statuses if s not in STATUS_ORDER)


def render(calls, table_exists=True, origin="kernel/syscall/table.hh"):
    """The Markdown of the page."""
    out = ["# Syscall compatibility {#syscalls}", ""]
    out.append(f"Generated when the book is built, from `{origin}`, the kernel's one list of "
               "system calls (number, name, handler, status and a note). Numbers are those "
               "of Linux on x86_64; a program built for Linux makes the same calls here.")
    out.append("")
    if not table_exists:
        out.append(f"There is no syscall table yet: `{origin}` arrives with lab 03 "
                   "(processes), together with the `syscall` instruction's entry path. "
                   "Until then the kernel runs no user program.")
        return "\n".join(out) + "\n"
    if not calls:
        out.append("The table has no entries yet.")
        return "\n".join(out) + "\n"

    counts = collections.Counter(c.status for c in calls)
    summary = ", ".join(f"{counts[s]} {escape(s)}" for s in status_order(counts))
    out.append(f"{len(calls)} system calls: {summary}.")
    out.append("")
    for st in status_order(counts):
        if st in STATUS_MEANING:
            out.append(f"- <b>{escape(st)}</b>: {escape(STATUS_MEANING[st])}.")
    out.append("")
    by_lab = collections.Counter(m.group(0) for c in calls if c.status == "Planned"
                                 for m in [re.search(r"\blab \d\d\b", c.note)] if m)
    if by_lab:
        out.append("Planned, by lab: " + ", ".join(f"{n} in {lab}" for lab, n in sorted(by_lab.items())) + ".")
        out.append("")
    out.append('<table class="doxtable syscalls">')
    out.append("<tr><th>Number</th><th>Name</th><th>Status</th><th>Note</th></tr>")
    for c in calls:
        out.append(f'<tr><td>{c.number}</td><td><code>{escape(c.name)}</code></td>'
                   f'<td class="status-{escape(c.status).lower()}">{escape(c.status)}</td>'
                   f"<td>{escape(c.note)}</td></tr>")
    out.append("</table>")
    return "\n".join(out) + "\n"


def write_page(table_path, out_path):
    """Reads @table_path (which may not exist) and writes the page to @out_path."""
    table_path = pathlib.Path(table_path)
    if table_path.exists():
        calls = parse(table_path.read_text(encoding="utf-8"), str(table_path))
        text = render(calls, True)
    else:
        calls = []
        text = render([], False)
    pathlib.Path(out_path).write_text(text, encoding="utf-8")
    return calls


def main(argv):
    table = pathlib.Path(argv[1] if len(argv) > 1 else "kernel/syscall/table.hh")
    try:
        if len(argv) > 2:
            calls = write_page(table, argv[2])
            print(f"syscall page: {len(calls)} system calls -> {argv[2]}")
        else:
            exists = table.exists()
            calls = parse(table.read_text(encoding="utf-8"), str(table)) if exists else []
            sys.stdout.write(render(calls, exists))
    except TableError as e:
        print(f"syscall page: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
