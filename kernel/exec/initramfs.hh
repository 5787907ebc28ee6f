// kernel/exec/initramfs.hh — the initramfs: a cpio archive GRUB loaded as a module.
//
// Until the VFS of lab 05 this archive is the whole file system: execve looks programs
// up here. The module named "initramfs" (the text after the path on GRUB's module2
// line) is used, or else the first module. Its bytes stay where the loader put them
// (mm keeps module memory reserved) and are read through the direct map.
#pragma once

#include "fs/cpio.hh"
#include "lib/result.hh"

namespace initramfs {

/// Finds and validates the archive; false (with a log line) when there is none or it
/// is malformed.
bool init();
/// True once init() found an archive.
bool present();
/// The member at absolute @p path. ENOENT (also without an archive).
Result<cpio::Entry> lookup(StrView path);

}  // namespace initramfs
