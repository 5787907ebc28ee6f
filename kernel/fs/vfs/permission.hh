// kernel/fs/vfs/permission.hh — may this caller read, write or search this inode?
//
// The VFS checks permissions against a Cred: the caller's file-system ids, groups and
// effective capabilities, as the system call layer sees them (syscall/file_util.hh
// makes one from the task's credentials; a null Cred means the kernel itself, which
// may do anything). The rules are Linux's generic_permission:
//   - the owner's bits apply when fsuid owns the inode, else the group's when fsgid
//     or a supplementary group is the inode's group, else the others';
//   - CAP_DAC_OVERRIDE overrides them, except that executing a non-directory still
//     needs an execute bit somewhere;
//   - CAP_DAC_READ_SEARCH allows reading anything and searching directories.
// The sticky bit (S_ISVTX) on a directory lets only the owner of an entry, the owner
// of the directory or CAP_FOWNER remove or rename the entry.
#pragma once

#include "fs/vfs/inode.hh"

namespace vfs {

constexpr int MAY_EXEC = 1, MAY_WRITE = 2, MAY_READ = 4;

/// The caller as permission checks see it.
struct Cred {
    u32 fsuid = 0, fsgid = 0;
    const u32* groups = nullptr;  ///< supplementary groups
    u32 ngroups = 0;
    u64 caps = 0;  ///< effective capabilities (bit = Linux's CAP_* number)

    bool capable(int cap) const { return caps & (1ull << cap); }
    bool in_group(u32 gid) const;
};

/// Linux's capability numbers the VFS checks.
constexpr int CAP_CHOWN = 0, CAP_DAC_OVERRIDE = 1, CAP_DAC_READ_SEARCH = 2, CAP_FOWNER = 3,
              CAP_FSETID = 4, CAP_MKNOD = 27;

/// Checks @p mask (MAY_*) on @p inode for @p cred (null: allowed). EACCES.
Result<void> permission(const Inode& inode, int mask, const Cred* cred);
/// Whether @p cred owns @p inode or has CAP_FOWNER (chmod, utimes, sticky checks).
bool owner_or_capable(const Inode& inode, const Cred* cred);
/// May @p cred remove or replace @p victim in directory @p dir: write and search on
/// @p dir, and the sticky bit's rule. EACCES, EPERM.
Result<void> may_delete(const Inode& dir, const Inode& victim, const Cred* cred);
/// May @p cred create an entry in @p dir (write and search). EACCES.
Result<void> may_create(const Inode& dir, const Cred* cred);

}  // namespace vfs
