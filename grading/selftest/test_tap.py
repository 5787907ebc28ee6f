"""TAP 14 parsing: lines of every kind, malformed ones, and a whole stream."""
import unittest

from tap import TapStream, parse_line


class ParseLine(unittest.TestCase):
    def test_version_and_plan(self):
        self.assertEqual(parse_line("TAP version 14").kind, "version")
        p = parse_line("1..17")
        self.assertEqual((p.kind, p.number), ("plan", 17))
        self.assertEqual(parse_line("1..0 # skip all").number, 0)

    def test_results(self):
        r = parse_line("ok 3 - memory_map")
        self.assertEqual((r.kind, r.ok, r.number, r.name, r.reason), ("result", True, 3, "memory_map", ""))
        r = parse_line("not ok 12 - cpu_count # only 1 of 2 CPUs came online")
        self.assertEqual((r.ok, r.name, r.reason), (False, "cpu_count", "only 1 of 2 CPUs came online"))
        r = parse_line("ok 4 - rtc_time # SKIP no RTC")
        self.assertEqual((r.directive, r.reason), ("SKIP", "no RTC"))
        r = parse_line("not ok 5 - x # TODO later")
        self.assertEqual(r.directive, "TODO")
        r = parse_line("ok 6 name_without_dash")
        self.assertEqual(r.name, "name_without_dash")
        r = parse_line("ok 7 - has \\# hash # reason")
        self.assertEqual((r.name, r.reason), ("has # hash", "reason"))
        self.assertEqual(parse_line("ok 1 - x\r").name, "x")

    def test_malformed(self):
        for text in ("ok", "not ok", "ok x - name", "ok 1 -", "ok 1 - # only a reason",
                     "1..", "1..x", "# value =3", "# running"):
            self.assertEqual(parse_line(text).kind, "malformed", text)
        self.assertEqual(parse_line("okay then").kind, "other")
        self.assertEqual(parse_line("oknot").kind, "other")

    def test_comments_values_running(self):
        v = parse_line("# value usable_kib=261627")
        self.assertEqual((v.kind, v.key, v.value), ("value", "usable_kib", "261627"))
        self.assertEqual(parse_line("# value echo=a=b").value, "a=b")
        self.assertEqual(parse_line("# value empty=").value, "")
        r = parse_line("# running memory_map (01-boot)")
        self.assertEqual((r.kind, r.name, r.lab), ("running", "memory_map", "01-boot"))
        self.assertEqual(parse_line("# unknown test 'typo'").name, "typo")
        s = parse_line("# 3 passed, 1 failed")
        self.assertEqual((s.kind, s.number), ("summary", 3))
        self.assertEqual(parse_line("# anything").kind, "comment")
        self.assertEqual(parse_line("    ok 1 - subtest").kind, "yaml")
        self.assertEqual(parse_line("Bail out! no disk").reason, "no disk")


class Stream(unittest.TestCase):
    def feed(self, lines):
        s = TapStream()
        for i, line in enumerate(lines):
            s.feed(line, now=float(i))
        return s

    def test_banner_is_not_tap(self):
        s = self.feed(["ok 1 - fake_before_tap", "Larch kernel", "TAP version 14", "1..1",
                       "# running a (01-boot)", "# value k=1", "ok 1 - a"])
        self.assertEqual(list(s.tests), ["a"])
        self.assertEqual(s.banner(), "ok 1 - fake_before_tap\nLarch kernel")
        self.assertEqual(s.tests["a"].values, {"k": "1"})
        self.assertEqual(s.tests["a"].value_times["k"], 5.0)

    def test_values_belong_to_the_running_test(self):
        s = self.feed(["TAP version 14", "1..2", "# running a (x)", "# value k=1", "ok 1 - a",
                       "# value stray=1", "# running b (x)", "# value k=2",
                       "not ok 2 - b # bad", "# unknown test 'c'", "# 1 passed, 2 failed"])
        self.assertEqual(s.tests["a"].values, {"k": "1"})
        self.assertEqual(s.tests["b"].values, {"k": "2"})
        self.assertFalse(s.tests["b"].result.ok)
        self.assertEqual(s.unknown, ["c"])
        self.assertEqual(s.summary.number, 1)
        self.assertIsNone(s.current)

    def test_crash_leaves_current(self):
        s = self.feed(["TAP version 14", "1..2", "# running a (x)", "ok 1 - a",
                       "# running b (x)", "# value half=1"])
        self.assertEqual(s.current.name, "b")
        self.assertIsNone(s.tests["b"].result)

    def test_malformed_lines_never_count(self):
        s = self.feed(["TAP version 14", "1..1", "# running a (x)", "ok x - a", "ok 1 -"])
        self.assertIsNone(s.tests["a"].result)
        self.assertEqual(len(s.malformed), 2)

    def test_bail_out(self):
        s = self.feed(["TAP version 14", "Bail out! out of memory"])
        self.assertEqual(s.bail, "out of memory")


if __name__ == "__main__":
    unittest.main()
