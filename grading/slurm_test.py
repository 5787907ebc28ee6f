"""grading/slurm_test.py — tests of the Slurm backend's parts that need no cluster.

The states it reads from `scontrol show job -o` and `sacct -P` (texts as Slurm 22.05
prints them), the per-task time limit from lab.toml, and the sbatch command line. The
backend on a real cluster is `make slurm-e2e` (grading/slurm_e2e.py).
"""
import argparse
import pathlib
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import slurm_backend  # noqa: E402

SCONTROL = (
    "JobId=12 ArrayJobId=12 ArrayTaskId=1-3%1 ArrayTaskThrottle=1 JobName=t.sh "
    "JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) ExitCode=0:0\n"
    "JobId=13 ArrayJobId=12 ArrayTaskId=0 ArrayTaskThrottle=1 JobName=t.sh "
    "JobState=CANCELLED Reason=None Dependency=(null) ExitCode=0:15\n"
    "JobId=14 JobName=not-an-array JobState=RUNNING\n")
SACCT = ("20_0|COMPLETED|None|0:0\n20_1|NODE_FAIL|None|0:0\n"
         "20_2|CANCELLED by 0|None|0:9\n20_[3-4%2]|PENDING|JobArrayTaskLimit|0:0\n"
         "21|RUNNING|None|0:0\n")


class StatesTest(unittest.TestCase):
    def test_task_ids(self):
        self.assertEqual(slurm_backend._task_ids("3"), [3])
        self.assertEqual(slurm_backend._task_ids("2-5%2"), [2, 3, 4, 5])
        self.assertEqual(slurm_backend._task_ids("[1,4-5]"), [1, 4, 5])

    def test_scontrol(self):
        self.assertEqual(slurm_backend.parse_scontrol(SCONTROL), {
            ("12", 0): ("CANCELLED", "None", "0:15"),
            ("12", 1): ("PENDING", "JobArrayTaskLimit", "0:0"),
            ("12", 2): ("PENDING", "JobArrayTaskLimit", "0:0"),
            ("12", 3): ("PENDING", "JobArrayTaskLimit", "0:0")})

    def test_sacct(self):
        states = slurm_backend.parse_sacct(SACCT)
        self.assertEqual(states[("20", 1)], ("NODE_FAIL", "None", "0:0"))
        self.assertEqual(states[("20", 2)], ("CANCELLED", "None", "0:9"))
        self.assertEqual(states[("20", 4)][0], "PENDING")
        self.assertEqual(len(states), 5)


class TimeLimitTest(unittest.TestCase):
    def test_from_the_labs_limits(self):
        with tempfile.TemporaryDirectory() as d:
            root = pathlib.Path(d)
            (root / "labs/01-boot").mkdir(parents=True)
            (root / "labs/01-boot/lab.toml").write_text(
                '[lab]\nid = "01-boot"\n[defaults]\ntimeout = 10\nlimit = 50\n'
                '[[test]]\nname = "a"\npoints = 1\n'
                '[[test]]\nname = "b"\npoints = 1\nlimit = 100\nruns = [{}, {}]\n')
            (root / "grading/hidden/01-boot").mkdir(parents=True)
            (root / "grading/hidden/01-boot/tests.toml").write_text(
                '[[test]]\nname = "c"\npoints = 1\ntimeout = 40\n')
            args = argparse.Namespace(timeout=1800, timeout_scale=2.0)
            # a: 50 + 10, b: 2 x (100 + 10), c: 50 + 40 -> 370 s, times 2
            self.assertEqual(slurm_backend.task_seconds(root, ["01-boot"], args),
                             slurm_backend.SETUP_SECONDS + 1800 + 740)
            args.timeout = 600                    # a lab never gets more than --timeout
            self.assertEqual(slurm_backend.task_seconds(root, ["01-boot"], args),
                             slurm_backend.SETUP_SECONDS + 600 + 600)


class SbatchTest(unittest.TestCase):
    def test_command_line(self):
        ap = argparse.ArgumentParser()
        slurm_backend.add_options(ap)
        args = ap.parse_args(["--partition", "short", "--time", "30", "--concurrency", "8",
                              "--sbatch-arg=--account=cs101"])
        b = slurm_backend.SlurmBackend(args, pathlib.Path("/shared/w"), None, [], "fp", None)
        argv = b.sbatch_argv("0-9%8", "/shared/w/_slurm/rounds/1.json", dependency="41")
        self.assertEqual(argv[0], "sbatch")
        for a in ("--array=0-9%8", "--time=30", "--cpus-per-task=2", "--mem=4G",
                  "--partition=short", "--no-requeue", "--dependency=afterany:41",
                  "--account=cs101", "--output=/shared/w/_slurm/logs/%A_%a.out"):
            self.assertIn(a, argv)
        self.assertEqual(argv[-3:], ["/shared/w/_slurm/task.sh", "/shared/w/_slurm/plan.json",
                                     "/shared/w/_slurm/rounds/1.json"])


class WhyTest(unittest.TestCase):
    def test_slurms_own_words(self):
        with tempfile.TemporaryDirectory() as d:
            ap = argparse.ArgumentParser()
            slurm_backend.add_options(ap)
            b = slurm_backend.SlurmBackend(ap.parse_args(["--time", "5"]), pathlib.Path(d),
                                           None, [], "fp", None)
            (b.dir / "logs").mkdir(parents=True)
            (b.dir / "logs" / "7_3.out").write_text(
                "batch_task: grading bob on n1 in /w/bob\n"
                "slurmstepd: error: *** JOB 9 ON n1 CANCELLED DUE TO NODE FAILURE ***\n"
                "batch_task: grading bob on n1 in /w/bob\n")
            self.assertEqual(b._why(("7", 3), ("NODE_FAIL", "None", "0:0")),
                             "NODE_FAIL: slurmstepd: error: *** JOB 9 ON n1 CANCELLED DUE TO "
                             "NODE FAILURE ***")
            self.assertEqual(b._why(("7", 4), ("FAILED", "NonZeroExitCode", "3:0")),
                             "FAILED (NonZeroExitCode), exit code 3:0")


if __name__ == "__main__":
    unittest.main()
