// kernel/fs/vfs/root.hh — the name space at boot: the root tmpfs and what is mounted on it.
//
// mount_root() makes a tmpfs the root, unpacks the initramfs into it, and mounts devfs
// on /dev, and tmpfs on /dev/shm and /tmp (making the directories when the archive has
// none). Every process's root and cwd start at root_path().
#pragma once

#include "fs/vfs/mount.hh"

namespace vfs {

/// Builds the root name space (once, at boot, before the first process). Without
/// memory for it, logs an error and leaves root_path() empty.
void mount_root();
/// The root of the root mount (no reference taken; empty when there is none).
Path root_path();

}  // namespace vfs
