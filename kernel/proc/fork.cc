// kernel/proc/fork.cc — fork(2) and clone(2): a new task that is a copy of the caller (process.hh).
//
// The child gets a copy-on-write copy of the address space (vm::AddressSpace::
// clone_cow), or with CLONE_VM the same one, the parent's FPU registers, thread pointer,
// signal actions and mask, rlimits and credentials, and a kernel stack of its own whose
// top holds a copy of the parent's syscall frame with rax = 0. The stack below it is
// prepared as if the child had called context_switch from task_trampoline
// (context_switch.S), so its first run goes straight back to user mode, returning 0 from
// fork. Without CLONE_THREAD the child leads a new thread group (a process); with it, it
// joins the caller's (thread_group.hh).
#include "arch/x86_64/irq.hh"
#include "fs/task_files.hh"
#include "lib/irq_state.hh"
#include "lib/string.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "proc/thread_group.hh"
#include "vm/address_space.hh"
#include "vm/user_copy.hh"

namespace proc {
namespace {

/// The first address a TLS base may not have (Linux's TASK_SIZE_MAX: the last user page
/// is never mapped).
constexpr u64 TLS_LIMIT = vm::USER_TOP - 4096;

// Blocks the caller of a CLONE_VFORK clone until @p child execs or exits, or the caller
// is killed (then the child no longer reports to it).
[[maybe_unused]] void wait_for_vfork(Task* child, VforkDone& done) {
    SpinLock& lock = tree_lock();
    IrqState irqs = lock.lock();
    while (!done.done) {
        if (must_die()) {
            child->vfork_done = nullptr;  // not done: the child has neither exited nor execed
            break;
        }
        sleep_on(done.waiters, lock);
    }
    lock.unlock(std::move(irqs));
}

}  // namespace

/// Prepares @p t's kernel stack so that its first switch-in runs task_trampoline and
/// returns to user mode with the registers in t->frame().
void prepare_first_run(Task* t) {
    u64* sp = reinterpret_cast<u64*>(t->frame());
    *--sp = reinterpret_cast<u64>(task_trampoline);
    for (int i = 0; i < 6; ++i) *--sp = 0;  // rbp, rbx, r12-r15 as context_switch pops them
    t->saved_rsp = reinterpret_cast<u64>(sp);
}

Result<void> check_clone_flags(u64 flags) {
    constexpr u64 namespaces = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
                               CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
    if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)) return Error(EINVAL);
    if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) return Error(EINVAL);
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return Error(EINVAL);
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return Error(EINVAL);
    if ((flags & CLONE_SIGHAND) && (flags & CLONE_CLEAR_SIGHAND)) return Error(EINVAL);
    // init may not make siblings (Linux: SIGNAL_UNKILLABLE)
    if ((flags & CLONE_PARENT) && current()->tgid == 1) return Error(EINVAL);
    if ((flags & CLONE_PIDFD) && (flags & (CLONE_THREAD | CLONE_DETACHED))) return Error(EINVAL);
    if (flags & CLONE_PIDFD) return Error(EINVAL);  // no file descriptors before lab 05
    if (flags & (namespaces | CLONE_INTO_CGROUP)) return Error(EINVAL);  // not supported
    return {};
}

//! [fork]
Result<pid_t> fork(const arch::TrapFrame& frame) {
    CloneArgs args;
    args.exit_signal = SIGCHLD;
    return clone_task(frame, args);
}

Result<pid_t> clone_process(const arch::TrapFrame& frame, u64 flags, vm::UserAddr stack,
                            vm::UserPtr<i32> parent_tid, vm::UserPtr<i32> child_tid) {
    if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))
        return Error(EINVAL);  // they share an argument
    CloneArgs args;
    args.flags = flags & ~CSIGNAL & 0xffffffffull;  // clone's flags are an int
    args.exit_signal = int(flags & CSIGNAL);
    args.stack = stack;
    args.parent_tid = parent_tid;
    args.child_tid = child_tid;
    args.tls = frame.r8;
    return clone_task(frame, args);
}

Result<pid_t> clone_task(const arch::TrapFrame& frame, const CloneArgs& args) {
    // LAB_BEGIN(03-processes, 3): copy the caller (clone_cow, FPU, identity, frame with rax 0) and make the child runnable
    u64 flags = args.flags;
    TRY(check_clone_flags(flags));
    if ((flags & CLONE_SETTLS) && args.tls >= TLS_LIMIT) return Error(EPERM);
    free_dead_tasks();
    Task* parent = current();
    Task* child = TRY(task_alloc());
    if (flags & CLONE_VM) {
        child->as = parent->as;
        child->as->get();
    } else {
        auto space = parent->as->clone_cow();
        if (space.is_error()) {
            task_free(child);
            return Error(space.error());
        }
        child->as = space.value();
    }
    if (!(flags & CLONE_THREAD)) {
        if (auto r = group_create(child); r.is_error()) {
            child->as->put();
            task_free(child);
            return Error(r.error());
        }
    }
    {
        IrqGuard irqs_off;
        arch::fpu_save(parent->fpu);  // the live registers are the parent's
    }
    arch::fpu_copy(child->fpu, parent->fpu);
    child->fs_base = (flags & CLONE_SETTLS) ? args.tls : parent->fs_base;
    child->cred = parent->cred;
    // A new thread or process runs where its creator may (sched_setaffinity's mask).
    child->cpus_allowed.store(parent->cpus_allowed.load(std::memory_order_relaxed),
                              std::memory_order_relaxed);
    memcpy(child->name, parent->name, sizeof child->name);
    if (flags & CLONE_SIGHAND) {
        signal_handlers_share(child, parent);
    } else if (auto r = signal_handlers_copy(child, parent); r.is_error()) {
        child->as->put();
        task_free(child);
        return Error(r.error());
    } else if (flags & CLONE_CLEAR_SIGHAND) {
        SignalHandlers* h = child->sig.handlers;  // not shared yet: no lock needed
        for (SigAction& a : h->actions)
            if (a.handler != SIG_IGN) a = SigAction{};
    }
    if (flags & CLONE_THREAD) signal_group_share(child, parent);
    signal_inherit(child, parent, flags & CLONE_VM);
    memcpy(child->rlimits, parent->rlimits, sizeof child->rlimits);
    child->pgid = parent->pgid;
    child->sid = parent->sid;
    child->clone_flags = flags;
    if (auto files = fs::task_files_copy(parent, child, flags & CLONE_FILES, flags & CLONE_FS);
        files.is_error()) {  // lab 05
        child->as->put();
        task_free(child);
        return Error(files.error());
    }

    *child->frame() = frame;
    child->frame()->rax = 0;  // fork returns 0 in the child
    if (!args.stack.is_null()) child->frame()->rsp = args.stack.address();
    if (flags & CLONE_CHILD_SETTID) child->set_child_tid = args.child_tid;
    if (flags & CLONE_CHILD_CLEARTID) child->clear_child_tid = args.child_tid;
    prepare_first_run(child);

    VforkDone vfork;
    {
        SpinLockGuard g(tree_lock());
        Result<void> r = (flags & CLONE_THREAD)   ? group_join(parent->group, child)
                         : parent->group->exiting ? Error(EINTR)
                                                  : Result<void>{};
        if (!r.is_error()) r = table_insert(child);
        if (r.is_error()) {
            if (child->group) {
                ThreadGroup* cg = child->group;
                cg->threads.remove(*child);
                if (flags & CLONE_THREAD) --cg->live;
                group_put(child);
            }
            child->as->put();
            task_free(child);
            return Error(r.error());
        }
        if (flags & CLONE_THREAD) {
            child->tgid = parent->tgid;
            child->parent = parent->parent;  // a thread reports to nobody: its process does
            child->exit_signal = -1;
        } else {
            // The new process's parent: the caller, or with CLONE_PARENT the caller's.
            Task* p = (flags & CLONE_PARENT) ? parent->parent : parent;
            child->parent = p;
            child->exit_signal =
                (flags & CLONE_PARENT) ? parent->group->leader->exit_signal : args.exit_signal;
            if (p) p->children.push_back(*child);
        }
        if (flags & CLONE_VFORK) child->vfork_done = &vfork;
    }
    pid_t pid = child->tid;
    if (flags & CLONE_PARENT_SETTID) (void)args.parent_tid.write(pid);
    make_runnable(child);
    if (flags & CLONE_VFORK) wait_for_vfork(child, vfork);
    return pid;
    // LAB_FALLBACK
    // (void)frame, (void)args, (void)TLS_LIMIT;
    // return Error(ENOSYS);
    // LAB_END
}
//! [fork]

}  // namespace proc
