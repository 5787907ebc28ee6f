#!/usr/bin/env python3
"""book/tools/test_syscall_page.py — tests of the syscall compatibility page generator.

Run by `make book` (book_test.py); alone: python3 book/tools/test_syscall_page.py
"""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from syscall_page import TableError, escape, parse, render, write_page  # noqa: E402

TABLE = r'''// kernel/syscall/table.hh — number, name, handler, status.
/* The format, which is not an entry:
   SYSCALL(number, name, handler, Status, "note")
*/
#define SYSCALL_TABLE(SYSCALL) \
SYSCALL(1,   write,        sys_write,        Full)                          \
SYSCALL(0,   read,         sys_read,         Full)   // comment after
SYSCALL(56,  clone,        sys_clone,        Partial, "no CLONE_NEWNS yet")
SYSCALL(13,  rt_sigaction, proc::sys_rt_sigaction, Stub, "a \"quoted\" word, a|b <x> & @c #d 50%")
'''


class Parse(unittest.TestCase):
    def test_entries_sorted_by_number(self):
        calls = parse(TABLE)
        self.assertEqual([c.number for c in calls], [0, 1, 13, 56])
        self.assertEqual([c.name for c in calls], ["read", "write", "rt_sigaction", "clone"])

    def test_fields(self):
        clone = [c for c in parse(TABLE) if c.name == "clone"][0]
        self.assertEqual((clone.handler, clone.status, clone.note), ("sys_clone", "Partial", "no CLONE_NEWNS yet"))
        sig = [c for c in parse(TABLE) if c.number == 13][0]
        self.assertEqual(sig.handler, "proc::sys_rt_sigaction")
        self.assertEqual(sig.note, 'a "quoted" word, a|b <x> & @c #d 50%')

    def test_empty_and_comment_only_tables(self):
        self.assertEqual(parse(""), [])
        self.assertEqual(parse("// SYSCALL(0, read, sys_read, Full)\n/*\nSYSCALL(1, x, y, Full)\n*/\n"), [])

    def test_malformed_line_is_an_error(self):
        for bad in ("SYSCALL(0, read, sys_read)", "SYSCALL(x, read, sys_read, Full)",
                    'SYSCALL(0, read, sys_read, Full, note without quotes)', "SYSCALL(0, read, sys_read, Full"):
            with self.assertRaises(TableError, msg=bad) as e:
                parse("// header\n" + bad + "\n", "t.hh")
            self.assertIn("t.hh:2", str(e.exception))

    def test_repeated_number_or_name_is_an_error(self):
        with self.assertRaisesRegex(TableError, "number 0 already used on line 1"):
            parse("SYSCALL(0, read, a, Full)\nSYSCALL(0, write, b, Full)\n")
        with self.assertRaisesRegex(TableError, "name read already used"):
            parse("SYSCALL(0, read, a, Full)\nSYSCALL(1, read, b, Full)\n")


class Render(unittest.TestCase):
    def test_absent_table(self):
        text = render([], table_exists=False)
        self.assertTrue(text.startswith("# Syscall compatibility {#syscalls}\n"))
        self.assertIn("no syscall table yet", text)

    def test_empty_table(self):
        self.assertIn("no entries yet", render([], table_exists=True))

    def test_rows_and_summary(self):
        text = render(parse(TABLE))
        self.assertIn("4 system calls: 2 Full, 1 Partial, 1 Stub.", text)
        rows = [l for l in text.splitlines() if l.startswith("<tr><td>")]
        self.assertEqual(len(rows), 4)
        self.assertIn("<td>56</td><td><code>clone</code></td>", rows[3])
        self.assertIn("no CLONE\\_NEWNS yet", rows[3])

    def test_legend_and_planned_by_lab(self):
        calls = parse('SYSCALL(0, read, a, Planned, "lab 03")\nSYSCALL(1, write, b, Planned, "lab 03")\n'
                      'SYSCALL(2, open, c, Planned, "lab 05: files")\nSYSCALL(3, close, d, Absent, "")\n')
        text = render(calls)
        self.assertIn("- <b>Planned</b>:", text)
        self.assertIn("- <b>Absent</b>:", text)
        self.assertNotIn("<b>Full</b>", text)
        self.assertIn("Planned, by lab: 2 in lab 03, 1 in lab 05.", text)

    def test_escaping_leaves_no_markup_or_commands(self):
        self.assertEqual(escape("a|b <x> & @c #d 50% *e* _f_ `g` \\h"),
                         "a\\|b &lt;x&gt; &amp; \\@c \\#d 50\\% \\*e\\* \\_f\\_ \\`g\\` \\\\h")


class WritePage(unittest.TestCase):
    def test_missing_file_writes_the_placeholder(self):
        with tempfile.TemporaryDirectory() as d:
            out = pathlib.Path(d) / "syscalls.md"
            self.assertEqual(write_page(pathlib.Path(d) / "absent.hh", out), [])
            self.assertIn("no syscall table yet", out.read_text())

    def test_real_file(self):
        with tempfile.TemporaryDirectory() as d:
            table = pathlib.Path(d) / "table.hh"
            table.write_text(TABLE)
            out = pathlib.Path(d) / "syscalls.md"
            self.assertEqual(len(write_page(table, out)), 4)
            self.assertIn("rt\\_sigaction", out.read_text())


if __name__ == "__main__":
    unittest.main()
