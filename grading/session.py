"""grading/session.py — one boot with a batch of tests, and what it says about each test.

A Session is the listener machine.boot() calls while QEMU runs: it feeds the console
to a TapStream, answers "# waiting for input" with the token the grader chose, and
tells the machine when to give up (the runner never started; a test printed nothing
for its progress timeout; a test ran past its hard limit). After the boot, judge()
turns the stream and the way the boot ended into one Outcome per test:

    pass / fail     decided (with the reason, the expectation and ~15 lines of context)
    pending         never reached in this boot: the grader boots again for it

Tests of three kinds (lab.toml `expect`):
    ok       the runner prints ok/not ok; the grader then checks the reported values
    panic    alone in its boot; the kernel must panic, and the log must match patterns
    console  patterns over the boot banner (the console before "TAP version")
"""
import re
import time
from dataclasses import dataclass, field

import verdict
from checks import check_value
from expect import Script
from tap import TapStream

CONTEXT_LINES = 15
_PANIC_LOG = re.compile(r"kernel panic on cpu (\d+): (.*)")
_PANIC_CONSOLE = re.compile(r"^kernel panic: (.*)")
_PROGRESS = re.compile(r"^# progress (\d+)/(\d+)\b")
MAX_PROGRESS_STEPS = 1000
# Kernel log lines a failing test shows from its window: system calls the kernel does
# not implement, faults and exceptions, signals that killed a process, panics, init's
# end, and every warning or error (the "[   time] W " prefix of kernel/lib/klog).
_LOG_MATTERS = re.compile(r"not implemented|fault|exception|killed by signal|panic|"
                          r"init \(pid 1\) ended|^\[\s*[\d.]+\] [WE] ")
LOG_MATTER_LINES = 12


@dataclass
class Outcome:
    status: str                        # pass | fail | pending
    reason: str = ""
    expected: str = ""
    context: list = field(default_factory=list)   # ("console"|"log", [lines])
    values: dict = field(default_factory=dict)
    kernel_log: list = field(default_factory=list)  # the lines of its window that matter
    shared: bool = False    # a cause of the whole boot (the runner never started, ...):
                            # the report names it once with the tests it blocked


class Session:
    def __init__(self, tests, variables, scale, runner_timeout, frames=None, expected=None,
                 oracle_error="", diff_dir=None):
        self.tests = {t.name: t for t in tests}
        # User-mode tests with `programs`: the framed output (verdict.FrameReader), what
        # the same binaries printed on the host (verdict.Oracle), or why that failed.
        self.frames, self.expected, self.oracle_error = frames, expected, oracle_error
        self.diff_dir = diff_dir        # where a differing program's outputs are written
        self.vars = variables
        self.scale = scale
        self.runner_timeout = runner_timeout * scale
        self.runner_limit = max([t.limit for t in tests] + [runner_timeout]) * scale
        self.tap = TapStream()
        self.log = []
        # A test's window of the kernel log. COM1 and COM2 are read apart, so the order
        # of two lines on different ports is known only up to one read of both (machine.py
        # passes the same `now` to every line of one read): a COM2 line belongs to every
        # test that was running or printed on COM1 in the read that brought it.
        self.log_owners = []            # per self.log line: the set of tests it may be of
        self.last_started = None        # the test of the last "# running" line
        self.log_start = {}             # test -> len(self.log) at its "# running" line
        self._read = None, set()        # (now of the current read, its tests so far)
        self.panic = None               # the kernel's panic message, once seen
        self.start = time.monotonic()
        self.test_started = {}          # name -> monotonic time of "# running"
        self.sent = []                  # (test, text) the grader typed on COM1
        self.progress = {}              # test -> (step, steps): "# progress N/M" lines
        self.scripts, self.script_errors = {}, {}   # lab.toml sessions (grading/expect.py)
        for t in tests:
            if getattr(t, "session", None):
                try:
                    self.scripts[t.name] = Script(t, variables, scale)
                except OSError as e:
                    self.script_errors[t.name] = str(e)

    # --- the listener interface of machine.boot() ------------------------------------

    def on_start(self, now):
        """QEMU is about to start: the runner's deadline counts from here. Building the
        ISO comes before and is not the guest's time (on a loaded machine it took most
        of lab 01's 10 s, and boots ended "the runner never started" with nothing shown)."""
        self.start = now

    def on_console(self, text, now):
        if self.frames is not None and self.frames.feed(text):
            return None                 # a frame line or a program's output: never TAP
        line = self.tap.feed(text, now=time.time())
        if line.kind == "running":
            self.test_started[line.name] = now
            self.last_started = line.name
            self.log_start[line.name] = len(self.log)
        self._active(now).update(n for n in (line.name, self.last_started) if n)
        m = _PANIC_CONSOLE.match(text)
        if m and self.panic is None:
            self.panic = m.group(1)
        cur = self.tap.current
        test = self.tests.get(cur.name) if cur else None
        if test:
            self._note_progress(test.name, text)
        if test and test.name in self.scripts:
            reply = self.scripts[test.name].feed(text)
            if reply:
                self.sent.append((test.name, reply.decode()))
            return reply
        if test and test.send and re.search(test.send["after"], text):
            reply = self.vars.render(test.send["text"])
            self.sent.append((test.name, reply))
            return reply.encode()
        return None

    def on_log(self, text, now):
        self.log.append(text)
        self.log_owners.append(set(self._active(now)))
        m = _PANIC_LOG.search(text)
        if m:
            self.panic = m.group(2)

    def _active(self, now):
        """The tests of the read at @now: the one running when it began, then every test
        a COM1 line of it named."""
        if self._read[0] != now:
            self._read = now, {self.last_started} - {None}
        return self._read[1]

    def _note_progress(self, name, text):
        """Counts a "# progress N/M" line when N grows toward a fixed M (at most
        MAX_PROGRESS_STEPS steps); any other progress line ends the test's claim."""
        m = _PROGRESS.match(text)
        if not m:
            return
        n, total = int(m.group(1)), int(m.group(2))
        before = self.progress.get(name, (0, total))
        if before is None or total != before[1] or not before[0] < n <= total \
                or total > MAX_PROGRESS_STEPS:
            self.progress[name] = None
        else:
            self.progress[name] = (n, total)

    def deadline(self, now, last_output):
        if not self.tap.started:
            # A progress timeout like the tests' (a loaded host boots slowly but the
            # kernel log keeps moving), and the tests' hard limit for reaching TAP.
            t = self.runner_timeout
            return min((last_output + t, "no-runner", f"the test runner never started: no "
                        f"output on either serial port for {t:g} s before 'TAP version'"),
                       (self.start + self.runner_limit, "no-runner", f"the test runner never "
                        f"started: no 'TAP version' line within {self.runner_limit:g} s"))
        cur = self.tap.current
        test = self.tests.get(cur.name) if cur else None
        if test is None:
            t = self.runner_timeout
            return (last_output + t, "timeout", f"no output on either serial port for {t:g} s "
                    "between tests")
        progress = test.timeout * self.scale
        limit = test.limit * self.scale
        started = self.test_started.get(test.name, now)
        stalled = (last_output + progress, "timeout",
                   f"no output on either serial port for {progress:g} s while {test.name} ran")
        if self.progress.get(test.name):
            # A test that counts its steps toward a fixed total cannot run forever: its
            # progress timeout bounds each step, so no wall-clock limit measures the host.
            return stalled
        return min(stalled, (started + limit, "limit", f"{test.name} ran longer than its limit "
                             f"of {limit:g} s"))

    # --- after the boot ----------------------------------------------------------------

    def end_reason(self, end):
        """Why the boot ended, in words, with the panic message when there was one."""
        if end.kind == "exit" and end.code == "PANIC":
            return f"kernel panic: {self.panic}" if self.panic else "kernel panic"
        return end.detail

    def _console_context(self, first, last):
        lines = self.tap.lines[max(first, last + 1 - CONTEXT_LINES):last + 1]
        return ("console", lines)

    def _log_tail(self, pattern=None):
        if pattern is not None:
            for i, text in enumerate(self.log):
                if re.search(pattern, text):
                    lo = max(0, i - CONTEXT_LINES // 2)
                    return ("kernel log", self.log[lo:lo + CONTEXT_LINES])
        return ("kernel log", self.log[-CONTEXT_LINES:])

    def log_matters(self, name):
        """The kernel log lines that matter (_LOG_MATTERS) from @name's window: the lines
        of the reads from its "# running" line to the next test's (the whole boot for
        name None). A "not implemented" line is printed once per boot, so one from
        earlier in the boot counts too. At most LOG_MATTER_LINES, then a count."""
        start = self.log_start.get(name, len(self.log))
        end = next((i for i in range(start, len(self.log)) if name is not None
                    and name not in self.log_owners[i]), len(self.log))
        lines = []
        for i, (owners, text) in enumerate(zip(self.log_owners, self.log)):
            mine = name is None or name in owners
            if _LOG_MATTERS.search(text) and (mine or ("not implemented" in text and i < end)):
                lines.append(text)
        if len(lines) > LOG_MATTER_LINES:
            more = len(lines) - LOG_MATTER_LINES
            lines = lines[:LOG_MATTER_LINES] + [f"... and {more} more such line"
                                                f"{'s' if more != 1 else ''}"]
        return lines

    def judge(self, end):
        """{test name: Outcome} for every test of this boot; a failure carries the
        kernel log lines of its window that matter."""
        out = {}
        for name, test in self.tests.items():
            if test.expect == "panic":
                out[name] = self._judge_panic(test, end)
            elif test.expect == "console":
                out[name] = self._judge_console(test, end)
            else:
                out[name] = self._judge_ok(test, end)
            if out[name].status != "pass":
                whole = out[name].shared or test.expect == "console"   # the banner's test
                out[name].kernel_log = self.log_matters(None if whole else name)
        return out

    def _judge_ok(self, test, end):
        rec = self.tap.tests.get(test.name)
        clean_end = end.kind == "exit" and end.code in ("PASS", "FAIL")
        if test.name in self.tap.unknown:
            return Outcome("fail", f"unknown test: the kernel has no test named {test.name}",
                           "the test to exist and pass")
        if rec is None or rec.result is None:
            if end.kind == "no-runner":
                return Outcome("fail", end.detail, "the test runner to start",
                               [("console", self.tap.lines[-CONTEXT_LINES:]), self._log_tail()],
                               shared=True)
            if rec is not None:        # it was running when the boot ended
                return Outcome("fail", f"the boot ended while it ran: {self.end_reason(end)}",
                               "an ok line",
                               [self._console_context(rec.first_line, len(self.tap.lines) - 1),
                                self._log_tail()], dict(rec.values))
            if self.tap.bail:
                return Outcome("fail", f"the runner bailed out: {self.tap.bail}", "an ok line",
                               shared=True)
            if clean_end:
                return Outcome("fail", "the runner finished without running it", "an ok line",
                               [("console", self.tap.lines[-CONTEXT_LINES:])], shared=True)
            return Outcome("pending", self.end_reason(end))
        context = [self._console_context(rec.first_line, rec.last_line)]
        if test.programs:
            guest = rec.result.reason if not rec.result.ok else ""
            return self._judge_programs(test, context, dict(rec.values), guest)
        line = rec.result
        if line.directive == "SKIP":
            return Outcome("fail", f"skipped: {line.reason or 'no reason given'}", "an ok line",
                           context, dict(rec.values))
        if not line.ok or line.directive == "TODO":
            return Outcome("fail", f"not ok: {line.reason or 'no reason given'}", "ok",
                           context, dict(rec.values))
        for key, check in test.values.items():
            variables = self.vars.with_values(now=int(rec.value_times.get(key, time.time())))
            problem = check_value(key, rec.values.get(key), check, variables)
            if problem:
                return Outcome("fail", "wrong value: " + problem[0], problem[1],
                               context, dict(rec.values))
        if test.name in self.script_errors:
            return Outcome("fail", self.script_errors[test.name], "the host side of the session")
        if test.name in self.scripts:
            problem = self.scripts[test.name].verdict()
            if problem:
                return Outcome("fail", problem[0], str(problem[1]),
                               context + [("session output", problem[2])], dict(rec.values))
        return Outcome("pass", values=dict(rec.values))

    def _judge_programs(self, test, context, values, guest_reason=""):
        """A user-mode test: the grader's own comparison of every framed program output
        with the host's (grading/verdict.py); the runner's ok line is not a verdict, but
        the reason of its not ok line is shown (it may say why nothing ran)."""
        if self.oracle_error:
            return Outcome("fail", f"the host oracle failed: {self.oracle_error}",
                           "expected outputs from the Linux host", context, values)
        if guest_reason and self.frames is not None and self.expected is not None and \
                not any(f"{libc}/{p}" in self.frames.frames
                        for p in test.programs for libc in verdict.LIBCS):
            # No program of the test ran, and the guest says why (init could not start
            # the runner, ...): that cause is the boot's, shared by every such test.
            return Outcome("fail", guest_reason, "the user-mode runner to run the test's "
                           "programs", [self._log_tail()], values, shared=True)
        reason, expected, lines = verdict.judge(test, self.frames, self.expected,
                                                self.diff_dir)
        if reason and guest_reason:
            reason += f" (the guest said: {guest_reason})"
        if reason:
            return Outcome("fail", reason, expected,
                           [("program output", lines)] if lines else context, values)
        return Outcome("pass", values=values)

    def _match(self, test, patterns, text, where):
        """(values from named groups, None) or (values, the first pattern not found)."""
        values = {}
        for p in patterns:
            regex = self.vars.render(p, escape=True)
            m = re.search(regex, text, re.MULTILINE)
            if not m:
                return values, f"/{regex}/ in the {where}"
            values.update({k: v for k, v in m.groupdict().items() if v is not None})
        return values, None

    def _check_values(self, test, values):
        for key, check in test.values.items():
            problem = check_value(key, values.get(key), check, self.vars.with_values(
                now=int(time.time())))
            if problem:
                return problem
        return None

    def _judge_console(self, test, end):
        text = self.tap.banner() if self.tap.started else "\n".join(self.tap.lines)
        values, missing = self._match(test, test.patterns, text, "console")
        context = [("console", text.splitlines()[-CONTEXT_LINES:])]
        if missing:
            ended = "" if end.kind == "exit" and end.code in ("PASS", "FAIL") else \
                f" (the boot ended: {self.end_reason(end)})"
            return Outcome("fail", "the console does not show what it should" + ended, missing,
                           context, values)
        problem = self._check_values(test, values)
        if problem:
            return Outcome("fail", "wrong value: " + problem[0], problem[1], context, values)
        return Outcome("pass", values=values)

    def _judge_panic(self, test, end):
        rec = self.tap.tests.get(test.name)
        log_text = "\n".join(self.log)
        if test.name in self.tap.unknown:
            return Outcome("fail", f"unknown test: the kernel has no test named {test.name}",
                           "the test to exist and end in a panic report")
        if end.kind == "no-runner" or not self.tap.started:
            why = end.detail if end.kind == "no-runner" else self.end_reason(end)
            if not why.startswith("the test runner never started"):
                why = f"the test runner never started: {why}"
            return Outcome("fail", why,
                           "the runner to start the test", [self._log_tail()], shared=True)
        if rec is None:
            return Outcome("fail", f"the test never started ({self.end_reason(end)})",
                           f"'# running {test.name}'",
                           [("console", self.tap.lines[-CONTEXT_LINES:]), self._log_tail()])
        context = [self._console_context(rec.first_line, len(self.tap.lines) - 1)]
        if rec.result is not None:
            return Outcome("fail", f"the test returned ({'ok' if rec.result.ok else 'not ok'})"
                           " instead of panicking", "a kernel panic with a fault report",
                           context + [self._log_tail()])
        if not (end.kind == "exit" and end.code == "PANIC"):
            return Outcome("fail", self.end_reason(end),
                           "a kernel panic report (EXIT_CODE_PANIC)", context + [self._log_tail()])
        values, missing = self._match(test, test.patterns, log_text, "kernel log")
        if missing:
            return Outcome("fail", "the panic report lacks an expected line", missing,
                           [self._log_tail()], values)
        more, missing = self._match(test, test.console_patterns,
                                    "\n".join(self.tap.lines), "console")
        values.update(more)
        if missing:
            return Outcome("fail", "the console lacks an expected line", missing,
                           context, values)
        problem = self._check_values(test, values)
        if problem:
            first = test.patterns[0] if test.patterns else None
            return Outcome("fail", "wrong value in the report: " + problem[0], problem[1],
                           [self._log_tail(self.vars.render(first, escape=True) if first else None)],
                           values)
        return Outcome("pass", values=values)
