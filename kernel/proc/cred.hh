// kernel/proc/cred.hh — who a task acts as: user and group ids, groups, capabilities.
//
// Linux keeps credentials per thread; the C libraries make set*id(2) apply to every
// thread of a process by running the call in each (musl's __synccall, glibc's
// setxid broadcast). Larch does the same: each Task has its own Credentials, copied
// at every clone (threads included), and written only by the task itself.
//
//   uid, euid, suid, fsuid   real, effective, saved and file-system user ids
//   gid, egid, sgid, fsgid   the same for groups
//   groups                   the supplementary groups (setgroups), sorted, shared
//                            between copies (counted, never changed in place)
//   cap_*                    the capability sets; root starts with all of them, and
//                            the set*id rules below take them away and give them
//                            back as Linux's "root emulation" does (capabilities(7),
//                            "Effect of user ID changes on capabilities").
//
// Permission checks on files use fsuid, fsgid, the groups and the effective set
// (fs/vfs/permission.hh gets that view from syscall/file_util.hh).
#pragma once

#include <atomic>

#include "lib/result.hh"
#include "lib/types.hh"

namespace proc {

/// Linux's capability numbers (the ones Larch checks, and the last one).
constexpr int CAP_CHOWN = 0, CAP_DAC_OVERRIDE = 1, CAP_DAC_READ_SEARCH = 2, CAP_FOWNER = 3,
              CAP_FSETID = 4, CAP_KILL = 5, CAP_SETGID = 6, CAP_SETUID = 7, CAP_SETPCAP = 8,
              CAP_LINUX_IMMUTABLE = 9, CAP_SYS_CHROOT = 18, CAP_SYS_ADMIN = 21,
              CAP_SYS_RESOURCE = 24, CAP_MKNOD = 27, CAP_MAC_OVERRIDE = 32, CAP_LAST_CAP = 40;
/// Every capability (the bounding set: nothing is ever dropped from it).
constexpr u64 CAP_FULL = (1ull << (CAP_LAST_CAP + 1)) - 1;
constexpr u64 cap_bit(int cap) { return 1ull << cap; }
/// The file-system capabilities, which follow fsuid (Linux's CAP_FS_MASK).
constexpr u64 CAP_FS_MASK = cap_bit(CAP_CHOWN) | cap_bit(CAP_DAC_OVERRIDE) |
                            cap_bit(CAP_DAC_READ_SEARCH) | cap_bit(CAP_FOWNER) |
                            cap_bit(CAP_FSETID) | cap_bit(CAP_LINUX_IMMUTABLE) |
                            cap_bit(CAP_MKNOD) | cap_bit(CAP_MAC_OVERRIDE);
/// setgroups' limit (NGROUPS_MAX).
constexpr u32 NGROUPS_MAX = 65536;

/// A sorted, immutable list of supplementary group ids, shared by count.
struct GroupList {
    std::atomic<u32> refs{1};
    u32 count = 0;
    u32 gids[];  ///< count entries, ascending
};

/// Makes a list of @p count ids copied from @p gids (sorted here). ENOMEM.
Result<GroupList*> groups_make(const u32* gids, u32 count);
void groups_get(GroupList* g);
void groups_put(GroupList* g);

struct Credentials {
    u32 uid = 0, euid = 0, suid = 0, fsuid = 0;
    u32 gid = 0, egid = 0, sgid = 0, fsgid = 0;
    u64 cap_effective = CAP_FULL, cap_permitted = CAP_FULL, cap_inheritable = 0;
    GroupList* groups = nullptr;  ///< null: no supplementary groups

    Credentials() = default;
    Credentials(const Credentials& o) { *this = o; }
    Credentials& operator=(const Credentials& o);
    ~Credentials();

    bool capable(int cap) const { return cap_effective & cap_bit(cap); }
    /// Whether @p g is fsgid or a supplementary group (Linux's in_group_p).
    bool in_group(u32 g) const;
    /// The same with egid instead of fsgid (in_egroup_p).
    bool in_egroup(u32 g) const;
    u32 group_count() const { return groups ? groups->count : 0; }
    const u32* group_ids() const { return groups ? groups->gids : nullptr; }
};

/// The id changes of setuid(2) and friends on @p c, with their permission rules (EPERM
/// without CAP_SETUID / CAP_SETGID for an id the task does not have; EINVAL for an id
/// of -1 where one is required). ~0u means "unchanged" where Linux allows it.
Result<void> set_uid(Credentials& c, u32 uid);
Result<void> set_reuid(Credentials& c, u32 ruid, u32 euid);
Result<void> set_resuid(Credentials& c, u32 ruid, u32 euid, u32 suid);
/// setfsuid(2): changes fsuid when allowed; returns the previous fsuid either way.
u32 set_fsuid(Credentials& c, u32 fsuid);
Result<void> set_gid(Credentials& c, u32 gid);
Result<void> set_regid(Credentials& c, u32 rgid, u32 egid);
Result<void> set_resgid(Credentials& c, u32 rgid, u32 egid, u32 sgid);
u32 set_fsgid(Credentials& c, u32 fsgid);

/// capset(2)'s rules: the new sets of @p c must stay within what it had (EPERM).
Result<void> set_caps(Credentials& c, u64 effective, u64 permitted, u64 inheritable);

/// execve's change of credentials: a set-user-ID file (@p set_uid, owner @p file_uid)
/// makes it the effective uid, a set-group-ID one (@p set_gid) makes @p file_gid the
/// effective gid; saved and fs ids follow the effective ones, and root's capabilities
/// are recomputed (all when the new euid or the uid is 0, none otherwise). Returns
/// whether the ids changed (AT_SECURE).
bool exec_credentials(Credentials& c, bool set_uid, u32 file_uid, bool set_gid, u32 file_gid);

}  // namespace proc
