"""grading/skeleton_test.py — tests of the marker stripper and exporter (tools/lab-skeleton.py).

Run by `make batch-selftest` (grading/batch_selftest.py). Markers are built in Python
strings here: this file is not a C++ source, so the exporter never processes it.
"""
import importlib.util
import os
import pathlib
import subprocess
import sys
import tempfile
import textwrap
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_tool():
    spec = importlib.util.spec_from_file_location("lab_skeleton", ROOT / "tools" / "lab-skeleton.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ls = load_tool()
LABS = ["01-boot", "02-paging", "03-processes"]


def src(text):
    return textwrap.dedent(text).lstrip("\n")


def strip(text, lab, path="kernel/x.cc"):
    return ls.strip_text(src(text), path, LABS, lab)[0]


class StripTest(unittest.TestCase):
    def assertError(self, text, line, words, path="kernel/x.cc", lab="01-boot"):
        with self.assertRaises(ls.MarkerError) as cm:
            ls.strip_text(src(text), path, LABS, lab)
        self.assertEqual(cm.exception.line, line, str(cm.exception))
        self.assertTrue(str(cm.exception).startswith(f"{path}:{line}: "), str(cm.exception))
        self.assertIn(words, cm.exception.message)

    BLOCK = """
        int f(int x) {
            // LAB_BEGIN(02-paging): compute the answer
            return x * 2;
            // LAB_END
        }
        """

    def test_earlier_lab_keeps_solution_without_markers(self):
        self.assertEqual(strip(self.BLOCK, "03-processes"),
                         "int f(int x) {\n    return x * 2;\n}\n")

    def test_same_lab_gets_todo_and_indented_panic(self):
        self.assertEqual(strip(self.BLOCK, "02-paging"),
                         "int f(int x) {\n"
                         "    // TODO(lab 02): compute the answer\n"
                         '    panic("TODO(lab 02-paging): compute the answer");\n'
                         "}\n")

    def test_later_lab_replaced_too(self):
        self.assertIn("panic(", strip(self.BLOCK, "01-boot"))

    def test_none_keeps_everything(self):
        self.assertEqual(ls.strip_text(src(self.BLOCK), "k.cc", LABS, None)[0],
                         "int f(int x) {\n    return x * 2;\n}\n")

    def test_fallback_uncommented_with_its_indentation(self):
        text = """
            void g() {
                // LAB_BEGIN(01-boot): walk the list
                for (auto& e : list) use(e);
                // LAB_FALLBACK
                // if (ready) {
                //     idle();
                //
                // }

                // LAB_END
            }
            """
        self.assertEqual(strip(text, "01-boot"),
                         "void g() {\n"
                         "    // TODO(lab 01): walk the list\n"
                         "    if (ready) {\n"
                         "        idle();\n"
                         "\n"
                         "    }\n"
                         "\n"
                         "}\n")
        self.assertEqual(strip(text, "02-paging"),
                         "void g() {\n    for (auto& e : list) use(e);\n}\n")

    def test_empty_fallback_leaves_only_the_todo(self):
        text = """
            // LAB_BEGIN(01-boot): enable it
            enable();
            // LAB_FALLBACK
            // LAB_END
            """
        self.assertEqual(strip(text, "01-boot"), "// TODO(lab 01): enable it\n")

    def test_several_labs_in_one_file(self):
        text = """
            a();
            // LAB_BEGIN(01-boot): one
            one();
            // LAB_END
            b();
            // LAB_BEGIN(02-paging): two
            two();
            // LAB_FALLBACK
            // two_simple();
            // LAB_END
            // LAB_BEGIN(03-processes): three
            three();
            // LAB_END
            """
        out, counts = ls.strip_text(src(text), "k.cc", LABS, "02-paging")
        self.assertEqual(out, "a();\none();\nb();\n// TODO(lab 02): two\ntwo_simple();\n"
                              "// TODO(lab 03): three\n"
                              'panic("TODO(lab 03-processes): three");\n')
        self.assertEqual(counts, {"01-boot": 1, "02-paging": 1, "03-processes": 1})

    ROWS = """
        SYSCALL(1,   write,   sys_write,   Partial, "console only")
        // LAB_ROW(02-paging)
        SYSCALL(39,  getpid,  sys_getpid,  Full,    "")
        // LAB_ROW(03-processes): lab 03 for fork's flags; lab 04 for threads
        SYSCALL(56,  clone,   sys_clone,   Partial, "no threads")
        """

    def test_row_of_this_lab_or_a_later_one_becomes_planned(self):
        self.assertEqual(strip(self.ROWS, "02-paging"),
                         'SYSCALL(1,   write,   sys_write,   Partial, "console only")\n'
                         'SYSCALL(39,  getpid,  sys_getpid,  Planned, "lab 02")\n'
                         'SYSCALL(56,  clone,   sys_clone,   Planned, '
                         '"lab 03 for fork\'s flags; lab 04 for threads")\n')

    def test_row_of_an_earlier_lab_stays_and_loses_its_tag(self):
        self.assertEqual(strip(self.ROWS, "03-processes").count("Planned"), 1)
        self.assertNotIn("LAB_ROW", strip(self.ROWS, "03-processes"))
        self.assertEqual(ls.strip_text(src(self.ROWS), "t.hh", LABS, None)[0],
                         strip(self.ROWS, "03-processes").replace(
                             'Planned, "lab 03 for fork\'s flags; lab 04 for threads"',
                             'Partial, "no threads"'))

    def test_row_tag_needs_a_row_below_and_a_known_lab(self):
        self.assertError("""
            // LAB_ROW(02-paging)
            int not_a_row;
            """, 1, "must stand above a row")
        self.assertError("""
            // LAB_ROW(2-paging)
            SYSCALL(39,  getpid,  sys_getpid,  Full,    "")
            """, 1, "not canonical")

    def test_hint_is_escaped_for_the_panic_string(self):
        text = """
            // LAB_BEGIN(01-boot): parse "a\\b" {like} this
            x();
            // LAB_END
            """
        out = strip(text, "01-boot")
        self.assertIn('// TODO(lab 01): parse "a\\b" {like} this', out)
        self.assertIn('panic("TODO(lab 01-boot): parse \\"a\\\\b\\" {{like}} this");', out)

    def test_tabs_and_trailing_spaces_in_markers(self):
        text = "\t// LAB_BEGIN(01-boot):   hint  \n\tx();\n\t// LAB_END  \n"
        self.assertEqual(ls.strip_text(text, "k.cc", LABS, "01-boot")[0],
                         '\t// TODO(lab 01): hint\n\tpanic("TODO(lab 01-boot): hint");\n')

    def test_nested_is_an_error_at_the_inner_begin(self):
        self.assertError("""
            // LAB_BEGIN(01-boot): outer
            a();
                // LAB_BEGIN(02-paging): inner
                b();
                // LAB_END
            // LAB_END
            """, 3, "nested")

    def test_end_without_begin(self):
        self.assertError("x();\n// LAB_END\n", 2, "LAB_END without LAB_BEGIN")

    def test_fallback_without_begin(self):
        self.assertError("x();\ny();\n// LAB_FALLBACK\n", 3, "LAB_FALLBACK without LAB_BEGIN")

    def test_begin_without_end(self):
        self.assertError("x();\n// LAB_BEGIN(01-boot): h\ny();\n", 2, "without LAB_END")

    def test_second_fallback(self):
        self.assertError("// LAB_BEGIN(01-boot): h\n// LAB_FALLBACK\n// LAB_FALLBACK\n// LAB_END\n",
                         3, "second LAB_FALLBACK")

    def test_malformed_markers(self):
        for line in ["// LAB_BEGIN(01-boot)",                # no hint
                     "// LAB_BEGIN(01-boot):",               # empty hint
                     "//LAB_BEGIN(01-boot): h",              # no space
                     "/* LAB_BEGIN(01-boot): h */",          # block comment
                     "x(); // LAB_BEGIN(01-boot): h",        # after code
                     "// LAB_BEGIN 01-boot: h",              # no parentheses
                     "// LAB_END(01-boot)",                  # END takes nothing
                     "# LAB_FALLBACK",
                     "/// LAB_END",
                     "//  LAB_END"]:
            with self.subTest(line=line):
                self.assertError(f"a();\n{line}\n", 2, "malformed marker")

    def test_unknown_and_non_canonical_lab_ids(self):
        self.assertError("// LAB_BEGIN(04-clone): h\n// LAB_END\n", 1, "unknown lab '04-clone'")
        self.assertError("// LAB_BEGIN(02): h\n// LAB_END\n", 1, "did you mean 02-paging")
        self.assertError("// LAB_BEGIN(paging): h\n// LAB_END\n", 1, "not canonical")
        self.assertError("// LAB_BEGIN(2-paging): h\n// LAB_END\n", 1, "not canonical")
        self.assertError("// LAB_BEGIN(02-Paging): h\n// LAB_END\n", 1, "not canonical")

    def test_fallback_lines_must_be_commented(self):
        self.assertError("// LAB_BEGIN(01-boot): h\nx();\n// LAB_FALLBACK\n  y();\n// LAB_END\n",
                         4, "commented out")
        self.assertError("// LAB_BEGIN(01-boot): h\nx();\n// LAB_FALLBACK\n//y();\n// LAB_END\n",
                         4, "space after the slashes")

    def test_assembly_needs_a_fallback(self):
        text = "// LAB_BEGIN(01-boot): load the GDT\n    lgdt (%rax)\n// LAB_END\n"
        self.assertError(text, 1, "needs a LAB_FALLBACK", path="kernel/arch/e.S")
        # ...even when the skeleton keeps the solution: check mode reports it too.
        self.assertError(text, 1, "needs a LAB_FALLBACK", path="kernel/arch/e.S", lab=None)

    def test_assembly_with_fallback(self):
        text = """
            entry:
                // LAB_BEGIN(01-boot): load the GDT
                lgdt (%rax)
                // LAB_FALLBACK
                // hlt
                // LAB_END
                ret
            """
        self.assertEqual(strip(text, "01-boot", path="kernel/arch/e.S"),
                         "entry:\n    // TODO(lab 01): load the GDT\n    hlt\n    ret\n")

    def test_file_without_markers_is_unchanged(self):
        text = "a\n\n  b // LABEL_BEGIN is no marker\nc"
        self.assertEqual(ls.strip_text(text, "k.cc", LABS, "01-boot"), (text, {}))

    def test_prose_and_commented_examples_are_no_markers(self):
        text = ("// Solutions sit between LAB_BEGIN and LAB_END lines, e.g.\n"
                "//     // LAB_BEGIN(03-processes): implement sys_getpid\n"
                "//     // LAB_END\n"
                " * a block comment naming LAB_FALLBACK\n")
        self.assertEqual(ls.strip_text(text, "k.hh", LABS, "01-boot"), (text, {}))
        self.assertFalse(ls.has_markers(text))
        self.assertTrue(ls.has_markers("x\n  // LAB_END\n"))
        self.assertTrue(ls.has_markers("x(); // LAB_END\n"))


class TreeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="skel-test-")
        self.root = pathlib.Path(self.tmp.name) / "src"
        self.files = {
            "labs/01-boot/lab.toml": "x\n",
            "labs/02-paging/lab.toml": "x\n",
            "labs/03-processes/README.md": "x\n",
            "labs/notes/README.md": "not a lab\n",
            "kernel/a.cc": "int a() {\n  // LAB_BEGIN(02-paging): do a\n  return 1;\n"
                           "  // LAB_FALLBACK\n  // return 0;\n  // LAB_END\n}\n",
            "kernel/b.hh": "// LAB_BEGIN(01-boot): do b\nint b = 1;\n// LAB_END\n",
            "kernel/c.S": "// LAB_BEGIN(03-processes): do c\nnop\n// LAB_FALLBACK\n// hlt\n// LAB_END\n",
            "book/intro.md": "intro\n",
            "book/01-boot.md": "ch1\n",
            "book/02-paging.md": "ch2\n",
            "book/img/03-processes/fork.svg": "svg\n",
            "grading/hidden/01-boot/lab.toml": "h1\n",
            "grading/hidden/02-paging/ktests/h.cc": "h2\n",
            "grading/hidden/README.md": "about\n",
            "docs/syntax.md": "// LAB_BEGIN(nonsense) is only processed in sources\n",
            "tools/run.sh": "#!/bin/sh\n",
            "build/larch.elf": "old\n",
            "build-cpu/x.o": "old\n",
            "skel-01/Makefile": "old\n",
            ".git/HEAD": "ref\n",
            "kernel/__pycache__/m.pyc": "x",
        }
        for rel, text in self.files.items():
            p = self.root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
        os.chmod(self.root / "tools/run.sh", 0o755)
        self.out = pathlib.Path(self.tmp.name) / "out"

    def tearDown(self):
        self.tmp.cleanup()

    def listing(self, d):
        return sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file())

    def test_discover_labs_takes_canonical_folders_only(self):
        self.assertEqual(ls.discover_labs(self.root), LABS)

    def test_export_lab_02(self):
        stats, _, _ = ls.export(self.root, "02-paging", self.out)
        self.assertEqual(self.listing(self.out), sorted([
            ".lab-skeleton", "book/01-boot.md", "book/02-paging.md", "book/intro.md",
            "docs/syntax.md",
            "grading/hidden/01-boot/lab.toml", "grading/hidden/README.md",
            "kernel/a.cc", "kernel/b.hh", "kernel/c.S", "labs/01-boot/lab.toml",
            "labs/02-paging/lab.toml", "labs/03-processes/README.md", "labs/notes/README.md",
            "tools/run.sh"]))
        self.assertEqual((self.out / "kernel/a.cc").read_text(),
                         "int a() {\n  // TODO(lab 02): do a\n  return 0;\n}\n")
        self.assertEqual((self.out / "kernel/b.hh").read_text(), "int b = 1;\n")
        self.assertEqual((self.out / "kernel/c.S").read_text(), "// TODO(lab 03): do c\nhlt\n")
        self.assertEqual((self.out / ".lab-skeleton").read_text(), "02-paging\n")
        self.assertTrue(os.access(self.out / "tools/run.sh", os.X_OK))
        self.assertEqual(set(stats["left_out"]), {"book/img/03-processes/fork.svg",
                                                  "grading/hidden/02-paging/ktests/h.cc"})

    def test_reexport_rewrites_only_changes_and_removes_stale(self):
        ls.export(self.root, "02-paging", self.out)
        (self.out / "build").mkdir()
        (self.out / "build/keep.o").write_text("obj")
        (self.out / ".git").mkdir()
        (self.out / ".git/HEAD").write_text("mine")
        (self.out / ".git/refs/tags").mkdir(parents=True)
        (self.out / "stale.txt").write_text("x")
        t0 = (self.out / "kernel/b.hh").stat().st_mtime_ns
        (self.root / "kernel/b.hh").write_text("int b = 2;\n")
        ls.export(self.root, "03-processes", self.out)
        self.assertEqual((self.out / "kernel/b.hh").read_text(), "int b = 2;\n")
        self.assertEqual((self.out / "kernel/a.cc").read_text(),
                         "int a() {\n  return 1;\n}\n")
        self.assertFalse((self.out / "stale.txt").exists())
        self.assertTrue((self.out / "build/keep.o").exists())
        self.assertTrue((self.out / ".git/refs/tags").is_dir())
        self.assertTrue((self.out / "book/02-paging.md").exists())
        stats, written, removed = ls.export(self.root, "03-processes", self.out)
        self.assertEqual((written, removed), (0, 0))
        self.assertGreaterEqual((self.out / "kernel/b.hh").stat().st_mtime_ns, t0)

    def test_export_inside_the_tree_leaves_itself_out(self):
        inside = self.root / "student" / "lab2"
        ls.export(self.root, "02-paging", inside)
        ls.export(self.root, "02-paging", inside)
        self.assertFalse((inside / "student").exists())
        self.assertTrue((inside / "kernel/a.cc").exists())

    def test_refuses_a_folder_that_is_not_a_skeleton(self):
        self.out.mkdir()
        (self.out / "thesis.tex").write_text("precious")
        with self.assertRaises(SystemExit):
            ls.export(self.root, "01-boot", self.out)
        self.assertEqual(self.listing(self.out), ["thesis.tex"])
        with self.assertRaises(SystemExit):
            ls.export(self.root, "01-boot", self.root / "kernel" / "..")

    def test_marker_errors_write_nothing_and_name_every_file(self):
        (self.root / "kernel/bad1.cc").write_text("// LAB_END\n")
        (self.root / "kernel/bad2.hh").write_text("x\n// LAB_BEGIN(09-distro): h\n// LAB_END\n")
        with self.assertRaises(SystemExit) as cm:
            ls.export(self.root, "01-boot", self.out)
        self.assertIn("kernel/bad1.cc:1: LAB_END without LAB_BEGIN", str(cm.exception))
        self.assertIn("kernel/bad2.hh:2: unknown lab '09-distro'", str(cm.exception))
        self.assertFalse(self.out.exists())

    def test_unknown_lab_to_export(self):
        for lab in ("02", "paging", "04-clone"):
            with self.subTest(lab=lab), self.assertRaises(SystemExit):
                ls.export(self.root, lab, self.out)

    def test_command_line(self):
        tool = str(ROOT / "tools" / "lab-skeleton.py")
        r = subprocess.run([sys.executable, tool, "export", "--lab", "01-boot", "--out",
                            str(self.out), "--root", str(self.root)], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("0 solution blocks kept, 3 replaced by TODO", r.stdout)
        r = subprocess.run([sys.executable, tool, "labs", "--root", str(self.root)],
                           capture_output=True, text=True)
        self.assertIn("02-paging: 1 blocks: kernel/a.cc (1)", r.stdout)
        (self.root / "kernel/bad.cc").write_text("// LAB_FALLBACK\n")
        r = subprocess.run([sys.executable, tool, "check", "--root", str(self.root)],
                           capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("kernel/bad.cc:1: LAB_FALLBACK without LAB_BEGIN", r.stderr)


if __name__ == "__main__":
    unittest.main()
