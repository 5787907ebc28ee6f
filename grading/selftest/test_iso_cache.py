"""tools/qemu.py's ISO cache: one ISO per content hash (kernel, command line, modules)."""
import os
import pathlib
import tempfile
import unittest
from unittest import mock

from qemu_exit import qemu  # tools/qemu.py


class IsoKey(unittest.TestCase):
    def test_the_key_follows_every_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = pathlib.Path(tmp)
            (d / "k").write_bytes(b"kernel")
            (d / "m").write_bytes(b"module")
            base = qemu._iso_key(d / "k", "a=1", [(d / "m", "initramfs")])
            self.assertEqual(base, qemu._iso_key(d / "k", "a=1", [(d / "m", "initramfs")]))
            self.assertNotEqual(base, qemu._iso_key(d / "k", "a=2", [(d / "m", "initramfs")]))
            self.assertNotEqual(base, qemu._iso_key(d / "k", "a=1", [(d / "m", "other")]))
            self.assertNotEqual(base, qemu._iso_key(d / "k", "a=1", []))
            (d / "m").write_bytes(b"module2")
            self.assertNotEqual(base, qemu._iso_key(d / "k", "a=1", [(d / "m", "initramfs")]))

    def test_a_cached_iso_is_copied_not_rebuilt(self):
        with tempfile.TemporaryDirectory() as tmp:
            d = pathlib.Path(tmp)
            (d / "k").write_bytes(b"kernel")
            with mock.patch.dict(os.environ, {"BUILD": str(d)}):
                cache = d / "iso-cache"
                cache.mkdir()
                (cache / f"{qemu._iso_key(d / 'k', 'x', [])}.iso").write_bytes(b"iso")
                with mock.patch("subprocess.run", side_effect=AssertionError("rebuilt")):
                    qemu.make_iso(d / "k", "x", d / "out.iso")
                self.assertEqual((d / "out.iso").read_bytes(), b"iso")


if __name__ == "__main__":
    unittest.main()
