#!/usr/bin/env bash
# tools/setup.sh — installs the Debian 12 packages the project needs (idempotent).
#
# `make run` and `make test` call it through a stamp file; run it by hand any time.
# Uses sudo when not root. Prints what it installs, and nothing when all is there.
set -euo pipefail

PACKAGES=(
  g++ make python3 binutils ccache            # the build
  qemu-system-x86                             # the machine
  grub-pc-bin grub-common xorriso mtools      # the bootable ISO
  libcriterion-dev clang clang-format         # host unit tests, sanitizers, libFuzzer, formatter
  doxygen graphviz chromium                   # the book and its page check
  musl-tools busybox-static                   # user programs (lab 03 on)
  e2fsprogs bubblewrap gdb                    # ext4 images, sandboxed grading, debugging
  stress-ng                                   # the CPU load beside make flake-check
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
