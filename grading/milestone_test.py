"""grading/milestone_test.py — tests of milestones in lab markers and lab.toml.

Run by `make batch-selftest`: `LAB_BEGIN(NN-name, K)` parsing, `--upto K` exports, the
milestone of a syscall-table row (its handler's), and the lab.toml keys. Markers are
built in Python strings: this file is not a C++ source, so the exporter never reads it.
"""
import pathlib
import sys
import tempfile
import textwrap
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "grading"))

import labconf  # noqa: E402
from skeleton_test import ls  # noqa: E402  (tools/lab-skeleton.py, loaded once)

LABS = ["01-boot", "02-paging", "03-processes"]
B = "// LAB_" + "BEGIN"          # kept apart so no line of this file is a marker
F = "// LAB_" + "FALLBACK"
E = "// LAB_" + "END"

SOURCE = textwrap.dedent(f"""\
    int one() {{
        {B}(03-processes): milestone one by default
        return 1;
        {E}
    }}
    int two() {{
        {B}(03-processes, 2): milestone two
        return 2;
        {F}
        // return -2;
        {E}
    }}
    """)


def strip(text, lab, upto=0, hm=None, path="kernel/x.cc"):
    return ls.strip_text(text, path, LABS, lab, upto, hm)[0]


class MarkerMilestoneTest(unittest.TestCase):
    def test_upto_0_is_the_plain_skeleton(self):
        out = strip(SOURCE, "03-processes")
        self.assertIn('panic("TODO(lab 03-processes): milestone one by default");', out)
        self.assertIn("    return -2;", out)
        self.assertEqual(out, ls.strip_text(SOURCE, "kernel/x.cc", LABS, "03-processes")[0])

    def test_upto_1_solves_unnumbered_blocks_only(self):
        out = strip(SOURCE, "03-processes", upto=1)
        self.assertIn("    return 1;", out)
        self.assertNotIn("panic", out)
        self.assertIn("    // TODO(lab 03): milestone two\n    return -2;", out)

    def test_upto_2_solves_both(self):
        out = strip(SOURCE, "03-processes", upto=2)
        self.assertNotIn("TODO", out)
        self.assertIn("    return 2;", out)

    def test_upto_never_solves_a_later_lab(self):
        out = strip(SOURCE, "02-paging", upto=6)
        self.assertEqual(out.count("TODO(lab 03)"), 2)

    def test_bad_milestones_are_errors(self):
        for bad in ("0", "7", "two", ""):
            text = f"{B}(03-processes, {bad}): x\nint a;\n{E}\n"
            with self.assertRaises(ls.MarkerError, msg=bad) as cm:
                ls.strip_text(text, "kernel/x.cc", LABS, "03-processes")
            self.assertIn("milestone", cm.exception.message)

    def test_table_row_takes_its_handlers_milestone(self):
        row = textwrap.dedent(f"""\
            {B}(03-processes): implement sys_fork
            SYSCALL(57,  fork,  sys_fork,  Full,    "")
            {F}
            // SYSCALL(57,  fork,  sys_fork,  Planned, "lab 03")
            {E}
            """)
        handler = f"{B}(03-processes, 3): fork\nResult<u64> sys_fork(arch::TrapFrame& f) {{ return 0; }}\n{E}\n"
        items = ls.parse_blocks(handler, "kernel/p.cc", LABS)
        self.assertEqual(ls.handlers_of(items[0][1]), ["sys_fork"])
        hm = {"sys_fork": 3}
        self.assertIn("Planned", strip(row, "03-processes", 2, hm, "kernel/t.hh"))
        self.assertIn("Full", strip(row, "03-processes", 3, hm, "kernel/t.hh"))
        self.assertIn("Full", strip(row, "03-processes", 1, {}, "kernel/t.hh"))

    def test_export_upto_and_milestone_listing(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp) / "src"
            for lab in LABS:
                (root / "labs" / lab).mkdir(parents=True)
            (root / "kernel").mkdir()
            (root / "kernel" / "x.cc").write_text(SOURCE)
            ls.export(root, "03-processes", pathlib.Path(tmp) / "out", upto=1)
            out = (pathlib.Path(tmp) / "out" / "kernel" / "x.cc").read_text()
            self.assertIn("return 1;", out)
            self.assertIn("return -2;", out)
            blocks = ls.milestone_blocks(root, "03-processes")
            self.assertEqual(sorted(blocks), [1, 2])
            self.assertEqual(blocks[2][0][:2], ("kernel/x.cc", 7))


class StudentEditionTest(unittest.TestCase):
    """The skeleton of a lab carries its chapter, quoting only the skeleton's code."""
    CODE = textwrap.dedent(f"""\
        //! [given]
        int given() {{ return 7; }}
        //! [given]
        int solved(int counter_value) {{
            {B}(03-processes, 2): count the calls in counter_value
            //! [solved]
            return counter_value + the_secret_increment_of_this_lab;
            //! [solved]
            {E}
        }}
        """)
    CHAPTER = textwrap.dedent("""\
        # Processes {#ch03_processes}

        Prose and a picture.

        \\snippet{lineno} kernel/x.cc given
        \\snippet{lineno} kernel/x.cc solved
        """)

    def export(self, chapter, upto=0):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp) / "src"
            for lab in LABS:
                (root / "labs" / lab).mkdir(parents=True)
            (root / "kernel").mkdir()
            (root / "book").mkdir()
            (root / "kernel" / "x.cc").write_text(self.CODE)
            (root / "book" / "03-processes.md").write_text(chapter)
            out = pathlib.Path(tmp) / "out"
            ls.export(root, "03-processes", out, upto=upto)
            return (out / "book" / "03-processes.md").read_text()

    def test_replaced_code_becomes_a_box_and_given_code_stays(self):
        text = self.export(self.CHAPTER)
        self.assertIn("Student edition", text)
        self.assertIn("\\snippet{lineno} kernel/x.cc given", text)
        self.assertNotIn("kernel/x.cc solved\n", text)
        self.assertIn("**You write this (milestone 2):** `solved` in `kernel/x.cc` — count "
                      "the calls in counter_value", text)

    def test_a_solved_milestone_is_quoted(self):
        text = self.export(self.CHAPTER, upto=2)
        self.assertIn("\\snippet{lineno} kernel/x.cc solved", text)
        self.assertNotIn("You write this (", text)

    def test_a_chapter_that_copies_solution_code_fails_the_export(self):
        copied = self.CHAPTER + "\n    return counter_value + the_secret_increment_of_this_lab;\n"
        with self.assertRaises(SystemExit) as cm:
            self.export(copied)
        self.assertIn("quotes solution code", str(cm.exception))

    def test_doxygen_characters_of_a_hint_are_escaped(self):
        self.assertEqual(ls.student_chapter.escape("#DF <x> @p 5%"), "\\#DF \\<x\\> \\@p 5\\%")


class LabTomlMilestoneTest(unittest.TestCase):
    LAB = {"id": "03-processes", "title": "t", "status": "ready", "milestones": ["a", "b"]}

    def errors(self, tests, lab=None):
        return labconf.validate_data({"lab": lab or self.LAB, "test": tests}, "lab.toml",
                                     lab_id="03-processes")

    def test_every_test_names_a_milestone_of_its_lab(self):
        self.assertEqual(self.errors([{"name": "a", "points": 1, "milestone": 2}]), [])
        for bad in (None, 0, 3, "1", True):
            t = {"name": "a", "points": 1}
            if bad is not None:
                t["milestone"] = bad
            self.assertTrue(any("milestone" in e for e in self.errors([t])), bad)

    def test_milestones_are_at_most_six_titles(self):
        lab = dict(self.LAB, milestones=["m"] * 7)
        self.assertTrue(any("milestones" in e for e in self.errors([], lab)))

    def test_the_labs_of_this_tree_validate(self):
        for path in labconf.lab_files(ROOT):
            self.assertEqual(labconf.validate_file(path), [], str(path))


if __name__ == "__main__":
    unittest.main()
