// kernel/exec/initramfs.hh — the initramfs: a cpio archive GRUB loaded as a module.
//
// At boot its members are unpacked into the root tmpfs (unpack), where execve and every
// other path finds them; lookup() still reads the archive itself. The module named "initramfs" (the text after the path on GRUB's module2
// line) is used, or else the first module. Its bytes stay where the loader put them
// (mm keeps module memory reserved) and are read through the direct map.
#pragma once

#include "fs/cpio.hh"
#include "fs/vfs/mount.hh"
#include "lib/result.hh"

namespace initramfs {

/// Finds and validates the archive; false (with a log line) when there is none or it
/// is malformed.
bool init();
/// True once init() found an archive.
bool present();
/// The member at absolute @p path. ENOENT (also without an archive).
Result<cpio::Entry> lookup(StrView path);
/// Copies every member into the tree at @p root: directories, regular files (hard
/// links stay links), symbolic links, device nodes and FIFOs, with their modes, owners
/// and times; missing parent directories are made. Nothing without an archive. ENOMEM.
Result<void> unpack(const vfs::Path& root);

}  // namespace initramfs
