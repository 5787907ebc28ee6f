#!/usr/bin/env bash
# tools/fetch-lwip.sh — fetches and unpacks lwIP, the TCP/IP stack lab 07 builds into the kernel.
#
#   tools/fetch-lwip.sh CACHE      leaves lwIP's tree in CACHE/lwip-2.1.3 (idempotent)
#
# lwIP's code never enters the repository: the Makefile calls this script (CACHE is
# .cache/, which .gitignore ignores, outside build/ so that `make clean` keeps it). The
# source is Debian's package `lwip` 2.1.3+dfsg1: through `apt-get source` when a deb-src
# entry is configured, else the same orig tarball from Debian's archive pool. Either way
# the tarball's sha256 must be the pinned one, or nothing is unpacked.
set -euo pipefail

CACHE=${1:?usage: tools/fetch-lwip.sh CACHE}
VERSION=2.1.3
TARBALL=lwip_${VERSION}+dfsg1.orig.tar.xz
SHA256=0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24
POOL=http://deb.debian.org/debian/pool/main/l/lwip
TREE=$CACHE/lwip-$VERSION

[ -f "$TREE/.unpacked" ] && exit 0
mkdir -p "$CACHE"

sha_ok() { [ -f "$1" ] && echo "$SHA256  $1" | sha256sum -c --status; }

if ! sha_ok "$CACHE/$TARBALL"; then
  rm -f "$CACHE/$TARBALL"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # deb-src first (any Debian revision of 2.1.3+dfsg1 ships this same orig tarball).
  if apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -qx Sources; then
    echo "fetch-lwip: apt-get source lwip"
    (cd "$tmp" && apt-get source --download-only -qq lwip >/dev/null 2>&1) || true
    [ -f "$tmp/$TARBALL" ] && sha_ok "$tmp/$TARBALL" && mv "$tmp/$TARBALL" "$CACHE/$TARBALL"
  fi
  if [ ! -f "$CACHE/$TARBALL" ]; then
    echo "fetch-lwip: $POOL/$TARBALL"
    if command -v curl >/dev/null; then curl -sSfL -o "$tmp/$TARBALL" "$POOL/$TARBALL"
    else wget -q -O "$tmp/$TARBALL" "$POOL/$TARBALL"; fi
    sha_ok "$tmp/$TARBALL" || {
      echo "fetch-lwip: $TARBALL: sha256 is not $SHA256" >&2
      exit 1
    }
    mv "$tmp/$TARBALL" "$CACHE/$TARBALL"
  fi
fi

rm -rf "$TREE"
tar -C "$CACHE" -xJf "$CACHE/$TARBALL"
[ -f "$TREE/src/core/tcp.c" ] || { echo "fetch-lwip: $TARBALL has no $TREE/src/core/tcp.c" >&2; exit 1; }
touch "$TREE/.unpacked"
echo "fetch-lwip: lwIP $VERSION in $TREE"
