// kernel/syscall/identity.cc — who am I: getpid, getppid, gettid, the uids and gids.
#include "proc/table.hh"
#include "syscall/handlers.hh"

// LAB_BEGIN(03-processes, 3): getpid, getppid, gettid and the ids: read them from proc::current()
namespace syscalls {

i64 sys_getpid() { return proc::current()->tgid; }
i64 sys_gettid() { return proc::current()->tid; }

i64 sys_getppid() {
    SpinLockGuard g(proc::tree_lock());
    proc::Task* parent = proc::current()->parent;
    return parent ? parent->tgid : 0;
}

i64 sys_getuid() { return proc::current()->cred.uid; }
i64 sys_geteuid() { return proc::current()->cred.euid; }
i64 sys_getgid() { return proc::current()->cred.gid; }
i64 sys_getegid() { return proc::current()->cred.egid; }

}  // namespace syscalls
// LAB_FALLBACK
// LAB_END
