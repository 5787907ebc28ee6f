"""grading/checks.py — the grader's own variables and the checks of reported values.

A test proves little by printing "ok": the grader chooses values itself (memory size,
CPU count, a token on the command line, an address to fault on) and checks what the
test reports against them. lab.toml writes those choices as ${...} templates:

    cmdline = "echo=${token}"                       # the kernel sees echo=k3j9x0q2m7ab
    [test.values]
    echo  = { eq = "${token}" }
    total = { eq = "${smp * 100000}" }              # + - * // on integers
    usable_kib = { near = "${mem_kib}", tolerance_pct = 2, max = "${mem_kib}" }
    epoch = { near = "${now}", tolerance = 120 }    # now: host clock when the value came

Variables: mem_kib, mem_mib, smp, now (built in) and those a lab declares in [vars]:
    token   = "token"                                      # 12 random [a-z0-9]
    pf_addr = { kind = "address", min = 0x100000000000, max = 0x6fffffffffff, align = 8 }
    n       = { kind = "int", min = 1, max = 9 }
    word    = { kind = "choice", of = ["a", "b"] }
Addresses render as lowercase hex without padding (0x3f2a0c8); everything else in decimal.
"""
import ast
import operator
import random
import re
import string

VAR_KINDS = ("token", "address", "int", "choice")
CHECK_OPS = ("eq", "ne", "min", "max", "near", "tolerance", "tolerance_pct", "match", "one_of")
_TEMPLATE = re.compile(r"\$\{([^}]*)\}")
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}


class CheckError(Exception):
    """A template or check that cannot be evaluated (a bad lab.toml)."""


class Vars:
    """Variable values plus how each one prints."""

    def __init__(self, values=None, hex_names=()):
        self.values = dict(values or {})
        self.hex_names = set(hex_names)

    def with_values(self, **more):
        v = Vars(self.values, self.hex_names)
        v.values.update(more)
        return v

    def eval(self, expr):
        """Evaluates '${...}' contents: a name, an integer, or + - * // % of those."""
        try:
            tree = ast.parse(expr.strip(), mode="eval")
        except SyntaxError as e:
            raise CheckError(f"bad expression '${{{expr}}}': {e.msg}") from None
        return self._eval(tree.body, expr)

    def _eval(self, node, expr):
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in self.values:
                raise CheckError(f"unknown variable '{node.id}' in '${{{expr}}}'")
            return self.values[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self._eval(node.operand, expr)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            a, b = self._eval(node.left, expr), self._eval(node.right, expr)
            if not isinstance(a, int) or not isinstance(b, int):
                raise CheckError(f"arithmetic on a non-number in '${{{expr}}}'")
            return _BINOPS[type(node.op)](a, b)
        raise CheckError(f"unsupported expression '${{{expr}}}'")

    def render_one(self, expr):
        value = self.eval(expr)
        if expr.strip() in self.hex_names and isinstance(value, int):
            return hex(value)
        return str(value)

    def render(self, template, escape=False):
        """Replaces every ${...} in @template; @escape quotes them for a regex."""
        def one(m):
            text = self.render_one(m.group(1))
            return re.escape(text) if escape else text
        return _TEMPLATE.sub(one, str(template))

    def names_used(self, template):
        return {n.id for m in _TEMPLATE.finditer(str(template))
                for n in ast.walk(ast.parse(m.group(1).strip() or "0", mode="eval"))
                if isinstance(n, ast.Name)}


def choose_vars(spec, rng, base=None):
    """Draws the lab's [vars] (@spec: name -> kind or table) with @rng on top of @base."""
    values, hexes = dict(base.values if base else {}), set(base.hex_names if base else ())
    for name, desc in sorted(spec.items()):
        if isinstance(desc, str):
            desc = {"kind": desc}
        kind = desc.get("kind")
        if kind == "token":
            n = int(desc.get("length", 12))
            values[name] = "".join(rng.choice(string.ascii_lowercase + string.digits)
                                   for _ in range(n))
        elif kind == "address":
            align = int(desc.get("align", 8))
            lo, hi = int(desc["min"]), int(desc["max"])
            values[name] = rng.randrange(lo, hi + 1) // align * align
            hexes.add(name)
        elif kind == "int":
            values[name] = rng.randint(int(desc["min"]), int(desc["max"]))
        elif kind == "choice":
            values[name] = rng.choice(list(desc["of"]))
        else:
            raise CheckError(f"variable '{name}': unknown kind {kind!r}")
    return Vars(values, hexes)


def new_rng(seed):
    return random.Random(seed)


def _number(text):
    """A reported value as a number: decimal, 0x hex, or a float; None otherwise."""
    text = str(text).strip()
    try:
        return int(text, 0)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def _same(got, want):
    a, b = _number(got), _number(want)
    if a is not None and b is not None:
        return a == b
    return str(got).strip() == str(want).strip()


def check_value(key, got, check, variables):
    """None when @got satisfies @check (a lab.toml table), else (what was wrong, what was
    expected): ("cpus=1", "equal to 4")."""
    if got is None:
        return f"{key} was not reported", f"a value {key}"
    problems = []

    def num(name):
        text = variables.render(check[name])
        n = _number(text)
        if n is None:
            raise CheckError(f"value check {key}.{name}: '{text}' is not a number")
        return n, text

    g = _number(got)
    if "eq" in check:
        want = variables.render(check["eq"])
        if not _same(got, want):
            problems.append(f"equal to {want}")
    if "ne" in check:
        want = variables.render(check["ne"])
        if _same(got, want):
            problems.append(f"different from {want}")
    if "one_of" in check:
        options = [variables.render(o) for o in check["one_of"]]
        if not any(_same(got, o) for o in options):
            problems.append("one of " + ", ".join(options))
    for bound in ("min", "max"):
        if bound in check:
            n, text = num(bound)
            if g is None or (g < n if bound == "min" else g > n):
                problems.append(f"{'at least' if bound == 'min' else 'at most'} {text}")
    if "near" in check:
        center, text = num("near")
        tol = 0
        if "tolerance" in check:
            tol = num("tolerance")[0]
        if "tolerance_pct" in check:
            tol = max(tol, abs(center) * num("tolerance_pct")[0] / 100)
        if g is None or abs(g - center) > tol:
            problems.append(f"within {tol:g} of {text}")
    if "match" in check:
        pattern = variables.render(check["match"], escape=True)
        if not re.fullmatch(pattern, str(got)):
            problems.append(f"matching /{pattern}/")
    if not problems:
        return None
    return f"{key}={got}", " and ".join(problems)


def validate_check(key, check, names):
    """Errors in one value check table (for the lab.toml validator)."""
    errors = []
    if not isinstance(check, dict) or not check:
        return [f"value check '{key}' must be a non-empty table like {{ eq = 2 }}"]
    for op in check:
        if op not in CHECK_OPS:
            errors.append(f"value check '{key}': unknown operator '{op}' (use {', '.join(CHECK_OPS)})")
    if ("tolerance" in check or "tolerance_pct" in check) and "near" not in check:
        errors.append(f"value check '{key}': tolerance without near")
    if "near" in check and not ("tolerance" in check or "tolerance_pct" in check):
        errors.append(f"value check '{key}': near needs tolerance or tolerance_pct")
    if "one_of" in check and not isinstance(check["one_of"], list):
        errors.append(f"value check '{key}': one_of must be a list")
    for op, operand in check.items():
        for item in (operand if isinstance(operand, list) else [operand]):
            errors += validate_template(f"value check '{key}'.{op}", item, names)
    if "match" in check:
        try:
            re.compile(_TEMPLATE.sub("x", str(check["match"])))
        except re.error as e:
            errors.append(f"value check '{key}': bad regex: {e}")
    return errors


def validate_template(where, template, names):
    """Errors in the ${...} parts of @template given the variable @names available."""
    errors = []
    for m in _TEMPLATE.finditer(str(template)):
        try:
            tree = ast.parse(m.group(1).strip(), mode="eval")
        except SyntaxError:
            errors.append(f"{where}: bad expression '${{{m.group(1)}}}'")
            continue
        for n in ast.walk(tree):
            if isinstance(n, ast.Name) and n.id not in names:
                errors.append(f"{where}: unknown variable '{n.id}' "
                              f"(known: {', '.join(sorted(names))})")
            elif not isinstance(n, (ast.Expression, ast.Name, ast.Constant, ast.BinOp,
                                    ast.UnaryOp, ast.Load, ast.USub) + tuple(_BINOPS)):
                errors.append(f"{where}: unsupported expression '${{{m.group(1)}}}'")
                break
    return errors
