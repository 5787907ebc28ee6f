"""grading/plan.py — which tests share a boot.

Every test has one or more runs (lab.toml `runs`, default one); a run's machine is the
lab's [defaults], then the test's own keys, then the run's. Where a value is a list
(mem = ["192M", "320M"]) the grader picks one, once per grading run for the same list,
so tests that ask for "the lab's usual machine" get the same one and share a boot.

Runs of `ok` and `console` tests with the same machine (memory, CPUs, boot method,
modules) go into one batch when their command-line words agree (cmdline_echo's
echo=${token} joins the others); each `panic` run, and each run of a test with a host
side (drives, netdev, fixtures, checks, a session), gets a boot of its own.
"""
import random
from dataclasses import dataclass, field

from labconf import size_kib, split_cmdline


@dataclass
class Machine:
    mem: str
    smp: int
    boot: str = "iso"
    modules: tuple = ()

    @property
    def mem_kib(self):
        return size_kib(self.mem)

    def describe(self):
        return f"{self.mem}, {self.smp} CPU{'s' if self.smp != 1 else ''}" + \
            (", PVH" if self.boot == "pvh" else "")


@dataclass
class Run:
    test: object          # labconf.Test
    index: int            # which of the test's runs
    machine: Machine
    words: dict           # command-line words this run needs: key -> template


@dataclass
class Batch:
    lab: str
    machine: Machine
    runs: list = field(default_factory=list)
    words: dict = field(default_factory=dict)

    @property
    def panic(self):
        return any(r.test.expect == "panic" for r in self.runs)

    @property
    def solo(self):
        return any(r.test.solo for r in self.runs)


class Chooser:
    """Picks one value from each list, the same one for the same list.

    A pick depends only on the seed drawn from @rng and on the list itself, not on the
    order of the picks: `make grade TEST=x GRADE_SEED=s` boots x on the machine it had in
    the run with every test."""

    def __init__(self, rng):
        self.base, self.memo = rng.getrandbits(64), {}

    def pick(self, key, value):
        if not isinstance(value, list):
            return value
        memo_key = (key, tuple(value))
        if memo_key not in self.memo:
            rng = random.Random(f"{self.base}:{key}:{value!r}")
            self.memo[memo_key] = rng.choice(value)
        return self.memo[memo_key]


def _words(cmdline):
    out = {}
    for word in split_cmdline(cmdline):
        key, _, value = word.partition("=")
        out[key] = value if "=" in word else None
    return out


def machine_for(lab, test, run, chooser):
    spec = {"mem": "256M", "smp": 2, "boot": "iso", "modules": []}
    cmdline = []
    for layer in (lab.defaults, test.machine, run):
        for key in ("mem", "smp", "boot", "modules"):
            if key in layer:
                spec[key] = layer[key]
        if layer.get("cmdline"):
            cmdline.append(layer["cmdline"])
    m = Machine(mem=str(chooser.pick("mem", spec["mem"])), smp=int(chooser.pick("smp", spec["smp"])),
                boot=spec["boot"], modules=tuple(spec["modules"]))
    return m, _words(" ".join(cmdline))


def plan(labs, chooser, only_tests=None):
    """Batches for @labs (lab order, then the order of tests in lab.toml)."""
    batches = []
    for lab in labs:
        lab_batches = []
        for test in lab.tests:
            if only_tests is not None and test.name not in only_tests:
                continue
            for i, run in enumerate(test.runs):
                machine, words = machine_for(lab, test, run, chooser)
                r = Run(test, i, machine, words)
                home = None
                if not test.solo:
                    for b in lab_batches:
                        if b.machine == machine and not b.solo and all(
                                b.words.get(k, v) == v for k, v in words.items()):
                            home = b
                            break
                if home is None:
                    home = Batch(lab.id, machine)
                    lab_batches.append(home)
                home.runs.append(r)
                home.words.update(words)
        batches += lab_batches
    return batches
