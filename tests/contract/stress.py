"""tests/contract/stress.py — the stress programs on the host (`harness.py stress`,
`make contract-stress`): tests/contract/NN-name/stress/*.c, each built with both libcs and
run twice; it must exit 0 and print the same both times (balance facts, never raw counts)."""
import subprocess

from harness import CFLAGS, LIBCS, ROOT, SRC_DIR


def stress(b, seconds):
    """Builds every tests/contract/NN-name/stress/<name>.c (a file that starts with a
    `/* Stress: ... */` comment; the normal runs skip these folders) with both libcs and runs
    each twice on the host for @p seconds: it must exit 0 and print the same both times (it
    prints balance facts, never raw counts). Returns (passed, failed)."""
    passed = failed = 0
    env = {"HOME": "/", "PATH": "/bin:/usr/bin", "LANG": "C", "CONTRACT": "1", "STRESS_SECONDS": str(seconds)}
    for src in sorted(SRC_DIR.glob("[0-9][0-9]-*/stress/*.c")):
        if not src.read_text(errors="replace").startswith("/* Stress: "):
            print(f"  FAIL  {src.relative_to(ROOT)}: must start with a `/* Stress: ... */` comment")
            failed += 1
            continue
        for libc, compiler in LIBCS.items():
            out = b / "contract" / "stress" / libc / src.stem
            out.parent.mkdir(parents=True, exist_ok=True)
            r = subprocess.run(compiler + CFLAGS + ["-o", str(out), str(src)], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"  FAIL  build {libc}/{src.stem}\n{r.stdout}{r.stderr}")
                failed += 1
                continue
            runs = []
            for _ in (1, 2):
                try:
                    p = subprocess.run([str(out)], capture_output=True, text=True, env=env, cwd="/",
                                       timeout=seconds * 3 + 60)
                    runs.append((p.returncode, p.stdout))
                except subprocess.TimeoutExpired:
                    runs.append((None, "timed out (a lost wake-up or a deadlock)\n"))
            ok = runs[0][0] == 0 and runs[0] == runs[1]
            print(f"  {'ok  ' if ok else 'FAIL'}  stress {libc}/{src.stem} ({seconds} s, twice)")
            if not ok:
                print("\n".join("        | " + l for l in (runs[0][1] + runs[1][1]).splitlines()))
            passed += ok
            failed += not ok
    return passed, failed
