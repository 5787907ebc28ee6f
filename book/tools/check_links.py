#!/usr/bin/env python3
"""book/tools/check_links.py — every internal link and image of the built book resolves.

    check_links.py build/book/html

Parses every HTML page of the book (html.parser) and checks that each local href, src
and data attribute names a file that exists, and that a #fragment names an id or an
<a name> in the page it points to. External links (http:, https:, mailto:) are only
counted: the check runs offline. The headless-browser check (check_pages.py) loads
pages as a reader does; this one covers every page, quickly.
"""
import html.parser
import pathlib
import sys
import urllib.parse

LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src",
              "iframe": "src", "object": "data", "embed": "src", "area": "href"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors = set()
        self.refs = []  # (tag, url, line)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key) and (key == "id" or tag == "a"):
                self.anchors.add(a[key])
        attr = LINK_ATTRS.get(tag)
        if attr and a.get(attr):
            self.refs.append((tag, a[attr], self.getpos()[0]))

    handle_startendtag = handle_starttag


def parse(path, cache):
    if path not in cache:
        p = Page()
        try:
            p.feed(path.read_text(encoding="utf-8", errors="replace"))
        except (OSError, UnicodeError):
            pass
        cache[path] = p
    return cache[path]


def check(html_dir):
    """Returns (pages, links checked, external links, [problems])."""
    html_dir = pathlib.Path(html_dir).resolve()
    cache = {}
    problems = []
    checked = external = 0
    pages = sorted(html_dir.rglob("*.html"))
    for page in pages:
        for tag, url, line in parse(page, cache).refs:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in ("http", "https", "mailto", "ftp"):
                external += 1
                continue
            if parts.scheme in ("javascript", "data") or url.startswith("javascript:"):
                continue
            if parts.scheme or parts.netloc:
                problems.append(f"{page.name}:{line}: <{tag}> {url}: not a link within the book")
                continue
            checked += 1
            target = page if not parts.path else (page.parent / urllib.parse.unquote(parts.path)).resolve()
            where = f"{page.relative_to(html_dir)}:{line}: <{tag}> {url}"
            if html_dir not in target.parents and target != html_dir:
                problems.append(f"{where}: points outside the book")
            elif not target.is_file():
                problems.append(f"{where}: no such file")
            elif parts.fragment and target.suffix == ".html":
                frag = urllib.parse.unquote(parts.fragment)
                if frag not in parse(target, cache).anchors:
                    problems.append(f"{where}: no anchor '{frag}' in {target.name}")
    return len(pages), checked, external, problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    pages, checked, external, problems = check(argv[1])
    for p in problems:
        print(f"broken: {p}")
    print(f"links: {pages} pages, {checked} internal links and images checked, "
          f"{external} external not followed, {len(problems)} broken")
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
