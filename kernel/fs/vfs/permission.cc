// kernel/fs/vfs/permission.cc — permission checks (permission.hh).
#include "fs/vfs/permission.hh"

namespace vfs {

bool Cred::in_group(u32 gid) const {
    if (gid == fsgid) return true;
    for (u32 i = 0; i < ngroups; ++i)
        if (groups[i] == gid) return true;
    return false;
}

Result<void> permission(const Inode& inode, int mask, const Cred* cred) {
    if (!cred) return {};
    u32 mode = inode.mode;
    u32 bits;
    if (cred->fsuid == inode.uid) bits = mode >> 6;
    else if (cred->in_group(inode.gid)) bits = mode >> 3;
    else bits = mode;
    if ((u32(mask) & ~bits & 7) == 0) return {};
    bool dir = is_dir(mode);
    if (cred->capable(CAP_DAC_OVERRIDE)) {
        if (!(mask & MAY_EXEC) || dir || (mode & 0111)) return {};
    }
    if (cred->capable(CAP_DAC_READ_SEARCH)) {
        if (mask == MAY_READ || (dir && !(mask & MAY_WRITE))) return {};
    }
    return Error(EACCES);
}

bool owner_or_capable(const Inode& inode, const Cred* cred) {
    return !cred || cred->fsuid == inode.uid || cred->capable(CAP_FOWNER);
}

Result<void> may_create(const Inode& dir, const Cred* cred) {
    return permission(dir, MAY_WRITE | MAY_EXEC, cred);
}

Result<void> may_delete(const Inode& dir, const Inode& victim, const Cred* cred) {
    TRY(permission(dir, MAY_WRITE | MAY_EXEC, cred));
    if (cred && (dir.mode & S_ISVTX) && cred->fsuid != victim.uid && cred->fsuid != dir.uid &&
        !cred->capable(CAP_FOWNER))
        return Error(EPERM);
    return {};
}

}  // namespace vfs
