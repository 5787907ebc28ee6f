// kernel/proc/fork.cc — fork(2): a new process that is a copy of the caller (process.hh).
//
// The child gets a copy-on-write copy of the address space (vm::AddressSpace::
// clone_cow), the parent's FPU registers, thread pointer, signal actions and mask,
// rlimits and credentials, and a kernel stack of its own whose top holds a copy of the
// parent's syscall frame with rax = 0. The stack below it is prepared as if the child
// had called context_switch from task_trampoline (context_switch.S), so its first run
// goes straight back to user mode, returning 0 from fork.
#include "arch/x86_64/irq.hh"
#include "fs/task_files.hh"
#include "lib/irq_state.hh"
#include "lib/string.hh"
#include "proc/process.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "vm/address_space.hh"
#include "vm/user_copy.hh"

namespace proc {

/// Prepares @p t's kernel stack so that its first switch-in runs task_trampoline and
/// returns to user mode with the registers in t->frame().
void prepare_first_run(Task* t) {
    u64* sp = reinterpret_cast<u64*>(t->frame());
    *--sp = reinterpret_cast<u64>(task_trampoline);
    for (int i = 0; i < 6; ++i) *--sp = 0;  // rbp, rbx, r12-r15 as context_switch pops them
    t->saved_rsp = reinterpret_cast<u64>(sp);
}

//! [fork]
Result<pid_t> fork(const arch::TrapFrame& frame) {
    return clone_process(frame, SIGCHLD, {}, {}, {});
}

Result<pid_t> clone_process(const arch::TrapFrame& frame, u64 flags, vm::UserAddr stack,
                            vm::UserPtr<i32> parent_tid, vm::UserPtr<i32> child_tid) {
    constexpr u64 CSIGNAL = 0xff, CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000,
                  CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;
    constexpr u64 supported =
        CSIGNAL | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
    // LAB_BEGIN(03-processes, 3): copy the caller (clone_cow, FPU, identity, frame with rax 0) and make the child runnable
    if (flags & ~supported) return Error(EINVAL);  // CLONE_VM, CLONE_THREAD, ...: lab 04
    Task* parent = current();
    Task* child = TRY(task_alloc());
    auto space = parent->as->clone_cow();
    if (space.is_error()) {
        task_free(child);
        return Error(space.error());
    }
    child->as = space.value();
    {
        IrqGuard irqs_off;
        arch::fpu_save(parent->fpu);  // the live registers are the parent's
    }
    arch::fpu_copy(child->fpu, parent->fpu);
    child->fs_base = parent->fs_base;
    child->cred = parent->cred;
    memcpy(child->name, parent->name, sizeof child->name);
    memcpy(child->actions, parent->actions, sizeof child->actions);
    child->blocked = parent->blocked;
    memcpy(child->rlimits, parent->rlimits, sizeof child->rlimits);
    child->pgid = parent->pgid;
    child->sid = parent->sid;
    if (auto files = fs::task_files_copy(parent, child); files.is_error()) {  // lab 05
        child->as->put();
        task_free(child);
        return Error(files.error());
    }

    *child->frame() = frame;
    child->frame()->rax = 0;  // fork returns 0 in the child
    if (!stack.is_null()) child->frame()->rsp = stack.address();
    if (flags & CLONE_SETTLS) child->fs_base = frame.r8;
    if (flags & CLONE_CHILD_SETTID) child->set_child_tid = child_tid;
    if (flags & CLONE_CHILD_CLEARTID) child->clear_child_tid = child_tid;
    prepare_first_run(child);

    {
        SpinLockGuard g(tree_lock());
        if (auto r = table_insert(child); r.is_error()) {
            child->as->put();
            task_free(child);
            return Error(r.error());
        }
        child->parent = parent;
        parent->children.push_back(*child);
    }
    pid_t pid = child->tid;
    if (flags & CLONE_PARENT_SETTID) (void)parent_tid.write(pid);
    make_runnable(child);
    return pid;
    // LAB_FALLBACK
    // (void)frame, (void)flags, (void)stack, (void)parent_tid, (void)child_tid, (void)supported;
    // return Error(ENOSYS);
    // LAB_END
}
//! [fork]

}  // namespace proc
