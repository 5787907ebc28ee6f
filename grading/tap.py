"""grading/tap.py — reading the TAP 14 stream that a test runner prints on the console.

The in-kernel runner (kernel/test/ktest.cc) and, from lab 03 on, the user-mode runner
print:

    TAP version 14
    1..3
    # running memory_map (01-boot)
    # value usable_kib=261627
    ok 1 - memory_map
    # running cpu_count (01-boot)
    not ok 2 - cpu_count # only 1 of 2 CPUs came online
    # unknown test 'typo'
    # 1 passed, 2 failed

parse_line() classifies one line; TapStream follows a whole run and remembers which
test is running, the values each test reported and each result. Lines that are not
TAP (the boot banner) are kept as "other"; lines that start like TAP but are broken
("ok x - a", "1..", "not ok") are "malformed" and never count as a result.
"""
import re
from dataclasses import dataclass, field

_VERSION = re.compile(r"^TAP version (\d+)\s*$")
_PLAN = re.compile(r"^1\.\.(\d+)(?:\s*#\s*(.*))?\s*$")
_RESULT = re.compile(r"^(not ok|ok)\b(.*)$")
_RESULT_REST = re.compile(r"^\s+(\d+)(?:\s+-)?(?:\s+(.*?))?\s*$")
_RUNNING = re.compile(r"^#\s*running\s+(\S+)(?:\s+\(([^)]*)\))?\s*$")
_VALUE = re.compile(r"^#\s*value\s+([A-Za-z_][A-Za-z0-9_.]*)=(.*?)\s*$")
_UNKNOWN = re.compile(r"^#\s*unknown test '([^']*)'\s*$")
_SUMMARY = re.compile(r"^#\s*(\d+) passed, (\d+) failed\s*$")
_BAIL = re.compile(r"^Bail out!\s*(.*?)\s*$")
_DIRECTIVE = re.compile(r"^(SKIP|TODO)\b\s*(.*)$", re.IGNORECASE)


@dataclass
class Line:
    """One classified console line. kind is one of: version, plan, running, value,
    result, unknown_test, summary, bail, comment, yaml, other, malformed."""
    kind: str
    text: str
    number: int = 0          # version, plan count, result number
    name: str = ""           # running / result / unknown_test: the test's name
    lab: str = ""            # running: the lab id in parentheses
    key: str = ""            # value
    value: str = ""          # value
    ok: bool = False         # result
    reason: str = ""         # result: text after " # ", bail: the reason
    directive: str = ""      # result: "SKIP" or "TODO"


def _split_description(rest):
    """'name # reason' -> (name, reason); '\\#' stays a literal '#' in the name."""
    name, reason, i = [], None, 0
    while i < len(rest):
        c = rest[i]
        if c == "\\" and i + 1 < len(rest) and rest[i + 1] == "#":
            name.append("#")
            i += 2
            continue
        if c == "#" and (i == 0 or rest[i - 1] in " \t"):
            reason = rest[i + 1:].strip()
            break
        name.append(c)
        i += 1
    return "".join(name).strip(), reason


def parse_line(text):
    """Classifies one console line (without its line ending)."""
    text = text.rstrip("\r\n")
    if text.startswith((" ", "\t")):
        # Indented: a TAP 14 subtest or a YAML diagnostic block; never a top-level result.
        return Line("yaml", text)
    m = _VERSION.match(text)
    if m:
        return Line("version", text, number=int(m.group(1)))
    if text.startswith("1.."):
        m = _PLAN.match(text)
        return Line("plan", text, number=int(m.group(1))) if m else Line("malformed", text)
    m = _RESULT.match(text)
    if m and (m.group(2) == "" or m.group(2)[0] in " \t"):
        r = _RESULT_REST.match(m.group(2))
        if not r or not r.group(2):
            return Line("malformed", text)
        name, reason = _split_description(r.group(2))
        if not name:
            return Line("malformed", text)
        line = Line("result", text, number=int(r.group(1)), name=name,
                    ok=m.group(1) == "ok", reason=reason or "")
        d = _DIRECTIVE.match(line.reason)
        if d:
            line.directive, line.reason = d.group(1).upper(), d.group(2)
        return line
    m = _BAIL.match(text)
    if m:
        return Line("bail", text, reason=m.group(1))
    if text.startswith("#"):
        for pattern, kind in ((_RUNNING, "running"), (_VALUE, "value"),
                              (_UNKNOWN, "unknown_test"), (_SUMMARY, "summary")):
            m = pattern.match(text)
            if not m:
                continue
            if kind == "running":
                return Line(kind, text, name=m.group(1), lab=m.group(2) or "")
            if kind == "value":
                return Line(kind, text, key=m.group(1), value=m.group(2))
            if kind == "unknown_test":
                return Line(kind, text, name=m.group(1))
            return Line(kind, text, number=int(m.group(1)))
        if text.startswith("# value") or text.startswith("# running"):
            return Line("malformed", text)
        return Line("comment", text)
    return Line("other", text)


@dataclass
class TestRecord:
    """What the stream says about one test."""
    name: str
    values: dict = field(default_factory=dict)
    value_times: dict = field(default_factory=dict)   # key -> host time it arrived
    result: Line = None          # the ok / not ok line, None while running or never run
    first_line: int = 0          # index into TapStream.lines of "# running" (or result)
    last_line: int = 0


class TapStream:
    """Follows one boot's console: feed() it line by line."""

    def __init__(self):
        self.lines = []          # every console line, in order
        self.started = False     # "TAP version" seen
        self.plan = None
        self.current = None      # the TestRecord running now
        self.tests = {}          # name -> TestRecord
        self.order = []          # names in the order they started
        self.unknown = []        # names the runner said it does not know
        self.bail = None
        self.summary = None
        self.malformed = []

    def feed(self, text, now=0.0):
        line = parse_line(text)
        index = len(self.lines)
        self.lines.append(line.text)
        if line.kind == "version":
            self.started = True
        elif not self.started:
            return line                      # the banner before the runner: not TAP yet
        if line.kind == "plan":
            self.plan = line.number
        elif line.kind == "running":
            self.current = self._record(line.name, index)
        elif line.kind == "value" and self.current is not None:
            self.current.values[line.key] = line.value
            self.current.value_times[line.key] = now
            self.current.last_line = index
        elif line.kind == "result":
            rec = self.current if self.current and self.current.name == line.name \
                else self._record(line.name, index)
            rec.result = line
            rec.last_line = index
            self.current = None
        elif line.kind == "unknown_test":
            self.unknown.append(line.name)
        elif line.kind == "summary":
            self.summary = line
        elif line.kind == "bail":
            self.bail = line.reason or "no reason given"
        elif line.kind == "malformed":
            self.malformed.append(line.text)
        if self.current is not None:
            self.current.last_line = index
        return line

    def _record(self, name, index):
        if name not in self.tests:
            self.tests[name] = TestRecord(name, first_line=index, last_line=index)
            self.order.append(name)
        return self.tests[name]

    def banner(self):
        """The console text before the runner started (the boot banner)."""
        out = []
        for text in self.lines:
            if _VERSION.match(text):
                break
            out.append(text)
        return "\n".join(out)
