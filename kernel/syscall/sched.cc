// kernel/syscall/sched.cc — the CPUs a thread runs on: sched_getaffinity,
// sched_setaffinity, getcpu, membarrier.
//
// Affinity masks are Linux's cpumask: bit i is CPU i (the index, 0 = the boot CPU);
// Larch has at most 16 CPUs, so one 64-bit word holds the whole mask and
// sched_getaffinity returns 8, the size Linux reports for up to 64 CPUs.
//
// membarrier makes every other CPU execute a full barrier before it returns, with an
// IPI to each (smp::call_on_others, which waits for them): taking an interrupt
// serializes the interrupted thread, so each has passed a barrier between its
// accesses before and after the call. GLOBAL and PRIVATE_EXPEDITED both do that here
// (PRIVATE_EXPEDITED needs a REGISTER_PRIVATE_EXPEDITED first, as on Linux).
#include <atomic>

#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/smp.hh"
#include "lib/spinlock.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "syscall/handlers.hh"

namespace syscalls {
// LAB_BEGIN(04-clone, 5): affinity, getcpu and membarrier
namespace {

constexpr usize MASK_BYTES = 8;

// The task @p pid names (0: the caller), with a reference. ESRCH.
Result<proc::TaskRef> target(int pid) {
    if (pid < 0) return Error(EINVAL);
    proc::Task* me = proc::current();
    if (pid == 0 || pid == me->tid) {
        proc::task_get(me);
        return proc::TaskRef(me);
    }
    proc::TaskRef t = proc::task_find_get(pid);
    if (!t) return Error(ESRCH);
    return t;
}

enum : int {
    MEMBARRIER_CMD_QUERY = 0,
    MEMBARRIER_CMD_GLOBAL = 1,
    MEMBARRIER_CMD_PRIVATE_EXPEDITED = 8,
    MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 16,
};
constexpr int MEMBARRIER_SUPPORTED = MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_PRIVATE_EXPEDITED |
                                     MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;

// Address spaces registered for PRIVATE_EXPEDITED (a space is never unregistered; a
// new space at a freed one's address inherits the registration, which only spares it
// an EPERM).
constexpr usize MAX_REGISTERED = 256;
Guarded<const void* [MAX_REGISTERED]> registered("membarrier-registered");

bool is_registered(const void* as) {
    auto r = registered.lock();
    for (const void* a : *r)
        if (a == as) return true;
    return false;
}

Result<void> do_register(const void* as) {
    auto r = registered.lock();
    for (const void*& a : *r)
        if (a == as) return {};
    for (const void*& a : *r)
        if (!a) {
            a = as;
            return {};
        }
    return Error(ENOMEM);
}

void barrier(void*) { std::atomic_thread_fence(std::memory_order_seq_cst); }

}  // namespace

Result<u64> sys_sched_getaffinity(int pid, usize len, vm::UserPtr<u8> mask) {
    if (len < MASK_BYTES || len % sizeof(u64)) return Error(EINVAL);
    proc::TaskRef t = TRY(target(pid));
    u64 m = proc::get_affinity(t.get());
    unsigned n = arch::cpus_online.load();
    if (n < 64) m &= (1ull << n) - 1;
    u8 bytes[MASK_BYTES];
    for (usize i = 0; i < MASK_BYTES; ++i) bytes[i] = u8(m >> (8 * i));
    TRY(vm::copy_n_to_user(mask, bytes, MASK_BYTES));
    return MASK_BYTES;
}

Result<u64> sys_sched_setaffinity(int pid, usize len, vm::UserPtr<const u8> mask) {
    // A shorter mask is zero-extended, a longer one may name CPUs that do not exist.
    u8 bytes[MASK_BYTES] = {};
    TRY(vm::copy_n_from_user(bytes, mask, len < MASK_BYTES ? len : MASK_BYTES));
    u64 m = 0;
    for (usize i = 0; i < MASK_BYTES; ++i) m |= u64(bytes[i]) << (8 * i);
    proc::TaskRef t = TRY(target(pid));
    TRY(proc::set_affinity(t.get(), m));
    return 0;
}

Result<u64> sys_getcpu(vm::UserPtr<u32> cpu, vm::UserPtr<u32> node, vm::UserAddr) {
    u32 c = arch::cpu_index();
    if (!cpu.is_null()) TRY(cpu.write(c));
    if (!node.is_null()) TRY(node.write(0u));
    return 0;
}

Result<u64> sys_membarrier(int cmd, u32 flags, int) {
    if (flags) return Error(EINVAL);
    const void* as = proc::current()->as;
    switch (cmd) {
    case MEMBARRIER_CMD_QUERY:
        return u64(MEMBARRIER_SUPPORTED);
    case MEMBARRIER_CMD_GLOBAL:
        smp::call_on_others(barrier, nullptr, true);
        return 0;
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
        TRY(do_register(as));
        return 0;
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
        if (!is_registered(as)) return Error(EPERM);
        smp::call_on_others(barrier, nullptr, true);
        return 0;
    default:
        return Error(EINVAL);
    }
}
// LAB_FALLBACK
// Result<u64> sys_sched_getaffinity(int, [[maybe_unused]] usize len, vm::UserPtr<u8>) { return Error(ENOSYS); }
// Result<u64> sys_sched_setaffinity(int, [[maybe_unused]] usize len, vm::UserPtr<const u8>) { return Error(ENOSYS); }
// Result<u64> sys_getcpu(vm::UserPtr<u32>, vm::UserPtr<u32>, vm::UserAddr) { return Error(ENOSYS); }
// Result<u64> sys_membarrier(int, u32, int) { return Error(ENOSYS); }
// LAB_END

}  // namespace syscalls
