#!/usr/bin/env python3
"""book/tools/book_test.py — `make book`: build the book strictly and check it.

    book_test.py [--build build]

Checks, each reported as "ok"/"FAILED" and counted in BUILD/results/book.count:
  1. the syscall page generator's tests (test_syscall_page.py), one check per test;
  2. the book builds with every Doxygen warning an error (HTML in BUILD/book/html);
  3. every excerpt a chapter quotes has its marker exactly twice in the file quoted;
  4. broken-marker: in a scratch copy of the tree, one marker a chapter uses is
     deleted; the build must fail and say which marker;
  5. renamed function: in a scratch copy, a function a chapter refers to (\\ref) is
     renamed in its header; the build must fail;
  6. skeletons: the student trees of every lab whose chapter quotes code (at least the
     first two labs with chapters) and of the lab after the last one, exported by
     tools/lab-skeleton.py (or, when it cannot export yet, simulated: the chapters of
     the lab and later removed, their LAB_BEGIN code cut out), build cleanly without
     the later labs' chapters, with the student edition of their own lab's chapter
     (tools/student_chapter.py), list the chapters they have, and every internal link
     and image of their pages resolves;
  7. every internal link and image of every page resolves (check_links.py);
  8. headless Chromium loads the front page and the chapters with no missing image or
     picture and no broken internal link (check_pages.py); a screenshot of chapter 01
     is left in BUILD/book-check/.
"""
import argparse
import io
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time
import unittest

TOOLS = pathlib.Path(__file__).resolve().parent
ROOT = TOOLS.parent.parent
sys.path.insert(0, str(TOOLS))
import book_index  # noqa: E402
import build_book  # noqa: E402
import check_links  # noqa: E402
import check_pages  # noqa: E402

# What a scratch copy of the tree needs to build the book.
TREE_DIRS = ("book", "kernel", "tools", "labs", "user")
SNIPPET_RE = re.compile(r"\\snippet(?:\{[a-z,]+\})?\s+(\S+)\s+(\S+)")
REF_RE = re.compile(r"\\ref\s+([A-Za-z_][\w:]*)")
LAB_BEGIN_RE = re.compile(r"^\s*(?://|#|/\*)\s*LAB_BEGIN\((\d\d)-[\w-]+\)")
LAB_FALLBACK_RE = re.compile(r"^\s*(?://|#|/\*)\s*LAB_FALLBACK")
LAB_END_RE = re.compile(r"^\s*(?://|#|/\*)\s*LAB_END")


class Report:
    def __init__(self):
        self.passed = self.failed = 0
        self.t0 = self.t = time.time()

    def section(self, title):
        now = time.time()
        print(f"book: {title}  [{now - self.t0:.0f}s]", flush=True)
        self.t = now

    def check(self, name, ok, details=()):
        print(f"  {'ok    ' if ok else 'FAILED'} {name}", flush=True)
        if not ok:
            for d in list(details)[:15]:
                print(f"         {d}")
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def excerpts(root):
    """{chapter stem: [(file, marker, line)]} of the \\snippet commands of each chapter."""
    out = {}
    for stem, _, path in book_index.chapters(root):
        found = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [(m.group(1), m.group(2), n) for m in SNIPPET_RE.finditer(line)]
        out[stem] = found
    return out


def check_markers(root, table):
    problems = []
    for stem, items in table.items():
        for file, marker, line in items:
            path = root / file
            if not path.is_file():
                problems.append(f"book/{stem}.md:{line}: {file}: no such file")
                continue
            count = sum(f"[{marker}]" in l for l in path.read_text(encoding="utf-8").splitlines())
            if count != 2:
                problems.append(f"book/{stem}.md:{line}: marker [{marker}] is in {file} {count} times, not 2")
    return problems


def scratch_tree(root, dest):
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for d in TREE_DIRS:
        if (root / d).is_dir():
            shutil.copytree(root / d, dest / d, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


def strip_labs(tree, first_lab):
    """Cuts the code of labs >= @first_lab as the skeleton exporter does: the solution
    between LAB_BEGIN and LAB_FALLBACK/LAB_END goes, the fallback is uncommented."""
    for path in (tree / "kernel").rglob("*"):
        if not path.is_file() or path.suffix not in (".cc", ".hh", ".h", ".S", ".ld"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out, state = [], None
        for line in lines:
            m = LAB_BEGIN_RE.match(line)
            if state is None and m and int(m.group(1)) >= first_lab:
                state = "solution"
                out.append("// TODO: left out of the skeleton\n")
            elif state and LAB_FALLBACK_RE.match(line):
                state = "fallback"
            elif state and LAB_END_RE.match(line):
                state = None
            elif state == "fallback":
                out.append(re.sub(r"^(\s*)// ?", r"\1", line, count=1))
            elif state is None:
                out.append(line)
        path.write_text("".join(out), encoding="utf-8")


def skeleton_tree(root, lab, dest):
    """The student tree of @lab: exported by tools/lab-skeleton.py when it can, else a
    copy with the chapters of @lab and later removed and their lab code cut out here."""
    exporter = root / "tools" / "lab-skeleton.py"
    if dest.exists():
        shutil.rmtree(dest)
    why = "no exporter"
    if exporter.is_file():
        r = subprocess.run([sys.executable, str(exporter), "export", "--lab", lab, "--out", str(dest),
                            "--root", str(root)], capture_output=True, text=True)
        if r.returncode == 0:
            return dest, "exported"
        why = (r.stderr.strip().splitlines() or ["failed"])[-1].strip()
        if dest.exists():
            shutil.rmtree(dest)
    tree = scratch_tree(root, dest)
    for stem, _, path in book_index.chapters(tree):
        if stem[:2] != "00" and int(stem[:2]) >= int(lab[:2]):
            path.unlink()
    strip_labs(tree, int(lab[:2]))
    return tree, f"simulated: the exporter said {why[:70]!r}"


def run_unit_tests(report):
    suite = unittest.defaultTestLoader.loadTestsFromName("test_syscall_page")
    results = []

    class Collect(unittest.TextTestResult):
        def addSuccess(self, test):
            super().addSuccess(test)
            results.append((test, True, ""))

        def addFailure(self, test, err):
            super().addFailure(test, err)
            results.append((test, False, self._exc_info_to_string(err, test)))

        addError = addFailure

    unittest.TextTestRunner(stream=io.StringIO(), resultclass=Collect).run(suite)
    for test, ok, err in results:
        report.check(f"syscall page: {test.id().split('.', 1)[1]}", ok, err.splitlines()[-3:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    work = build / "book-test"
    report = Report()
    t0 = time.time()

    report.section("the syscall page generator")
    run_unit_tests(report)

    report.section("build with Doxygen warnings as errors")
    ok, warnings = build_book.build(ROOT, build / "book", strict=True, quiet=True)
    report.check("the book builds without warnings", ok, warnings)
    table = excerpts(ROOT)
    for stem, items in table.items():
        print(f"         {stem}: {len(items)} excerpts")
    report.check("every excerpt's marker appears twice in its file", not check_markers(ROOT, table),
                 check_markers(ROOT, table))

    report.section("a broken quote breaks the build")
    used = [(f, m) for items in table.values() for f, m, _ in items if (ROOT / f).is_file()]
    used.sort(key=lambda fm: not fm[0].startswith("kernel/"))  # a kernel quote, if there is one
    if used:
        file, marker = used[0]
        tree = scratch_tree(ROOT, work / "broken-marker")
        p = tree / file
        lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
        first = next(i for i, l in enumerate(lines) if f"[{marker}]" in l)
        p.write_text("".join(lines[:first] + lines[first + 1:]), encoding="utf-8")
        bok, bw = build_book.build(tree, work / "broken-marker-out" / "book", strict=True, quiet=True)
        report.check(f"deleting marker [{marker}] from {file} fails the build",
                     not bok and any(f"[{marker}]" in w for w in bw),
                     [f"build ok={bok}; warnings:"] + bw)
    else:
        report.check("a chapter quotes code (needed by the broken-marker test)", False)

    refs = []
    for stem, _, path in book_index.chapters(ROOT):
        refs += REF_RE.findall(path.read_text(encoding="utf-8"))
    target = None
    for ref in refs:
        name = ref.split("::")[-1]
        hdrs = [h for h in (ROOT / "kernel").rglob("*.hh") if re.search(rf"\b{name}\(", h.read_text(encoding="utf-8"))]
        if hdrs:
            target = (ref, name, hdrs)
            break
    if target:
        ref, name, hdrs = target
        tree = scratch_tree(ROOT, work / "renamed-function")
        for h in hdrs:
            q = tree / h.relative_to(ROOT)
            q.write_text(re.sub(rf"\b{name}\(", f"{name}_renamed(", q.read_text(encoding="utf-8")), encoding="utf-8")
        bok, bw = build_book.build(tree, work / "renamed-function-out" / "book", strict=True, quiet=True)
        report.check(f"renaming {ref}() in its header fails the build", not bok and any(name in w for w in bw),
                     [f"build ok={bok}; warnings:"] + bw)

    report.section("student skeletons build with their lab's student edition, without later chapters")
    chapter_labs = sorted({stem for stem, _, _ in book_index.chapters(ROOT) if stem[:2] != "00"})
    # Every lab whose chapter quotes code (its student edition turns quotes into boxes),
    # at least the first two labs, and the first lab after the last chapter that quotes
    # code: its skeleton keeps every quoting chapter while the code they quote has lost
    # its lab markers.
    quoting = [stem for stem, items in table.items() if items and stem[:2] != "00"]
    to_test = sorted(set(chapter_labs[:2]) | {q for q in quoting if q in chapter_labs})
    later = [lab for lab in book_index.labs(ROOT) if quoting and lab > max(quoting)]
    if later and later[0] not in to_test:
        to_test.append(later[0])
    for lab in to_test:
        tree, how = skeleton_tree(ROOT, lab, work / f"skeleton-{lab[:2]}")
        out = work / f"skeleton-{lab[:2]}-out" / "book"
        sok, sw = build_book.build(tree, out, strict=True, quiet=True)
        kept = [stem for stem, _, _ in book_index.chapters(tree)]
        # The exporter leaves out the chapters of this lab and of the later labs that
        # exist (have a folder in labs/); a chapter of a lab not built yet stays.
        later = [s for s in kept if s[:2] != "00" and int(s[:2]) > int(lab[:2]) and s in book_index.labs(tree)]
        own = [p for s, _, p in book_index.chapters(tree) if s == lab]
        edition = [] if how != "exported" or (own and "Student edition" in own[0].read_text()) \
            else [f"the skeleton has no student edition of chapter {lab}"]
        index = out / "html" / "index.html"
        unlisted = [s for s in kept if not index.is_file()
                    or f"{book_index.chapter_label(s)}.html" not in index.read_text()]
        _, _, _, broken = check_links.check(out / "html") if index.is_file() else (0, 0, 0, [])
        problems = sw + [f"chapter {s} should have been left out" for s in later] + \
            [f"chapter {s} is not on the front page" for s in unlisted] + edition + broken
        report.check(f"skeleton of lab {lab} ({how}; chapters {', '.join(kept)}) builds and lists them",
                     sok and not later and not unlisted and not edition and not broken, problems)

    html = build / "book" / "html"
    report.section("links and images of every page")
    pages, checked, external, problems = check_links.check(html)
    report.check(f"{checked} internal links and images of {pages} pages resolve", pages > 0 and not problems, problems)

    report.section("pages in headless Chromium")
    to_load = ["index.html"] + [f"{label}.html" for _, label, _ in book_index.chapters(ROOT)] + ["syscalls.html"]
    to_load = [p for p in to_load if (html / p).is_file()] or ["index.html"]
    shots = build / "book-check"
    shots.mkdir(parents=True, exist_ok=True)
    shot_page = "ch01_boot.html" if "ch01_boot.html" in to_load else to_load[-1]
    results = check_pages.check(html, [p for p in to_load if p != shot_page] + [shot_page],
                                screenshot=str(shots / shot_page.replace(".html", ".png")))
    for key in ("(browser)", "(server)"):
        if key in results:
            report.check(f"browser: {key[1:-1]}", False, results[key])
    if "(browser)" not in results:
        for page in to_load:
            stats = results.get(page + " (stats)", {})
            report.check(f"browser: {page} ({stats.get('images', 0)} images, {stats.get('pictures', 0)} "
                         f"pictures, {stats.get('links', 0)} links)", page in results and not results[page],
                         results.get(page, ["not loaded"]))

    results_dir = build / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "book.count").write_text(f"{report.passed} {report.failed}\n")
    print(f"book: {report.passed} passed, {report.failed} failed in {time.time() - t0:.0f}s; "
          f"HTML in {html / 'index.html'}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
