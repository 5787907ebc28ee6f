"""grading/verdict.py — host-side verdicts for user-mode tests (lab.toml `programs`).

The guest only runs programs: user/runner.c (graded mode) runs each program of a test
with musl and glibc and frames what it printed with a key the grader picked for this
boot (`--frame-key=K` after "--" on the kernel command line; a program never sees it):

    #K begin musl/fork_tree
    ...the program's console output...
    #K end musl/fork_tree status=0x0
    #K setup musl/fork_tree setrlimit(RLIMIT_STACK) failed, errno 1

Here the grader decides: the Oracle runs the same binaries (the instructor's build,
B/contract/root/) on this Linux host under the same conditions and with the same nonce
(`--nonce=N`, CONTRACT_NONCE in each program's environment), and judge() passes a test
only when every program, with both libcs, has a complete frame whose exit status and
output equal the host's. The runner's own ok/not ok line is never taken as a verdict:
it only ends the test for the TAP reader. Expected outputs never enter the guest image.
"""
import importlib.util
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIBCS = ("musl", "glibc")
KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
DIFF_LINES = 6          # lines around the first difference shown in a failure


def _harness():
    """tests/contract/harness.py as a module (run_in_pty, parse_runner_output)."""
    spec = importlib.util.spec_from_file_location("contract_harness",
                                                  ROOT / "tests" / "contract" / "harness.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def pick_key(rng):
    """A frame key: 16 characters [a-z0-9] from the grader's random generator."""
    return "".join(rng.choice(KEY_CHARS) for _ in range(16))


def pick_nonce(rng):
    return rng.randrange(1, 1 << 63)


def cmdline_words(key, nonce, scale=1.0):
    """What the grader appends to the kernel command line: init's extra arguments. The
    runner kills a program still running after its test's timeout less 2 s (of guest
    time, times @scale, GRADE_TIMEOUT_SCALE), so a hung program fails its own test without
    costing a reboot (user/runner.c, graded_run)."""
    words = f"-- --frame-key={key} --nonce={nonce}"
    return words if scale == 1 else words + f" --timeout-scale={scale:g}"


class Frame:
    def __init__(self):
        self.lines = []
        self.status = None     # int once the end line came
        self.setup = ""        # the runner's own failure before execve

    @property
    def output(self):
        return "\n".join(self.lines)


class FrameReader:
    """Cuts the framed program output out of the console lines of one boot."""

    def __init__(self, key):
        self.key = key
        self.marker = f"#{key} "
        self.frames = {}       # "musl/name" -> Frame
        self.open = None       # the Frame being read
        self._line = re.compile(rf"^#{re.escape(key)} (begin|end|setup) (\S+)(?: (.*))?$")

    def feed(self, line):
        """True when @line belongs to the frames (a frame line, or a program's output);
        such lines are never TAP."""
        m = self._line.match(line)
        if m:
            what, ident, rest = m.group(1), m.group(2), m.group(3) or ""
            if what == "begin":
                self.open = self.frames[ident] = Frame()
            elif what == "setup":
                self.frames.setdefault(ident, Frame()).setup = rest
            elif what == "end":
                frame = self.frames.setdefault(ident, Frame())
                # (The end line starts with a newline of its own: it ends the output's
                # last line, so the lines read, joined by newlines, are the output.)
                st = re.match(r"status=(-?)0x([0-9a-f]+)$", rest)
                frame.status = -1 if not st or st.group(1) else int(st.group(2), 16)
                self.open = None
            return True
        if self.open is not None:
            self.open.lines.append(line)
            return True
        return False


class Oracle:
    """Expected outputs: the same binaries on this Linux host, with the same nonce."""

    def __init__(self, build):
        self.build = pathlib.Path(build)
        self.cache = {}        # (nonce, libc, name) -> (output, status) or an error string

    def expected(self, nonce, programs):
        """{"libc/name": (output, status)} for @programs, or raises OracleError."""
        root = self.build / "contract" / "root"
        runner = self.build / "user" / "runner"
        for need in (runner, root / "contract"):
            if not need.exists():
                raise OracleError(f"{need} is missing (make BUILD={self.build} initramfs)")
        harness = _harness()
        out = {}
        for libc in LIBCS:
            todo = [p for p in programs if (nonce, libc, p) not in self.cache]
            if todo:
                _, text = harness.run_in_pty([str(runner), "--root", str(root), "--libc", libc,
                                              "--nonce", str(nonce)] + todo, harness.run_timeout(todo))
                runs = harness.parse_runner_output(text)
                for p in todo:
                    got = runs.get(f"{libc}/{p}")
                    self.cache[(nonce, libc, p)] = (got[0], got[1]) if got else \
                        f"no result for {libc}/{p} on the host (tests/contract/harness.py)"
            for p in programs:
                v = self.cache[(nonce, libc, p)]
                if isinstance(v, str):
                    raise OracleError(v)
                out[f"{libc}/{p}"] = v
        return out


class OracleError(Exception):
    pass


def _status_text(status):
    if status is None or status < 0:
        return "unknown"
    if status & 0x7f:
        return f"killed by signal {status & 0x7f}"
    return f"exit status {status >> 8}"


def _runner_hint(status):
    """What exit status 126 or 127 of a frame without a setup line means."""
    if status is None or status < 0 or status & 0x7f or (status >> 8) not in (126, 127):
        return ""
    step = "set up" if status >> 8 == 126 else "execve"
    return (f" (user/runner.c exits {status >> 8} when it cannot {step} the program; its "
            "'#<key> setup' line, written on the same console before that, did not arrive)")


def _lines(text):
    """@text with each line's carriage returns at its end dropped: the serial line and
    the host's pseudo-terminal both turn "\n" into "\r\n", and the console reader
    (machine.py) strips them."""
    return "\n".join(line.rstrip("\r") for line in text.split("\n"))


def first_difference(want, got):
    """(line number, [context lines]) of the first line where @got differs from @want:
    a few lines of each side around it, numbered, the differing line marked with ">"."""
    a, b = want.split("\n"), got.split("\n")
    n = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    lo = max(0, n - 2)

    def side(name, lines):
        out = [f"{'>' if i == n else ' '}{name} {i + 1:>4}: {lines[i]}"
               for i in range(lo, min(len(lines), n + DIFF_LINES // 2))]
        return out if n < len(lines) else out + [f">{name} {n + 1:>4}: (no line: the output ends)"]
    return n + 1, side("linux", a) + side("larch", b)


def save_outputs(out_dir, ident, want, got):
    """Writes the expected (Linux) and actual (Larch) output of @ident under @out_dir;
    returns the two paths (None when there is no @out_dir)."""
    if out_dir is None:
        return None, None
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = ident.replace("/", "-")
    paths = out_dir / f"{stem}.expected.txt", out_dir / f"{stem}.actual.txt"
    paths[0].write_text(want)
    paths[1].write_text(got)
    return paths


def judge(test, reader, expected, out_dir=None):
    """(None, None, []) when every program of @test matched, else (reason, what was
    expected, context lines) for the first that did not. With @out_dir, a program whose
    status or output differs has both outputs written there (save_outputs), and the
    context names the files."""
    if reader is None or expected is None:
        return "no framed program output (the grader did not frame this boot)", \
            "framed output", []
    for program in test.programs:
        for libc in LIBCS:
            ident = f"{libc}/{program}"
            want_out, want_status = expected[ident]
            frame = reader.frames.get(ident)
            if frame is None:
                return (f"{ident}: no framed output: the user-mode runner never ran it",
                        f"'#<key> begin {ident}' from user/runner.c", [])
            if frame.setup:
                return (f"{ident}: the runner could not start it: {frame.setup}",
                        "the runner to set up and execve the program", [])
            if frame.status is None:
                return (f"{ident}: its frame never ended (the boot ended or the runner died "
                        "while it ran)", f"'#<key> end {ident}'", frame.lines[-DIFF_LINES:])
            got, want = _lines(frame.output), _lines(want_out)
            if frame.status == want_status and got == want:
                continue
            files = save_outputs(out_dir, ident, want, got)
            where = [f"full expected output: {files[0]}", f"full actual output:   {files[1]}"] \
                if files[0] else []
            if frame.status != want_status:
                return (f"{ident}: {_status_text(frame.status)}, on Linux "
                        f"{_status_text(want_status)}{_runner_hint(frame.status)}",
                        _status_text(want_status),
                        (["last lines of its output:"] + frame.lines[-DIFF_LINES:]
                         if got.strip() else ["it printed nothing"]) + where)
            line, ctx = first_difference(want, got)
            return (f"{ident}: output differs from Linux's at line {line}",
                    "the output the same binary printed on Linux with the same nonce",
                    ctx + where)
    return None, None, []
