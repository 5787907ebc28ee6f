"""tools/student_chapter.py — the student edition of a lab's book chapter (used by lab-skeleton.py).

The skeleton of lab N carries chapter N with its full prose and pictures. Each
`\\snippet path name` quotes the skeleton's own file: where the excerpt's markers survive
in the skeleton (the quoted code is given code, or a TODO with the skeleton's
fallback) the quote stays and shows exactly what the student has; where the markers were
inside a solution block that the skeleton replaced, the quote becomes a short box
"You write this: <name> in <file>" with the block's hint. Then no line of solution code
that the skeleton left out may appear in the chapter (`leaks`), so nothing of the
solution reaches the student through the book.
"""
import pathlib
import re

SNIPPET = re.compile(r"^(?P<indent>[ \t]*)\\snippet(?:\{[a-z,]+\})?[ \t]+(?P<path>\S+)[ \t]+(?P<name>\S+)[ \t]*$")
TITLE = re.compile(r"^# .*\{#\w+\}[ \t]*$")
# The excerpt markers of the book (book/README.md): //! [name], /*! [name] */, # [name].
MARKER = r"^[ \t]*(?://!|/\*!|#)[ \t]*\[{name}\]"
# Solution lines too plain to tell anything (braces, return 0;, short calls) are not leaks.
MIN_LEAK = 24


def escape(text):
    """@text as Doxygen Markdown prose: its command characters escaped."""
    return re.sub(r"([\\#<>&@%$])", r"\\\1", text)


def marker_count(text, name):
    return len(re.findall(MARKER.format(name=re.escape(name)), text, re.M))


def edition(chapter, lab, upto, skeleton_text, hidden_markers):
    """The student edition of @chapter (Markdown) for the skeleton of @lab.

    @skeleton_text(path): the skeleton's text of a quoted file (None when absent);
    @hidden_markers: {(path, name): (hint, milestone)} for excerpt markers inside the
    solution blocks the skeleton replaced. Returns (text, [names turned into boxes]).
    """
    out, boxed = [], []
    solved = f", with milestones 1..{upto} solved" if upto else ""
    for line in chapter.split("\n"):
        m = SNIPPET.match(line)
        if m is None:
            out.append(line)
            if TITLE.match(line):
                out += ["", f"> **Student edition** for the skeleton of lab {lab}{solved}. Each "
                        "excerpt shows your skeleton's own code at that place; the code you write "
                        "in this lab appears as a *You write this* box instead.", ""]
            continue
        path, name = m["path"], m["name"]
        text = skeleton_text(path)
        if text is not None and marker_count(text, name) == 2:
            out.append(line)
            continue
        hint, milestone = hidden_markers.get((path, name), ("", None))
        where = f" (milestone {milestone})" if milestone else ""
        out.append(f"{m['indent']}> **You write this{where}:** `{name}` in `{path}`"
                   f"{' — ' + escape(hint) if hint else ''}. Your skeleton has a "
                   f"`TODO(lab {lab[:2]})` there.")
        boxed.append(name)
    return "\n".join(out), boxed


def leaks(chapter, solution_lines):
    """The solution lines (stripped, long enough to tell) that @chapter contains."""
    found = []
    for line in solution_lines:
        s = line.strip()
        if len(s) >= MIN_LEAK and not s.startswith(("//", "/*", "*")) and s in chapter:
            found.append(s)
    return found


def rewrite_chapters(files, lab, upto, replaced, milestone_of):
    """Rewrites @lab's chapters in the skeleton @files ({path: (bytes, mode)}, from
    lab-skeleton.py) as student editions. @replaced: (path, block) of every block the
    skeleton replaced; @milestone_of(block): its milestone. Returns the problems
    (solution lines found in a chapter)."""
    hidden, solution = {}, []
    for path, b in replaced:
        solution += b["solution"]
        for line in b["solution"]:
            m = re.match(r"^[ \t]*(?://!|/\*!|#)[ \t]*\[(?P<name>[^\]]+)\]", line)
            if m:
                hidden[(path, m["name"])] = (b["hint"], milestone_of(b) if b["lab"] == lab
                                             else None)

    def skeleton_text(path):
        data = files.get(path, (None,))[0]
        return data.decode("utf-8", "replace") if isinstance(data, bytes) else None

    problems = []
    for rel in sorted(files):
        parts = pathlib.PurePath(rel).parts
        if not (len(parts) == 2 and parts[0] == "book" and rel.endswith(".md")
                and parts[1][:3] == f"{lab[:2]}-"):
            continue
        data, mode = files[rel]
        text, _ = edition(data.decode("utf-8"), lab, upto, skeleton_text, hidden)
        problems += [f"{rel}: quotes solution code: {line!r}"
                     for line in leaks(text, solution)]
        files[rel] = (text.encode("utf-8"), mode)
    return problems
