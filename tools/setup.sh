#!/usr/bin/env bash
# tools/setup.sh — installs the Debian 12 packages the project needs (idempotent).
#
# `make run` and `make test` call it through a stamp file; run it by hand any time.
# Uses sudo when not root. Prints what it installs, and nothing when all is there.
#
#   tools/setup.sh                  the packages every build and test needs
#   tools/setup.sh --group slurm    also an optional group (repeat for several):
#       slurm   slurm-wlm and munge, for `make slurm-e2e` (a single-node test cluster,
#               grading/slurm_cluster.py) and for nodes of a cluster that grades
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

# Optional groups: installed only when asked for.
declare -A GROUPS_=(
  [slurm]="slurm-wlm munge"
)
while [ $# -gt 0 ]; do
  case "$1" in
    --group)
      [ -n "${GROUPS_[${2:-}]:-}" ] || { echo "setup: unknown group '${2:-}' (groups: ${!GROUPS_[*]})" >&2; exit 2; }
      PACKAGES+=(${GROUPS_[$2]}); shift 2 ;;
    *) echo "usage: tools/setup.sh [--group NAME]..." >&2; exit 2 ;;
  esac
done

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
