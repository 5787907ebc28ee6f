"""grading/batch_test.py — tests of batch mode (grade-submissions) without QEMU.

A small fake instructor tree stands in for the real one: its Makefile "builds" by
copying kernel/answer.txt and its `grade` target (grading/fakegrade.py) passes the tests
named in that file, writing build/grade/results.json as the real grader does. Then the
real grade-submissions runs on folders, tarballs, zips and git refs of it, sandboxed.
Also checked against the real tree: the instructor-controlled files carry no LAB markers.
"""
import csv
import io
import json
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import batch                      # noqa: E402
import batch_sandbox              # noqa: E402
import batch_sources              # noqa: E402

FAKE_MAKEFILE = """\
BUILD ?= build
LAB ?=
kernel iso:
\t@mkdir -p $(BUILD) && cp kernel/answer.txt $(BUILD)/answer
grade:
\t@python3 grading/fakegrade.py "$(LAB)" $(BUILD)
include $(wildcard */*.mk)
"""

FAKE_GRADER = """\
import json, pathlib, sys, tomllib
lab, build = sys.argv[1], pathlib.Path(sys.argv[2])
answer = (build / "answer").read_text().split()
tests = tomllib.loads(pathlib.Path(f"labs/{lab}/lab.toml").read_text())["test"]
hidden = pathlib.Path(f"grading/hidden/{lab}/tests.toml")
if hidden.exists():
    tests += tomllib.loads(hidden.read_text())["test"]
rows = [{"name": t["name"], "max_points": t["points"],
         "points": t["points"] if t["name"] in answer else 0,
         "status": "pass" if t["name"] in answer else "fail",
         "reason": "" if t["name"] in answer else t["name"] + " not implemented"} for t in tests]
out = build / "grade"
out.mkdir(parents=True, exist_ok=True)
lab_entry = {"id": lab, "score": sum(r["points"] for r in rows),
             "max_score": sum(r["max_points"] for r in rows), "tests": rows}
(out / "results.json").write_text(json.dumps({"schema": "larch-grade-results/1",
                                              "labs": [lab_entry]}))
print("Score: %d/%d" % (lab_entry["score"], lab_entry["max_score"]))
sys.exit(0 if lab_entry["score"] == lab_entry["max_score"] else 1)
"""

LAB1 = '[lab]\nid = "01-boot"\n\n[[test]]\nname = "alpha"\npoints = 30\n\n' \
       '[[test]]\nname = "beta"\npoints = 20\n'
LAB2 = '[lab]\nid = "02-paging"\n\n[[test]]\nname = "gamma"\npoints = 50\n'
HIDDEN1 = '[[test]]\nname = "delta"\npoints = 10\n'


def write(root, files):
    for rel, text in files.items():
        p = pathlib.Path(root) / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


def instructor_tree(root):
    write(root, {"Makefile": FAKE_MAKEFILE, "grading/fakegrade.py": FAKE_GRADER,
                 "labs/01-boot/lab.toml": LAB1, "labs/02-paging/lab.toml": LAB2,
                 "labs/03-processes/lab.toml": '[lab]\nid = "03-processes"\n',
                 "labs/01-boot/ktests/t.cc": "// real test\n",
                 "grading/hidden/01-boot/tests.toml": HIDDEN1,
                 "tools/qemu.py": "# machine\n", "kernel/test/ktest.cc": "// runner\n",
                 "kernel/answer.txt": "alpha beta gamma delta\n", "kernel/main.cc": "// k\n"})


def student_tree(root, answer, tamper=False):
    instructor_tree(root)
    os.remove(pathlib.Path(root) / "grading/hidden/01-boot/tests.toml")   # not exported
    write(root, {"kernel/answer.txt": answer})
    if tamper:
        write(root, {
            "labs/01-boot/lab.toml": LAB1.replace("30", "0").replace("20", "0"),
            "labs/01-boot/ktests/t.cc": "// passes trivially\n",
            "grading/fakegrade.py": FAKE_GRADER.replace('t["name"] in answer', "True"),
            "kernel/test/ktest.cc": "// prints ok for everything\n",
            "tools/qemu.py": "# another machine\n",
            "evil/evil.mk": "grade:\n\t@echo Score: 100/100\n",
        })


class SourcesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="batch-src-")
        self.d = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_classify_and_unique_names(self):
        (self.d / "subs/alice").mkdir(parents=True)
        (self.d / "subs/bob.tar.gz").write_bytes(b"")
        (self.d / "subs/bob.zip").write_bytes(b"")
        (self.d / "subs/notes.txt").write_text("not a submission")
        (self.d / "subs/.hidden").mkdir()
        for bare in ("carol.git", "dave.git@lab-02"):
            subprocess.run(["git", "init", "-q", "--bare", str(self.d / "subs" / bare)], check=True)
        subs, problems = batch_sources.discover(self.d / "subs", ref=None)
        got = [(s.name, s.kind, s.ref) for s in subs]
        self.assertEqual(got, [("alice", "folder", None), ("bob.tar.gz", "tarball", None),
                               ("bob.zip", "zip", None), ("carol.git", "git", "HEAD"),
                               ("dave.git@lab-02", "git", "lab-02")])
        self.assertEqual(problems, [])
        subs, problems = batch_sources.discover(self.d / "subs", ref="lab-01")
        self.assertEqual([s.ref for s in subs if s.kind == "git"], ["lab-01", "lab-02"])
        self.assertEqual(problems, [("alice", f"{self.d}/subs/alice: a ref (lab-01) is named "
                                     "but this is no git repository")])

    def test_tarball_with_escaping_members_is_refused(self):
        evil = self.d / "evil.tar"
        with tarfile.open(evil, "w") as tar:
            data = b"x"
            info = tarfile.TarInfo("../../outside.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        with self.assertRaises(batch_sources.SubmissionError):
            batch_sources.extract_tar(evil, self.d / "out")
        self.assertFalse((self.d / "outside.txt").exists())

    def test_zip_slip_is_refused(self):
        evil = self.d / "evil.zip"
        with zipfile.ZipFile(evil, "w") as z:
            z.writestr("../escape.txt", "x")
        with self.assertRaises(batch_sources.SubmissionError):
            batch_sources.extract_zip(evil, self.d / "out")
        self.assertFalse((self.d / "escape.txt").exists())

    def test_single_top_folder_is_the_tree(self):
        src = self.d / "alice-lab1"
        write(src, {"kernel/a.cc": "a"})
        tgz = self.d / "alice.tgz"
        with tarfile.open(tgz, "w:gz") as tar:
            tar.add(src, arcname="alice-lab1")
        batch_sources.extract_tar(tgz, self.d / "out")
        self.assertEqual((self.d / "out/kernel/a.cc").read_text(), "a")

    def test_sanitize_drops_links_out_of_the_tree(self):
        tree = self.d / "tree"
        write(tree, {"kernel/a.cc": "a"})
        os.symlink("/etc/passwd", tree / "kernel/pw.cc")
        os.symlink("a.cc", tree / "kernel/b.cc")
        os.symlink("../../..", tree / "up")
        self.assertEqual(sorted(batch_sources.sanitize(tree)), ["kernel/pw.cc", "up"])
        self.assertEqual((tree / "kernel/b.cc").read_text(), "a")


class CleanCopyTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="batch-copy-")
        self.d = pathlib.Path(self.tmp.name)
        instructor_tree(self.d / "instructor")

    def tearDown(self):
        self.tmp.cleanup()

    def test_instructor_files_win_and_edits_are_listed(self):
        tree = self.d / "sub"
        student_tree(tree, "alpha", tamper=True)
        os.symlink("/tmp", tree / "grading/escape")
        edited = batch.replace_controlled(tree, self.d / "instructor")
        self.assertEqual(edited, ["evil/evil.mk", "grading/escape", "grading/fakegrade.py",
                                  "kernel/test/ktest.cc", "labs/01-boot/ktests/t.cc",
                                  "labs/01-boot/lab.toml", "tools/qemu.py"])
        self.assertEqual((tree / "labs/01-boot/lab.toml").read_text(), LAB1)
        self.assertEqual((tree / "grading/fakegrade.py").read_text(), FAKE_GRADER)
        self.assertTrue((tree / "grading/hidden/01-boot/tests.toml").exists())
        self.assertFalse((tree / "evil/evil.mk").exists())
        self.assertEqual((tree / "kernel/answer.txt").read_text(), "alpha")

    def test_untouched_skeleton_has_no_edits(self):
        tree = self.d / "sub"
        student_tree(tree, "")
        self.assertEqual(batch.replace_controlled(tree, self.d / "instructor"), [])

    def test_a_linked_folder_cannot_redirect_our_copy(self):
        tree, outside = self.d / "sub", self.d / "outside"
        student_tree(tree, "")
        write(outside, {"test/ktest.cc": "// precious\n"})
        import shutil
        shutil.rmtree(tree / "kernel")
        os.symlink(outside, tree / "kernel")
        edited = batch.replace_controlled(tree, self.d / "instructor")
        self.assertEqual((outside / "test/ktest.cc").read_text(), "// precious\n")
        self.assertFalse((tree / "kernel").is_symlink())
        self.assertEqual((tree / "kernel/test/ktest.cc").read_text(), "// runner\n")
        self.assertIn("kernel", edited)

    def test_real_tree_graded_files_have_no_lab_markers(self):
        sys.path.insert(0, str(ROOT / "tools"))
        import importlib.util
        spec = importlib.util.spec_from_file_location("ls", ROOT / "tools/lab-skeleton.py")
        ls = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(ls)
        bad = []
        for rel in batch.controlled(ROOT):
            for f in batch._files_under(ROOT, rel):
                p = ROOT / f
                if p.suffix in ls.SOURCE_SUFFIXES and ls.has_markers(p.read_text(errors="replace")):
                    bad.append(f)
        self.assertEqual(bad, [], "graded files are copied from the instructor's tree into "
                         "every submission: a LAB marker there would hand out the solution")


class SandboxTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="batch-box-")
        self.d = pathlib.Path(self.tmp.name)
        (self.d / "tmp").mkdir()
        self.mode = "bwrap" if batch_sandbox.bwrap_works() else "unshare"

    def tearDown(self):
        self.tmp.cleanup()

    def run_box(self, script, limits=None, wall=None):
        box = batch_sandbox.Sandbox(self.mode, self.d, limits or batch_sandbox.Limits())
        log = self.d / "log"
        log.write_text("")
        rc, timed_out = box.run([sys.executable, "-c", script], cwd=self.d, log=log,
                                wall_seconds=wall)
        return rc, timed_out, log.read_text()

    def test_no_network(self):
        rc, _, out = self.run_box(
            "import socket\ns = socket.socket()\ns.settimeout(3)\n"
            "try:\n    s.connect(('1.1.1.1', 80)); print('CONNECTED')\n"
            "except OSError as e:\n    print('refused', e)")
        self.assertEqual(rc, 0, out)
        self.assertIn("refused", out)

    def test_limits_apply(self):
        rc, _, out = self.run_box(
            "import resource\nprint(resource.getrlimit(resource.RLIMIT_CPU)[0],"
            " resource.getrlimit(resource.RLIMIT_AS)[0])",
            limits=batch_sandbox.Limits(cpu_seconds=77, address_space=3 << 30))
        self.assertIn(f"77 {3 << 30}", out)
        rc, _, out = self.run_box("x = bytearray(2 << 30)",
                                  limits=batch_sandbox.Limits(address_space=1 << 30))
        self.assertNotEqual(rc, 0)
        self.assertIn("MemoryError", out)

    def test_wall_clock_limit_kills(self):
        rc, timed_out, out = self.run_box("import time\ntime.sleep(30)", wall=1)
        self.assertTrue(timed_out)
        self.assertIn("killed after 1 s", out)

    @unittest.skipUnless(batch_sandbox.bwrap_works(), "needs bwrap")
    def test_only_the_work_folder_is_writable_and_the_tree_is_hidden(self):
        rc, _, out = self.run_box(
            "import os, pathlib\n"
            f"pathlib.Path('{self.d}/mine').write_text('ok')\n"
            "for p in ('/usr/evil', '/etc/evil'):\n"
            "    try:\n        open(p, 'w'); print('WROTE', p)\n"
            "    except OSError:\n        print('ro', p)\n"
            f"print('tree visible' if os.path.exists('{ROOT}/grading') else 'tree hidden')\n"
            "print(sorted(os.environ))")
        self.assertEqual(rc, 0, out)
        self.assertEqual((self.d / "mine").read_text(), "ok")
        self.assertNotIn("WROTE /", out)
        self.assertIn("ro /usr/evil", out)
        self.assertIn("tree hidden", out)
        self.assertNotIn("SSH_AUTH_SOCK", out)


class TaskResultTest(unittest.TestCase):
    """A grading task's result file: written last, read back only for the same plan."""

    def test_save_and_load(self):
        import argparse
        import batch_task
        with tempfile.TemporaryDirectory() as d:
            d = pathlib.Path(d)
            instructor_tree(d / "inst")
            args = argparse.Namespace(sandbox="none", cpu_limit=10, mem_limit="1G", timeout=60,
                                      timeout_scale=1.0, ccache_dir=None)
            sub = batch_sources.Submission("alice", "folder", d / "alice")
            fp = batch_task.fingerprint(d / "inst", ["01-boot"], args)
            job = batch.Job(sub, args, d / "inst", ["01-boot"], d / "work")
            self.assertIsNone(batch_task.load(job, fp))
            job.points, job.errors, job.seconds = {"01-boot": 30}, ["x"], 2.5
            batch_task.save(job, fp)
            again = batch_task.load(batch.Job(sub, args, d / "inst", ["01-boot"], d / "work"), fp)
            self.assertEqual((again.points, again.errors, again.total()), ({"01-boot": 30}, ["x"], 30))
            args.timeout_scale = 2.0          # other settings: graded again
            self.assertNotEqual(batch_task.fingerprint(d / "inst", ["01-boot"], args), fp)
            write(d / "inst", {"labs/01-boot/lab.toml": LAB2})    # another test: again
            args.timeout_scale = 1.0
            self.assertNotEqual(batch_task.fingerprint(d / "inst", ["01-boot"], args), fp)


class GradeSubmissionsTest(unittest.TestCase):
    """The command on a folder of fake submissions, end to end (no QEMU)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="batch-e2e-fake-")
        self.d = pathlib.Path(self.tmp.name)
        inst = self.d / "instructor"
        instructor_tree(inst)
        # The real batch code, in the fake instructor's tree.
        # Every module of grading/ (labconf imports the host-side ones), as the Slurm
        # backend's shared code folder has them.
        for f in [*sorted(p.name for p in HERE.glob("*.py")), "grade-submissions"]:
            (inst / "grading" / f).write_bytes((HERE / f).read_bytes())
        os.chmod(inst / "grading/grade-submissions", 0o755)
        subs = self.d / "subs"
        student_tree(subs / "full", "alpha beta gamma delta")
        student_tree(subs / "skeleton", "")
        student_tree(subs / "tampered", "", tamper=True)
        half = self.d / "half"
        student_tree(half, "alpha gamma")
        write(half, {"build/answer": "alpha beta gamma delta"})   # a prebuilt "kernel": not used
        with tarfile.open(subs / "half.tar.gz", "w:gz") as tar:
            tar.add(half, arcname="half-submission")
        with zipfile.ZipFile(subs / "zipped.zip", "w") as z:
            for p in sorted(half.rglob("*")):
                if p.is_file():
                    z.write(p, str(p.relative_to(half)))
        repo = self.d / "repo"
        student_tree(repo, "beta")
        git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
        subprocess.run(git[:3] + ["init", "-q"], check=True)
        subprocess.run(git + ["add", "-A"], check=True)
        subprocess.run(git + ["commit", "-qm", "lab 1"], check=True)
        subprocess.run(git + ["tag", "lab-01"], check=True)
        write(repo, {"kernel/answer.txt": "alpha beta gamma delta"})
        subprocess.run(git + ["commit", "-qam", "later work"], check=True)
        subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(subs / "gitrepo.git@lab-01")],
                       check=True)
        (subs / "broken.tar.gz").write_bytes(b"not a tarball")
        (subs / "README.txt").write_text("the class of 2025")
        self.inst = inst

    def tearDown(self):
        self.tmp.cleanup()

    def test_csv_and_reports(self):
        out = self.d / "out/grades.csv"
        r = subprocess.run([str(self.inst / "grading/grade-submissions"), str(self.d / "subs"),
                            "--out", str(out), "--jobs", "2"],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)   # broken.tar.gz
        text = out.read_text()
        rows = {row["submission"]: row for row in csv.DictReader(io.StringIO(text))}
        self.assertEqual(list(csv.reader(io.StringIO(text)))[0],
                         ["submission", "01-boot", "02-paging", "total", "max", "errors"])
        score = {n: (r["01-boot"], r["02-paging"], int(r["total"]), int(r["max"]))
                 for n, r in rows.items()}
        self.assertEqual(score, {"full": ("60", "50", 110, 110), "skeleton": ("0", "0", 0, 110),
                                 "tampered": ("0", "0", 0, 110), "half.tar.gz": ("30", "50", 80, 110),
                                 "zipped.zip": ("30", "50", 80, 110),
                                 "gitrepo.git@lab-01": ("20", "0", 20, 110),
                                 "broken.tar.gz": ("", "", 0, 110)})
        self.assertEqual(rows["full"]["errors"], "")
        self.assertIn("ignored changes to graded files: evil/evil.mk", rows["tampered"]["errors"])
        self.assertIn("cannot unpack", rows["broken.tar.gz"]["errors"])
        reports = self.d / "out/grades-reports"
        report = (reports / "tampered.txt").read_text()
        self.assertIn("labs/01-boot/lab.toml", report)
        self.assertIn("FAIL alpha", report)
        self.assertTrue((reports / "tampered/01-boot/results.json").exists())
        self.assertTrue((reports / "tampered/build-and-grade.log").exists())
        summary = json.loads((reports / "gitrepo.git@lab-01.json").read_text())
        self.assertEqual(summary["labs"]["01-boot"]["points"], 20)
        self.assertIn("at lab-01", summary["source"])
        self.assertIn("build/ folder was removed", (reports / "half.tar.gz.txt").read_text())

    def test_build_failure_leaves_the_labs_empty(self):
        subs = self.d / "subs"
        for p in list(subs.iterdir()):
            if p.name != "skeleton":
                subprocess.run(["rm", "-rf", str(p)], check=True)
        (subs / "skeleton/kernel/answer.txt").unlink()
        out = self.d / "b.csv"
        r = subprocess.run([str(self.inst / "grading/grade-submissions"), str(subs),
                            "--out", str(out)], capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        rows = list(csv.reader(io.StringIO(out.read_text())))
        self.assertEqual(rows[1][:5], ["skeleton", "", "", "0", "110"])
        self.assertTrue(rows[1][5].startswith("build failed: "), rows[1][5])

    def test_one_lab(self):
        out = self.d / "one.csv"
        (self.d / "subs/broken.tar.gz").unlink()
        r = subprocess.run([str(self.inst / "grading/grade-submissions"), str(self.d / "subs"),
                            "--out", str(out), "--lab", "02-paging", "--jobs", "1"],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        rows = list(csv.reader(io.StringIO(out.read_text())))
        self.assertEqual(rows[0], ["submission", "02-paging", "total", "max", "errors"])
        self.assertIn(["full", "50", "50", "50", ""], rows)

    def test_slurm_array_prepared_for_submitting_by_hand(self):
        (self.d / "subs/broken.tar.gz").unlink()
        work = self.d / "shared"
        r = subprocess.run([str(self.inst / "grading/grade-submissions"), str(self.d / "subs"),
                            "--lab", "01-boot", "--backend", "slurm", "--work", str(work),
                            "--print-sbatch", "--concurrency", "4", "--out", str(self.d / "p.csv")],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        line = r.stdout.strip().splitlines()[-1]
        self.assertTrue(line.startswith("sbatch "), line)
        self.assertIn("--array=0-5%4", line)           # six submissions, four at once
        self.assertTrue(line.endswith(f"{work}/_slurm/rounds/1.json"), line)
        names = json.loads((work / "_slurm/rounds/1.json").read_text())
        plan = json.loads((work / "_slurm/plan.json").read_text())
        self.assertEqual(sorted(names), sorted(plan["submissions"]))
        self.assertIn("gitrepo.git@lab-01", names)
        self.assertEqual(plan["labs"], ["01-boot"])
        self.assertTrue((work / "_slurm/code/batch_task.py").exists())
        self.assertIn("$SLURM_ARRAY_TASK_ID", (work / "_slurm/task.sh").read_text())
        self.assertFalse((self.d / "p.csv").exists())   # nothing graded, nothing written

    def test_slurm_needs_a_shared_work_folder(self):
        r = subprocess.run([str(self.inst / "grading/grade-submissions"), str(self.d / "subs"),
                            "--backend", "slurm"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--work", r.stderr)

    def test_unknown_lab_is_a_usage_error(self):
        r = subprocess.run([str(self.inst / "grading/grade-submissions"), str(self.d / "subs"),
                            "--lab", "03-processes"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("has no tests", r.stderr)


if __name__ == "__main__":
    unittest.main()
