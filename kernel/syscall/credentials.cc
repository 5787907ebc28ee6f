// kernel/syscall/credentials.cc — changing who a task is: set*uid, set*gid, the groups,
// capget and capset.
//
// Each changes the calling thread's credentials only (proc/cred.hh says why that is
// Linux's model); the rules themselves are in proc/cred.cc.
#include "mm/heap.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct CapHeader {
    u32 version;
    i32 pid;
};
struct CapData {
    u32 effective, permitted, inheritable;
};

namespace {

proc::Credentials& creds() { return proc::current()->cred; }

// capget/capset's header and data (linux/capability.h).
constexpr u32 CAP_V1 = 0x19980330, CAP_V2 = 0x20071026, CAP_V3 = 0x20080522;

// How many CapData records a header's version exchanges; EINVAL (after telling the
// caller the version Larch prefers) for an unknown one.
Result<usize> cap_words(vm::UserPtr<CapHeader> hdr, CapHeader* h) {
    *h = TRY(hdr.read());
    if (h->version == CAP_V1) return 1;
    if (h->version == CAP_V2 || h->version == CAP_V3) return 2;
    CapHeader fixed{CAP_V3, h->pid};
    TRY(hdr.write(fixed));
    return Error(EINVAL);
}

}  // namespace

Result<u64> sys_setuid(u32 uid) {
    TRY(proc::set_uid(creds(), uid));
    return 0;
}

Result<u64> sys_setgid(u32 gid) {
    TRY(proc::set_gid(creds(), gid));
    return 0;
}

Result<u64> sys_setreuid(u32 ruid, u32 euid) {
    TRY(proc::set_reuid(creds(), ruid, euid));
    return 0;
}

Result<u64> sys_setregid(u32 rgid, u32 egid) {
    TRY(proc::set_regid(creds(), rgid, egid));
    return 0;
}

Result<u64> sys_setresuid(u32 ruid, u32 euid, u32 suid) {
    TRY(proc::set_resuid(creds(), ruid, euid, suid));
    return 0;
}

Result<u64> sys_setresgid(u32 rgid, u32 egid, u32 sgid) {
    TRY(proc::set_resgid(creds(), rgid, egid, sgid));
    return 0;
}

Result<u64> sys_getresuid(vm::UserPtr<u32> ruid, vm::UserPtr<u32> euid, vm::UserPtr<u32> suid) {
    const proc::Credentials& c = creds();
    TRY(ruid.write(c.uid));
    TRY(euid.write(c.euid));
    TRY(suid.write(c.suid));
    return 0;
}

Result<u64> sys_getresgid(vm::UserPtr<u32> rgid, vm::UserPtr<u32> egid, vm::UserPtr<u32> sgid) {
    const proc::Credentials& c = creds();
    TRY(rgid.write(c.gid));
    TRY(egid.write(c.egid));
    TRY(sgid.write(c.sgid));
    return 0;
}

Result<u64> sys_setfsuid(u32 fsuid) { return proc::set_fsuid(creds(), fsuid); }
Result<u64> sys_setfsgid(u32 fsgid) { return proc::set_fsgid(creds(), fsgid); }

Result<u64> sys_getgroups(int size, vm::UserPtr<u32> list) {
    if (size < 0) return Error(EINVAL);
    const proc::Credentials& c = creds();
    u32 n = c.group_count();
    if (size == 0) return n;
    if (u32(size) < n) return Error(EINVAL);
    TRY(vm::copy_n_to_user(list, c.group_ids(), n));
    return n;
}

Result<u64> sys_setgroups(int size, vm::UserPtr<const u32> list) {
    proc::Credentials& c = creds();
    if (!c.capable(proc::CAP_SETGID)) return Error(EPERM);
    if (u32(size) > proc::NGROUPS_MAX) return Error(EINVAL);
    u32* ids = static_cast<u32*>(TRY(mm::kmalloc(sizeof(u32) * (size ? size : 1))));
    auto copied = vm::copy_n_from_user(ids, list, usize(size));
    Result<proc::GroupList*> made = copied.is_error() ? Result<proc::GroupList*>(Error(EFAULT))
                                                      : proc::groups_make(ids, u32(size));
    mm::kfree(ids);
    proc::GroupList* g = TRY(std::move(made));
    proc::groups_put(c.groups);
    c.groups = g;
    return 0;
}

Result<u64> sys_capget(vm::UserPtr<CapHeader> hdr, vm::UserPtr<CapData> data) {
    CapHeader h;
    auto words = cap_words(hdr, &h);
    if (data.is_null()) {  // a probe for the version: EINVAL is reported in the header
        if (words.is_error() && words.error() != EINVAL) return Error(words.error());
        return 0;
    }
    usize n = TRY(std::move(words));
    if (h.pid < 0) return Error(EINVAL);
    u64 eff, prm, inh;
    if (h.pid == 0 || h.pid == proc::current()->tid) {
        const proc::Credentials& c = creds();
        eff = c.cap_effective, prm = c.cap_permitted, inh = c.cap_inheritable;
    } else {
        proc::TaskRef t = proc::task_find_get(h.pid);
        if (!t) return Error(ESRCH);
        eff = t->cred.cap_effective, prm = t->cred.cap_permitted, inh = t->cred.cap_inheritable;
    }
    CapData out[2] = {{u32(eff), u32(prm), u32(inh)},
                      {u32(eff >> 32), u32(prm >> 32), u32(inh >> 32)}};
    TRY(vm::copy_n_to_user(data, out, n));
    return 0;
}

Result<u64> sys_capset(vm::UserPtr<CapHeader> hdr, vm::UserPtr<const CapData> data) {
    CapHeader h;
    usize n = TRY(cap_words(hdr, &h));
    if (h.pid != 0 && h.pid != proc::current()->tid) return Error(EPERM);
    CapData in[2] = {};
    TRY(vm::copy_n_from_user(in, data, n));
    auto join = [](u32 lo, u32 hi) { return (u64(lo) | u64(hi) << 32) & proc::CAP_FULL; };
    TRY(proc::set_caps(creds(), join(in[0].effective, in[1].effective),
                       join(in[0].permitted, in[1].permitted),
                       join(in[0].inheritable, in[1].inheritable)));
    return 0;
}

}  // namespace syscalls
