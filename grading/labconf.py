"""grading/labconf.py — reading and checking labs/NN-name/lab.toml (schema: grading/README.md).

    labs = load_all(ROOT)                  # every lab, in order, hidden tests merged
    errors = validate_file(path)           # [] or "path: message" strings

A lab.toml describes a lab (id, title, status, the labs it requires) and its tests:
name, points, expected outcome (ok, panic or console), the machine it needs (memory,
CPUs, boot method, command-line words), the values to check, and timeouts.
Instructor-only tests live apart in grading/hidden/NN-name/tests.toml with the same
[[test]] tables; they are merged here and flagged hidden.
"""
import pathlib
import re
import tomllib
from dataclasses import dataclass, field

import attach
import expect
import fixtures
from checks import VAR_KINDS, validate_check, validate_template


def split_cmdline(cmdline):
    """Words of a kernel command line; a double-quoted part stays inside its word
    (`echo="larch x"` is one word, quotes kept, as GRUB and the kernel read it)."""
    words, word, quoted = [], "", False
    for c in cmdline or "":
        if c == '"':
            quoted = not quoted
        if c.isspace() and not quoted:
            if word:
                words.append(word)
            word = ""
        else:
            word += c
    if word:
        words.append(word)
    return words

LAB_ID = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$")
TEST_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
SIZE = re.compile(r"^(\d+)([KMGT]?)$")
STATUSES = ("ready", "not-built")
EXPECTS = ("ok", "panic", "console")
BOOTS = ("iso", "pvh")
RUNNERS = ("kernel", "user")
BUILTIN_VARS = ("mem_kib", "mem_mib", "smp", "now")
MACHINE_KEYS = ("mem", "smp", "boot", "cmdline", "modules")
TIMING_KEYS = ("timeout", "limit")
LAB_KEYS = ("id", "title", "status", "book", "requires", "runner", "summary", "milestones")
TIERS = ("default", "long")
HOST_KEYS = ("drives", "netdev", "fixtures", "checks", "session")   # later labs' needs
TEST_KEYS = ("name", "points", "milestone", "expect", "description", "values", "patterns",
             "console_patterns", "send", "runs", "tier") + HOST_KEYS + MACHINE_KEYS + TIMING_KEYS
# Keys of host-side verdicts (grading/verdict.py): `programs`, the contract programs
# (tests/contract/NN-name/<name>.c) a user-mode test runs, each with musl and glibc,
# compared on the host with the same binaries run on Linux; `trust = "self"`, an
# in-kernel test whose ok line the grader takes on the kernel's word (listed in the
# threat model of grading/README.md).
VERDICT_KEYS = ("programs", "trust")
TRUSTS = ("self",)
TEST_KEYS += VERDICT_KEYS
PROGRAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
DEFAULT_TIMEOUT = 10
DEFAULT_LIMIT = 120


def size_kib(text):
    """QEMU's -m size ("256M", "5G", "512" = MiB) in KiB."""
    m = SIZE.match(str(text).strip().upper())
    if not m:
        raise ValueError(f"bad memory size '{text}' (use e.g. 256M or 5G)")
    n, unit = int(m.group(1)), m.group(2) or "M"
    return n * {"K": 1, "M": 1024, "G": 1024 ** 2, "T": 1024 ** 3}[unit]


@dataclass
class Test:
    lab: str
    name: str
    points: int
    expect: str = "ok"
    description: str = ""
    values: dict = field(default_factory=dict)
    patterns: list = field(default_factory=list)
    console_patterns: list = field(default_factory=list)
    send: dict = None
    runs: list = field(default_factory=lambda: [{}])   # machine overrides, one per boot
    machine: dict = field(default_factory=dict)        # test-level machine keys
    timeout: float = DEFAULT_TIMEOUT
    limit: float = DEFAULT_LIMIT
    hidden: bool = False
    milestone: int = 1     # the milestone of its lab that makes it pass ([lab] milestones)
    programs: list = field(default_factory=list)   # contract programs (user-mode tests)
    trust: str = ""                                # "self": a KTEST taken on its word
    tier: str = "default"     # "long": only make test-long (GRADE_TIER=long) grades it
    drives: list = field(default_factory=list)       # grading/attach.py
    netdev: dict = None
    fixtures: list = field(default_factory=list)     # grading/fixtures.py
    checks: list = field(default_factory=list)
    session: dict = None                             # grading/expect.py

    @property
    def solo(self):
        """True when the test needs a boot of its own: a panic, or a host side."""
        return self.expect == "panic" or bool(self.drives or self.netdev is not None
                                              or self.fixtures or self.checks or self.session)


@dataclass
class Lab:
    id: str
    title: str
    status: str
    path: pathlib.Path
    book: str = ""
    requires: list = field(default_factory=list)
    runner: str = "kernel"
    defaults: dict = field(default_factory=dict)
    vars: dict = field(default_factory=dict)
    tests: list = field(default_factory=list)
    milestones: list = field(default_factory=list)     # their titles, in dependency order
    held: list = field(default_factory=list)  # a not-built lab's tests, kept out of `tests`

    @property
    def number(self):
        return int(self.id[:2])


# --- validation --------------------------------------------------------------------

def _check_machine(where, table, errors, names):
    if "mem" in table:
        for m in table["mem"] if isinstance(table["mem"], list) else [table["mem"]]:
            try:
                size_kib(m)
            except ValueError as e:
                errors.append(f"{where}: {e}")
        if isinstance(table["mem"], list) and not table["mem"]:
            errors.append(f"{where}: mem list is empty")
    if "smp" in table:
        smps = table["smp"] if isinstance(table["smp"], list) else [table["smp"]]
        if not smps or not all(isinstance(s, int) and 1 <= s <= 16 for s in smps):
            errors.append(f"{where}: smp must be an integer 1..16 or a list of them")
    if "boot" in table and table["boot"] not in BOOTS:
        errors.append(f"{where}: boot must be one of {', '.join(BOOTS)}")
    if "cmdline" in table:
        if not isinstance(table["cmdline"], str):
            errors.append(f"{where}: cmdline must be a string")
        else:
            errors += validate_template(f"{where}: cmdline", table["cmdline"], names)
            for word in split_cmdline(table["cmdline"]):
                if word.split("=")[0] in ("test", "lab"):
                    errors.append(f"{where}: cmdline may not set '{word.split('=')[0]}=' "
                                  "(the grader selects the tests)")
    if "modules" in table and not (isinstance(table["modules"], list)
                                   and all(isinstance(m, str) for m in table["modules"])):
        errors.append(f"{where}: modules must be a list of 'path[=name]' strings")
    for key in TIMING_KEYS:
        if key in table and not (isinstance(table[key], (int, float)) and table[key] > 0):
            errors.append(f"{where}: {key} must be a positive number of seconds")


def _check_host_keys(where, t, names, expect_kind):
    """drives, netdev, fixtures, checks, session: their own modules' rules."""
    present = [k for k in HOST_KEYS if k in t]
    if not present:
        return []
    if expect_kind != "ok":
        return [f"{where}: {', '.join(present)} belong to expect = \"ok\" tests"]
    fixture_names = {f.get("name") for f in t.get("fixtures", []) if isinstance(f, dict)}
    own = set(names) | fixtures.variable_names(t) | {"console", "log"}   # the boot's captures
    own |= {f"drive_{d.get('name')}" for d in t.get("drives", []) if isinstance(d, dict)}
    net = t.get("netdev") if isinstance(t.get("netdev"), dict) else {}
    own |= {f"port_{f.get('name')}" for f in net.get("hostfwd", []) if isinstance(f, dict)}
    return (attach.validate(where, t, fixture_names) + fixtures.validate(where, t, own)
            + expect.validate(where, t, own))


def _check_patterns(where, key, patterns, errors, names):
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        errors.append(f"{where}: {key} must be a list of regex strings")
        return []
    groups = []
    for p in patterns:
        errors += validate_template(f"{where}: {key}", p, names)
        try:
            groups += list(re.compile(re.sub(r"\$\{[^}]*\}", "x", p)).groupindex)
        except re.error as e:
            errors.append(f"{where}: {key}: bad regex /{p}/: {e}")
    return groups


def validate_data(data, where, lab_id=None, hidden=False):
    """Errors in a parsed lab.toml (or a hidden tests.toml when @hidden)."""
    errors = []
    allowed = ("test", "vars") if hidden else ("lab", "defaults", "vars", "test")
    for key in data:
        if key not in allowed:
            errors.append(f"{where}: unknown table or key '{key}' (allowed: {', '.join(allowed)})")
    lab = data.get("lab", {})
    status = "ready"
    if not hidden:
        if not isinstance(lab, dict) or not lab:
            return errors + [f"{where}: missing [lab] table"]
        for key in lab:
            if key not in LAB_KEYS:
                errors.append(f"{where}: [lab]: unknown key '{key}'")
        for key in ("id", "title", "status"):
            if key not in lab:
                errors.append(f"{where}: [lab]: missing '{key}'")
        if "id" in lab and not LAB_ID.match(str(lab["id"])):
            errors.append(f"{where}: [lab]: id '{lab['id']}' is not of the form NN-name")
        if lab_id and lab.get("id") not in (None, lab_id):
            errors.append(f"{where}: [lab]: id '{lab['id']}' does not match its folder '{lab_id}'")
        status = lab.get("status", "ready")
        if status not in STATUSES:
            errors.append(f"{where}: [lab]: status must be one of {', '.join(STATUSES)}")
        if lab.get("runner", "kernel") not in RUNNERS:
            errors.append(f"{where}: [lab]: runner must be one of {', '.join(RUNNERS)}")
        req = lab.get("requires", [])
        if not isinstance(req, list) or not all(isinstance(r, str) and LAB_ID.match(r) for r in req):
            errors.append(f"{where}: [lab]: requires must be a list of lab ids")
        elif "id" in lab and any(r >= lab["id"] for r in req):
            errors.append(f"{where}: [lab]: requires may name only earlier labs")
        ms = lab.get("milestones", [])
        if not isinstance(ms, list) or not all(isinstance(m, str) and m for m in ms) \
                or len(ms) > 6:
            errors.append(f"{where}: [lab]: milestones must be a list of at most 6 titles")
            ms = []
        n_milestones = len(ms)
    else:
        n_milestones = 0        # a hidden test may name one of its lab's (checked on loading)

    var_names = set(BUILTIN_VARS)
    for name, desc in data.get("vars", {}).items():
        var_names.add(name)
        kind = desc if isinstance(desc, str) else desc.get("kind") if isinstance(desc, dict) else None
        if kind not in VAR_KINDS:
            errors.append(f"{where}: [vars] {name}: kind must be one of {', '.join(VAR_KINDS)}")
        elif kind == "address" and not ({"min", "max"} <= set(desc)):
            errors.append(f"{where}: [vars] {name}: an address needs min and max")
        elif kind == "int" and not ({"min", "max"} <= set(desc)):
            errors.append(f"{where}: [vars] {name}: an int needs min and max")
        elif kind == "choice" and not isinstance(desc.get("of"), list):
            errors.append(f"{where}: [vars] {name}: a choice needs a list 'of'")

    defaults = data.get("defaults", {})
    for key in defaults:
        if key not in MACHINE_KEYS + TIMING_KEYS:
            errors.append(f"{where}: [defaults]: unknown key '{key}'")
    _check_machine(f"{where}: [defaults]", defaults, errors, var_names)

    tests = data.get("test", [])
    if not isinstance(tests, list):
        return errors + [f"{where}: tests are [[test]] tables"]
    seen = set()
    for i, t in enumerate(tests):
        w = f"{where}: test '{t.get('name', f'#{i + 1}')}'"
        for key in t:
            if key not in TEST_KEYS:
                errors.append(f"{w}: unknown key '{key}'")
        name = t.get("name")
        if not isinstance(name, str) or not TEST_NAME.match(name):
            errors.append(f"{w}: name must match [a-z][a-z0-9_]*")
        elif name in seen:
            errors.append(f"{w}: duplicate test name")
        seen.add(name)
        if not isinstance(t.get("points"), int) or isinstance(t.get("points"), bool) \
                or t["points"] < 0:
            errors.append(f"{w}: points must be a non-negative integer")
        if t.get("tier", "default") not in TIERS:
            errors.append(f"{w}: tier must be one of {', '.join(TIERS)}")
        expect = t.get("expect", "ok")
        if expect not in EXPECTS:
            errors.append(f"{w}: expect must be one of {', '.join(EXPECTS)}")
        if "milestone" in t or n_milestones:
            m, top = t.get("milestone"), n_milestones or 6
            if not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= top:
                errors.append(f"{w}: milestone must be a number from 1 to {top} "
                              "(one of [lab] milestones)")
        _check_machine(w, t, errors, var_names)
        groups = _check_patterns(w, "patterns", t.get("patterns", []), errors, var_names)
        groups += _check_patterns(w, "console_patterns", t.get("console_patterns", []),
                                  errors, var_names)
        errors += _check_host_keys(w, t, var_names, expect)
        if expect in ("panic", "console") and not t.get("patterns"):
            errors.append(f"{w}: expect = \"{expect}\" needs patterns")
        if expect == "ok" and (t.get("patterns") or t.get("console_patterns")):
            errors.append(f"{w}: patterns belong to expect = \"panic\" or \"console\" tests")
        values = t.get("values", {})
        if not isinstance(values, dict):
            errors.append(f"{w}: values must be a table of checks")
            values = {}
        for key, check in values.items():
            errors += [f"{w}: {e}" for e in validate_check(key, check, var_names)]
        if expect != "ok":
            for key in values:
                if key not in groups:
                    errors.append(f"{w}: value '{key}' is not a named group (?P<{key}>...) "
                                  "of its patterns")
        send = t.get("send")
        if send is not None:
            if not isinstance(send, dict) or set(send) != {"after", "text"}:
                errors.append(f"{w}: send must be {{ after = \"regex\", text = \"...\" }}")
            else:
                errors += validate_template(f"{w}: send.text", send["text"], var_names)
                try:
                    re.compile(send["after"])
                except re.error as e:
                    errors.append(f"{w}: send.after: bad regex: {e}")
        errors += _check_verdict_keys(w, t, data.get("lab", {}), hidden)
        runs = t.get("runs", [{}])
        if not isinstance(runs, list) or not runs or not all(isinstance(r, dict) for r in runs):
            errors.append(f"{w}: runs must be a non-empty list of machine tables")
        else:
            for j, r in enumerate(runs):
                for key in r:
                    if key not in MACHINE_KEYS:
                        errors.append(f"{w}: runs[{j}]: unknown key '{key}'")
                _check_machine(f"{w}: runs[{j}]", r, errors, var_names)
    return errors


def _variables_used(t):
    """The ${...} variable names of a test's checks, patterns, input and command line."""
    text = " ".join(str(x) for x in (t.values, t.patterns, t.console_patterns, t.send,
                                     t.machine.get("cmdline", "")))
    return set(re.findall(r"\$\{\s*([A-Za-z_][A-Za-z0-9_]*)", text))


def trust_errors(labs):
    """The course's rule (validate.py checks the tree with it): every test is judged on
    the host (`programs`), or checks a value derived from one the grader draws for the
    boot ([vars], passed on the command line), or says trust = "self"."""
    errors = []
    for lab in labs:
        drawn = set(lab.vars)
        for t in lab.tests:
            if not t.programs and not t.trust and not (_variables_used(t) & drawn):
                errors.append(f"{lab.path}/lab.toml: test '{t.name}': nothing it reports "
                              "depends on a value the grader draws ([vars], on the command "
                              "line): check one, or say trust = \"self\" (grading/README.md, "
                              "threat model)")
    return errors


def _check_verdict_keys(where, t, lab, hidden):
    errors = []
    programs = t.get("programs")
    if programs is not None:
        if not (isinstance(programs, list) and programs
                and all(isinstance(p, str) and PROGRAM_NAME.match(p) for p in programs)):
            errors.append(f"{where}: programs must be a non-empty list of program names")
        elif len(set(programs)) != len(programs):
            errors.append(f"{where}: programs lists a name twice")
        if t.get("expect", "ok") != "ok":
            errors.append(f"{where}: programs belong to expect = \"ok\" tests")
        if not hidden and lab.get("runner", "kernel") != "user":
            errors.append(f"{where}: programs need runner = \"user\" in [lab]")
    if "trust" in t:
        if t["trust"] not in TRUSTS:
            errors.append(f"{where}: trust must be one of {', '.join(TRUSTS)}")
        if programs is not None:
            errors.append(f"{where}: a test with programs is judged on the host, never on "
                          "trust")
    return errors


STRESS_RUN = re.compile(r"^(?P<stem>[a-z][a-z0-9_]*)_(?P<seconds>[0-9]+)s$")


def contract_sources(root, names=()):
    """{program name: path} of tests/contract/NN-name/<name>.c under @root, and of those
    @names that name a stress run: NAME_Ns is tests/contract/NN-name/stress/NAME.c run
    for N seconds (tests/contract/harness.py, stress_runs)."""
    root = pathlib.Path(root)
    out = {p.stem: p for p in sorted(root.glob("tests/contract/[0-9][0-9]-*/*.c"))}
    for name in names:
        m = STRESS_RUN.match(name)
        for p in sorted(root.glob(f"tests/contract/[0-9][0-9]-*/stress/{m.group('stem')}.c")
                        if m else []):
            out[name] = p
    return out


def _check_programs_exist(path, data, root):
    tests = data.get("test", []) if isinstance(data.get("test"), list) else []
    known = contract_sources(root, [p for t in tests for p in t.get("programs", [])
                                    if isinstance(t.get("programs"), list) and isinstance(p, str)])
    errors = []
    for t in data.get("test", []) if isinstance(data.get("test"), list) else []:
        for p in t.get("programs", []) if isinstance(t.get("programs"), list) else []:
            if isinstance(p, str) and p not in known:
                errors.append(f"{path}: test '{t.get('name')}': program '{p}' is not in "
                              "tests/contract/NN-name/ (nor NAME_Ns of NN-name/stress/NAME.c)")
    return errors


def _read(path):
    try:
        return tomllib.loads(pathlib.Path(path).read_text()), []
    except tomllib.TOMLDecodeError as e:
        return None, [f"{path}: not valid TOML: {e}"]
    except OSError as e:
        return None, [f"{path}: {e.strerror}"]


def validate_file(path, hidden=False):
    path = pathlib.Path(path)
    data, errors = _read(path)
    if data is None:
        return errors
    lab_id = path.parent.name if not hidden else None
    errors = validate_data(data, str(path), lab_id=lab_id, hidden=hidden)
    root = path.resolve().parents[3 if hidden else 2]
    return errors + _check_programs_exist(path, data, root)


def lab_files(root):
    """labs/*/lab.toml under @root, in lab order."""
    return sorted(p for p in (pathlib.Path(root) / "labs").glob("*/lab.toml")
                  if LAB_ID.match(p.parent.name))


def hidden_files(root):
    return sorted((pathlib.Path(root) / "grading" / "hidden").glob("*/tests.toml"))


# --- loading -----------------------------------------------------------------------

def _make_test(lab_id, t, defaults, hidden):
    timing = {k: t.get(k, defaults.get(k)) for k in TIMING_KEYS}
    return Test(lab=lab_id, name=t["name"], points=t["points"], expect=t.get("expect", "ok"),
                description=t.get("description", ""), values=t.get("values", {}),
                patterns=t.get("patterns", []), console_patterns=t.get("console_patterns", []),
                send=t.get("send"), runs=t.get("runs", [{}]),
                machine={k: t[k] for k in MACHINE_KEYS if k in t},
                timeout=timing["timeout"] or DEFAULT_TIMEOUT,
                limit=timing["limit"] or DEFAULT_LIMIT, hidden=hidden,
                milestone=t.get("milestone", 1),
                programs=list(t.get("programs", [])), trust=t.get("trust", ""),
                tier=t.get("tier", "default"), drives=t.get("drives", []),
                netdev=t.get("netdev"), fixtures=t.get("fixtures", []),
                checks=t.get("checks", []), session=t.get("session"))


class ConfigError(Exception):
    pass


def load_all(root, preview=()):
    """Every lab under @root/labs with its hidden tests merged; raises ConfigError
    listing every problem when a file does not validate.

    A lab whose status is "not-built" has its tests written and validated, but they wait
    in `held` (its `tests` is empty: every consumer sees a lab without tests, as before its
    lab.toml had any) unless its id is in @preview ("all": every such lab): `make grade
    LAB=04-clone` grades it on demand while its kernel side is being written. Changing
    the status to "ready" is then the only edit that makes its tests count."""
    root = pathlib.Path(root)
    labs, errors = [], []
    for path in lab_files(root):
        errors += validate_file(path)
        data, _ = _read(path)
        if data is None or errors:
            continue
        lab = data["lab"]
        defaults = data.get("defaults", {})
        labs.append(Lab(id=lab["id"], title=lab["title"], status=lab["status"],
                        path=path.parent, book=lab.get("book", ""),
                        requires=lab.get("requires", []), runner=lab.get("runner", "kernel"),
                        defaults=defaults, vars=dict(data.get("vars", {})),
                        milestones=list(lab.get("milestones", [])),
                        tests=[_make_test(lab["id"], t, defaults, False)
                               for t in data.get("test", [])]))
    by_id = {lab.id: lab for lab in labs}
    for path in hidden_files(root):
        errors += validate_file(path, hidden=True)
        data, _ = _read(path)
        lab = by_id.get(path.parent.name)
        if lab is None:
            errors.append(f"{path}: no lab '{path.parent.name}' under labs/")
        if data is None or lab is None or errors:
            continue
        lab.vars.update(data.get("vars", {}))
        lab.tests += [_make_test(lab.id, t, lab.defaults, True) for t in data.get("test", [])]
    names = {}
    for lab in labs:
        for t in lab.tests:
            if t.name in names:
                errors.append(f"test '{t.name}' is in both {names[t.name]} and {lab.id} "
                              "(test names are unique across labs)")
            names[t.name] = lab.id
    if errors:
        raise ConfigError("\n".join(errors))
    for lab in labs:
        if lab.status == "not-built" and preview != "all" and lab.id not in preview:
            lab.held, lab.tests = lab.tests, []
    return labs
