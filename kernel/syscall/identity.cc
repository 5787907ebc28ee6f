// kernel/syscall/identity.cc — who am I: getpid, getppid, gettid, the uids and gids.
#include "proc/table.hh"
#include "syscall/handlers.hh"

// LAB_BEGIN(03-processes, 3): getpid, getppid, gettid and the ids: read them from proc::current()
namespace syscalls {

Result<u64> sys_getpid() { return static_cast<u64>(proc::current()->tgid); }
Result<u64> sys_gettid() { return static_cast<u64>(proc::current()->tid); }

Result<u64> sys_getppid() {
    SpinLockGuard g(proc::tree_lock());
    proc::Task* parent = proc::current()->parent;
    return static_cast<u64>(parent ? parent->tgid : 0);
}

Result<u64> sys_getuid() { return proc::current()->cred.uid; }
Result<u64> sys_geteuid() { return proc::current()->cred.euid; }
Result<u64> sys_getgid() { return proc::current()->cred.gid; }
Result<u64> sys_getegid() { return proc::current()->cred.egid; }

}  // namespace syscalls
// LAB_FALLBACK
// LAB_END
