#!/usr/bin/env python3
"""book/tools/check_pages.py — load book pages in headless Chromium, as a reader would.

    check_pages.py build/book/html index.html ch01_boot.html [--screenshot out.png]

Serves the HTML on 127.0.0.1 (a random port) and opens a checking page in Debian's
`chromium --headless --dump-dom`. That page loads each page to check in a frame, waits
for it (scripts run: the navigation tree is built), and then looks at it the way a
reader's browser did:
  - every <img> finished loading with a non-zero size, every picture frame (Doxygen
    puts graphviz SVGs in <iframe>s) holds an <svg> with content;
  - every internal link answers, and a #fragment names an element of its page;
  - the page has a title and a body with text.
The result comes back as JSON inside the dumped DOM. Independently, the server records
every request the browser made; any that failed (a missing stylesheet, script or
image) is reported too. Exit status 1 when a page has a problem.
"""
import argparse
import functools
import http.server
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-extensions", "--mute-audio", "--hide-scrollbars",
                  "--disable-dev-shm-usage"]
CHECK_PATH = "/__book_check__.html"
RESULT_ID = "book-check-result"

# The checking page. PAGES is replaced by the JSON list of pages to load.
CHECK_PAGE = r"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>book check</title></head>
<body><pre id="RESULT_ID">pending</pre>
<script>
const PAGES = __PAGES__;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const fetched = new Map();   // url without fragment -> Promise<{ok, status, doc}>

function fetchPage(url) {
  if (!fetched.has(url)) {
    fetched.set(url, fetch(url).then(async res => {
      let doc = null;
      if (res.ok && /\.html?$/.test(new URL(url).pathname))
        doc = new DOMParser().parseFromString(await res.text(), "text/html");
      return {ok: res.ok, status: res.status, doc};
    }).catch(e => ({ok: false, status: String(e), doc: null})));
  }
  return fetched.get(url);
}

function loadFrame(url) {
  return new Promise(resolve => {
    const f = document.createElement("iframe");
    f.style.width = "1280px"; f.style.height = "900px";
    const timer = setTimeout(() => resolve([f, false]), 20000);
    f.onload = () => { clearTimeout(timer); resolve([f, true]); };
    f.src = url;
    document.body.appendChild(f);
  });
}

async function checkPage(page) {
  const url = new URL(page, location.href).href;
  const r = {page, problems: [], images: 0, pictures: 0, links: 0, external: 0, title: ""};
  const [frame, loaded] = await loadFrame(url);
  if (!loaded) { r.problems.push("did not finish loading in 20 s"); return r; }
  await sleep(500);                        // let the page's scripts build the navigation tree
  const doc = frame.contentDocument;
  const self = await fetchPage(url);
  if (!self.ok) r.problems.push(`the page itself: HTTP ${self.status}`);
  if (!doc || !doc.body) { r.problems.push("no document"); return r; }
  r.title = doc.title;
  if (!doc.title.trim()) r.problems.push("no title");
  if (doc.body.innerText.trim().length < 20) r.problems.push("no text on the page");

  for (const img of doc.images) {
    r.images++;
    if (!img.complete || img.naturalWidth === 0)
      r.problems.push(`missing image: ${img.getAttribute("src")}`);
  }
  for (const f of doc.querySelectorAll("iframe[src], object[data]")) {
    r.pictures++;
    const src = f.getAttribute("src") || f.getAttribute("data");
    let root = null;
    try { root = f.contentDocument && f.contentDocument.documentElement; } catch (e) {}
    if (!root || root.localName !== "svg" || root.childElementCount === 0)
      r.problems.push(`missing picture: ${src} (${root ? root.localName : "nothing"} loaded)`);
  }
  const links = [...doc.querySelectorAll("a[href], area[href]")];
  await Promise.all(links.map(async a => {
    const href = a.getAttribute("href");
    if (/^(javascript|mailto):/i.test(href)) return;
    const target = new URL(a.href);
    if (target.origin !== location.origin) { r.external++; return; }
    r.links++;
    const base = target.href.split("#")[0];
    const res = await fetchPage(base);
    if (!res.ok) { r.problems.push(`broken link: ${href} (HTTP ${res.status})`); return; }
    const frag = decodeURIComponent(target.hash.slice(1));
    if (frag && res.doc && !res.doc.getElementById(frag) &&
        !res.doc.querySelector(`a[name="${CSS.escape(frag)}"]`))
      r.problems.push(`broken link: ${href} (no anchor '${frag}')`);
  }));
  frame.remove();
  return r;
}

(async () => {
  const results = [];
  for (const p of PAGES) {
    try { results.push(await checkPage(p)); }
    catch (e) { results.push({page: p, problems: [`checker failed: ${e}`]}); }
  }
  document.getElementById("RESULT_ID").textContent = JSON.stringify(results);
})();
</script></body></html>
""".replace("RESULT_ID", RESULT_ID)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the book; records failed requests; serves the checking page."""

    def __init__(self, *args, check_page=b"", failures=None, **kw):
        self.check_page = check_page
        self.failures = failures
        super().__init__(*args, **kw)

    def do_GET(self):
        if self.path.split("?")[0] == CHECK_PATH:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.check_page)))
            self.end_headers()
            self.wfile.write(self.check_page)
            return
        super().do_GET()

    def log_request(self, code="-", size="-"):
        try:
            status = int(getattr(code, "value", code))
        except (TypeError, ValueError):
            return
        if status >= 400 and not self.path.startswith("/favicon.ico"):
            self.failures.append(f"{self.path} (HTTP {status})")

    def log_message(self, *args):
        pass


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def check(html_dir, pages, screenshot=None, timeout=90):
    """Loads @pages of @html_dir in Chromium. Returns {page: [problems]} (+ "(server)")."""
    chromium = find_chromium()
    if not chromium:
        return {"(browser)": ["chromium not found (tools/setup.sh installs Debian's chromium)"]}
    failures = []
    handler = functools.partial(Handler, directory=str(html_dir), failures=failures,
                                check_page=CHECK_PAGE.replace("__PAGES__", json.dumps(pages)).encode())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="book-chromium-") as profile:
            cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   "--virtual-time-budget=60000", "--dump-dom", base + CHECK_PATH]
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
                dom = r.stdout
            except subprocess.TimeoutExpired:
                return {"(browser)": [f"chromium did not finish in {timeout} s"]}
            m = re.search(rf'<pre id="{RESULT_ID}">(.*?)</pre>', dom, re.S)
            text = m.group(1) if m else ""
            try:
                data = json.loads(text.replace("&lt;", "<").replace("&gt;", ">")
                                  .replace("&quot;", '"').replace("&amp;", "&"))
            except ValueError:
                tail = " ".join(r.stderr.strip().splitlines()[-3:])
                return {"(browser)": [f"no result from the checking page (got {text[:80]!r}); {tail}"]}
            for entry in data:
                results[entry["page"]] = entry.get("problems", [])
                results[entry["page"] + " (stats)"] = entry
            if screenshot:
                shot = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        "--window-size=1280,2400", f"--screenshot={screenshot}", f"{base}/{pages[-1]}"]
                subprocess.run(shot, capture_output=True, timeout=timeout)
    finally:
        server.shutdown()
        server.server_close()
    if failures:
        results["(server)"] = [f"the browser asked for a missing file: {f}" for f in sorted(set(failures))]
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("html_dir")
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--screenshot")
    args = ap.parse_args()
    results = check(pathlib.Path(args.html_dir).resolve(), args.pages,
                    os.path.abspath(args.screenshot) if args.screenshot else None)
    bad = 0
    for page, problems in results.items():
        if page.endswith(" (stats)"):
            s = problems
            print(f"browser: {s['page']}: \"{s.get('title', '')}\", {s.get('images', 0)} images, "
                  f"{s.get('pictures', 0)} pictures, {s.get('links', 0)} internal links")
            continue
        for p in problems:
            print(f"browser: {page}: {p}")
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
