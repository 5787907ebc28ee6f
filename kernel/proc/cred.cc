// kernel/proc/cred.cc — credentials: groups, the set*id rules, capabilities (cred.hh).
#include "proc/cred.hh"

#include "mm/heap.hh"

namespace proc {
namespace {

constexpr u32 KEEP = ~0u;  // "unchanged" in setre*id and setres*id

// Linux's cap_emulate_setxuid: what a change of uids does to the capability sets.
void emulate_setxuid(Credentials& c, const Credentials& old) {
    bool old_root = old.uid == 0 || old.euid == 0 || old.suid == 0;
    bool new_root = c.uid == 0 || c.euid == 0 || c.suid == 0;
    if (old_root && !new_root) {
        c.cap_permitted = 0;
        c.cap_effective = 0;
    }
    if (old.euid == 0 && c.euid != 0) c.cap_effective = 0;
    if (old.euid != 0 && c.euid == 0) c.cap_effective = c.cap_permitted;
}

// The fsuid part of it (Linux's cap_task_fix_setuid for LSM_SETID_FS).
void emulate_setfsuid(Credentials& c, u32 old_fsuid) {
    if (old_fsuid == 0 && c.fsuid != 0) c.cap_effective &= ~CAP_FS_MASK;
    if (old_fsuid != 0 && c.fsuid == 0) c.cap_effective |= c.cap_permitted & CAP_FS_MASK;
}

bool is_one_of(u32 id, u32 a, u32 b, u32 c) { return id == a || id == b || id == c; }

}  // namespace

Result<GroupList*> groups_make(const u32* gids, u32 count) {
    void* mem = TRY(mm::kmalloc(sizeof(GroupList) + sizeof(u32) * (count ? count : 1)));
    GroupList* g = new (mem) GroupList;
    g->count = count;
    for (u32 i = 0; i < count; ++i) {  // insertion sort: lists are short
        u32 v = gids[i];
        u32 j = i;
        while (j > 0 && g->gids[j - 1] > v) {
            g->gids[j] = g->gids[j - 1];
            --j;
        }
        g->gids[j] = v;
    }
    return g;
}

void groups_get(GroupList* g) {
    if (g) g->refs.fetch_add(1, std::memory_order_relaxed);
}

void groups_put(GroupList* g) {
    if (g && g->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        g->~GroupList();
        mm::kfree(g);
    }
}

Credentials& Credentials::operator=(const Credentials& o) {
    if (this == &o) return *this;
    groups_get(o.groups);
    groups_put(groups);
    uid = o.uid, euid = o.euid, suid = o.suid, fsuid = o.fsuid;
    gid = o.gid, egid = o.egid, sgid = o.sgid, fsgid = o.fsgid;
    cap_effective = o.cap_effective;
    cap_permitted = o.cap_permitted;
    cap_inheritable = o.cap_inheritable;
    groups = o.groups;
    return *this;
}

Credentials::~Credentials() { groups_put(groups); }

bool Credentials::in_group(u32 g) const {
    if (g == fsgid) return true;
    for (u32 i = 0; i < group_count(); ++i)
        if (groups->gids[i] == g) return true;
    return false;
}

bool Credentials::in_egroup(u32 g) const {
    if (g == egid) return true;
    for (u32 i = 0; i < group_count(); ++i)
        if (groups->gids[i] == g) return true;
    return false;
}

Result<void> set_uid(Credentials& c, u32 uid) {
    if (uid == KEEP) return Error(EINVAL);
    Credentials old = c;
    if (c.capable(CAP_SETUID)) {
        c.uid = c.suid = uid;
    } else if (uid != c.uid && uid != c.suid) {
        return Error(EPERM);
    }
    c.euid = c.fsuid = uid;
    emulate_setxuid(c, old);
    emulate_setfsuid(c, old.fsuid);
    return {};
}

Result<void> set_reuid(Credentials& c, u32 ruid, u32 euid) {
    Credentials old = c;
    bool cap = c.capable(CAP_SETUID);
    if (ruid != KEEP && !cap && ruid != old.uid && ruid != old.euid) return Error(EPERM);
    if (euid != KEEP && !cap && !is_one_of(euid, old.uid, old.euid, old.suid)) return Error(EPERM);
    if (ruid != KEEP) c.uid = ruid;
    if (euid != KEEP) c.euid = euid;
    if (ruid != KEEP || (euid != KEEP && euid != old.uid)) c.suid = c.euid;
    c.fsuid = c.euid;
    emulate_setxuid(c, old);
    emulate_setfsuid(c, old.fsuid);
    return {};
}

Result<void> set_resuid(Credentials& c, u32 ruid, u32 euid, u32 suid) {
    Credentials old = c;
    if (!c.capable(CAP_SETUID)) {
        for (u32 id : {ruid, euid, suid})
            if (id != KEEP && !is_one_of(id, old.uid, old.euid, old.suid)) return Error(EPERM);
    }
    if (ruid != KEEP) c.uid = ruid;
    if (euid != KEEP) c.euid = euid;
    if (suid != KEEP) c.suid = suid;
    c.fsuid = c.euid;
    emulate_setxuid(c, old);
    emulate_setfsuid(c, old.fsuid);
    return {};
}

u32 set_fsuid(Credentials& c, u32 fsuid) {
    u32 old = c.fsuid;
    if (fsuid == KEEP) return old;
    if (is_one_of(fsuid, c.uid, c.euid, c.suid) || fsuid == c.fsuid || c.capable(CAP_SETUID)) {
        c.fsuid = fsuid;
        emulate_setfsuid(c, old);
    }
    return old;
}

Result<void> set_gid(Credentials& c, u32 gid) {
    if (gid == KEEP) return Error(EINVAL);
    if (c.capable(CAP_SETGID)) {
        c.gid = c.sgid = gid;
    } else if (gid != c.gid && gid != c.sgid) {
        return Error(EPERM);
    }
    c.egid = c.fsgid = gid;
    return {};
}

Result<void> set_regid(Credentials& c, u32 rgid, u32 egid) {
    Credentials old = c;
    bool cap = c.capable(CAP_SETGID);
    if (rgid != KEEP && !cap && rgid != old.gid && rgid != old.egid) return Error(EPERM);
    if (egid != KEEP && !cap && !is_one_of(egid, old.gid, old.egid, old.sgid)) return Error(EPERM);
    if (rgid != KEEP) c.gid = rgid;
    if (egid != KEEP) c.egid = egid;
    if (rgid != KEEP || (egid != KEEP && egid != old.gid)) c.sgid = c.egid;
    c.fsgid = c.egid;
    return {};
}

Result<void> set_resgid(Credentials& c, u32 rgid, u32 egid, u32 sgid) {
    if (!c.capable(CAP_SETGID)) {
        for (u32 id : {rgid, egid, sgid})
            if (id != KEEP && !is_one_of(id, c.gid, c.egid, c.sgid)) return Error(EPERM);
    }
    if (rgid != KEEP) c.gid = rgid;
    if (egid != KEEP) c.egid = egid;
    if (sgid != KEEP) c.sgid = sgid;
    c.fsgid = c.egid;
    return {};
}

u32 set_fsgid(Credentials& c, u32 fsgid) {
    u32 old = c.fsgid;
    if (fsgid == KEEP) return old;
    if (is_one_of(fsgid, c.gid, c.egid, c.sgid) || fsgid == c.fsgid || c.capable(CAP_SETGID))
        c.fsgid = fsgid;
    return old;
}

Result<void> set_caps(Credentials& c, u64 effective, u64 permitted, u64 inheritable) {
    auto subset = [](u64 a, u64 b) { return (a & ~b) == 0; };
    if (!c.capable(CAP_SETPCAP) && !subset(inheritable, c.cap_inheritable | c.cap_permitted))
        return Error(EPERM);
    if (!subset(inheritable, c.cap_inheritable | CAP_FULL)) return Error(EPERM);
    if (!subset(permitted, c.cap_permitted)) return Error(EPERM);
    if (!subset(effective, permitted)) return Error(EPERM);
    c.cap_effective = effective;
    c.cap_permitted = permitted;
    c.cap_inheritable = inheritable;
    return {};
}

bool exec_credentials(Credentials& c, bool set_uid, u32 file_uid, bool set_gid, u32 file_gid) {
    if (set_uid) c.euid = file_uid;
    if (set_gid) c.egid = file_gid;
    c.suid = c.fsuid = c.euid;
    c.sgid = c.fsgid = c.egid;
    // Root's privileges without file capabilities (capabilities(7), "Capabilities and
    // execution of programs by root").
    if (c.euid == 0 || c.uid == 0) c.cap_permitted = CAP_FULL;
    else c.cap_permitted = 0;
    c.cap_effective = c.euid == 0 ? c.cap_permitted : 0;
    return c.euid != c.uid || c.egid != c.gid;
}

}  // namespace proc
