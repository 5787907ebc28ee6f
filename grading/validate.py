#!/usr/bin/env python3
"""grading/validate.py — checks every labs/*/lab.toml (and grading/hidden/*/tests.toml).

Also checks that every lab folder has its handout (README.md) naming its book chapter.

    python3 grading/validate.py                 every file in this tree
    python3 grading/validate.py FILE...         the files named

Prints one line per file ("ok" or each problem as "path: message") and exits non-zero
when any file has a problem. The schema is in grading/README.md; the rules are in
grading/labconf.py. Test names must also be unique across all labs; lab ids must be
the folder names (NN-name); every test is judged on the host, checks a value the grader
draws, or says trust = "self" (labconf.trust_errors). `make grade-selftest` runs it.
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import labconf  # noqa: E402


def validate_tree(root):
    """[(path, [errors])] for every lab file under @root, then cross-file problems."""
    out = [(p, labconf.validate_file(p)) for p in labconf.lab_files(root)]
    out += [(p, labconf.validate_file(p, hidden=True)) for p in labconf.hidden_files(root)]
    for d in sorted((pathlib.Path(root) / "labs").iterdir()):
        if not (d.is_dir() and labconf.LAB_ID.match(d.name)):
            continue
        if not (d / "lab.toml").exists():
            out.append((d / "lab.toml", [f"{d}/lab.toml: missing"]))
        readme = d / "README.md"
        if not readme.exists():
            out.append((readme, [f"{readme}: missing (every lab has a handout)"]))
        elif f"book/{d.name}.md" not in readme.read_text():
            out.append((readme, [f"{readme}: does not name its book chapter book/{d.name}.md"]))
    if all(not errs for _, errs in out):
        try:
            errors = labconf.trust_errors(labconf.load_all(root, preview="all"))
            if errors:
                out.append((pathlib.Path(root) / "labs", errors))
        except labconf.ConfigError as e:
            out.append((pathlib.Path(root) / "labs", str(e).splitlines()))
    return out


def main(argv):
    if argv:
        results = [(pathlib.Path(a), labconf.validate_file(a, hidden="hidden" in a)) for a in argv]
    else:
        results = validate_tree(HERE.parent)
    bad = 0
    for path, errors in results:
        if errors:
            bad += 1
            print("\n".join(errors))
        else:
            print(f"{path}: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
