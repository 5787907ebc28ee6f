// kernel/syscall/misc.cc — uname, arch_prctl, getrandom, the rlimits.
#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "lib/irq_state.hh"
#include "lib/string.hh"
#include "proc/random.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"
#include "vm/address_space.hh"
#include "vm/user_path.hh"

// LAB_BEGIN(03-processes, 3): uname, arch_prctl (FS base), getrandom, the rlimits
namespace syscalls {

struct Utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

struct RLimit64 {
    u64 cur, max;
};

namespace {

void set_field(char* f, const char* v) {
    memset(f, 0, 65);
    memcpy(f, v, strlen(v));
}

constexpr int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003,
              ARCH_GET_GS = 0x1004;
constexpr u32 GRND_NONBLOCK = 1, GRND_RANDOM = 2, GRND_INSECURE = 4;

}  // namespace

Result<u64> sys_uname(vm::UserPtr<Utsname> buf) {
    Utsname u;
    set_field(u.sysname, "Linux");
    set_field(u.nodename, "larch");
    set_field(u.release, "6.1.0-larch");
    set_field(u.version, "#1 SMP Larch teaching kernel");
    set_field(u.machine, "x86_64");
    set_field(u.domainname, "(none)");
    TRY(buf.write(u));
    return 0;
}

//! [sys_arch_prctl]
// For the SET codes @p addr is the new base, for the GET codes where to store it.
Result<u64> sys_arch_prctl(int code, vm::UserAddr addr) {
    proc::Task* t = proc::current();
    switch (code) {
    case ARCH_SET_FS: {
        if (addr.address() >= vm::USER_TOP) return Error(EPERM);  // kernel or non-canonical
        IrqGuard irqs_off;
        t->fs_base = addr.address();
        arch::wrmsr(arch::MSR_FS_BASE, addr.address());
        return 0;
    }
    case ARCH_GET_FS:
        TRY(addr.as<u64>().write(t->fs_base));
        return 0;
    case ARCH_SET_GS:
        if (addr.address() >= vm::USER_TOP) return Error(EPERM);
        return Error(EINVAL);  // user GS bases: not kept yet (no libc uses them)
    case ARCH_GET_GS:
        TRY(addr.as<u64>().write(0));
        return 0;
    default:
        return Error(EINVAL);
    }
}
//! [sys_arch_prctl]

Result<u64> sys_getrandom(vm::UserPtr<u8> buf, usize len, u32 flags) {
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) return Error(EINVAL);
    if ((flags & GRND_RANDOM) && (flags & GRND_INSECURE)) return Error(EINVAL);
    if (len > 33554431) len = 33554431;  // Linux caps one call at 32 MiB - 1
    vm::UserBuffer out = TRY(vm::UserBuffer::checked(buf, len));
    // Pieces never cross a page, so a buffer that runs into an unmapped page is filled
    // up to it and that short count returned, byte for byte what Linux returns.
    u8 chunk[256];
    u64 done = 0;
    while (done < len) {
        usize n = len - done < sizeof chunk ? len - done : sizeof chunk;
        usize to_page = 4096 - ((out.address() + done) & 4095);
        if (n > to_page) n = to_page;
        proc::random_bytes(chunk, n);
        auto r = out.write(done, chunk, n);
        if (r.is_error()) {
            if (done) return done;
            return Error(r.error());
        }
        done += n;
    }
    return done;
}

Result<u64> sys_prlimit64(int pid, u32 resource, vm::UserPtr<const RLimit64> new_limit,
                          vm::UserPtr<RLimit64> old_limit) {
    RLimit64 next{};
    if (!new_limit.is_null()) next = TRY(new_limit.read());  // before any lock
    if (resource >= u32(proc::RLIMIT_COUNT)) return Error(EINVAL);
    if (!new_limit.is_null() && next.cur > next.max) return Error(EINVAL);
    proc::Task* me = proc::current();
    RLimit64 old;
    {
        SpinLockGuard g(proc::tree_lock());
        proc::Task* t = me;
        if (pid != 0 && pid != me->tid) {
            t = proc::table_find(pid);
            if (!t || t->state == proc::State::Zombie) return Error(ESRCH);
        }
        old = {t->rlimits[resource].cur, t->rlimits[resource].max};
        if (!new_limit.is_null() && next.max > old.max && t->cred.euid != 0) return Error(EPERM);
        if (!new_limit.is_null()) t->rlimits[resource] = {next.cur, next.max};
    }
    if (!old_limit.is_null()) TRY(old_limit.write(old));
    return 0;
}

Result<u64> sys_getrlimit(u32 resource, vm::UserPtr<RLimit64> rlim) {
    if (rlim.is_null()) return Error(EFAULT);
    return sys_prlimit64(0, resource, {}, rlim);
}
Result<u64> sys_setrlimit(u32 resource, vm::UserPtr<const RLimit64> rlim) {
    if (rlim.is_null()) return Error(EFAULT);
    return sys_prlimit64(0, resource, rlim, {});
}

}  // namespace syscalls
// LAB_FALLBACK
// LAB_END
