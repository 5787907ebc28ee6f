// kernel/exec/execve.cc — execve(2): look the program up, load it, swap it in (execve.hh).
#include "exec/execve.hh"

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/gdt.hh"
#include "arch/x86_64/irq.hh"
#include "lib/irq_state.hh"
#include "fs/fd_table.hh"
#include "fs/vfs/open.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "proc/futex.hh"
#include "proc/process.hh"
#include "proc/table.hh"
#include "proc/thread_group.hh"
#include "vm/address_space.hh"
#include "vm/user_copy.hh"

namespace exec {
namespace {

constexpr usize PATH_MAX = 4096;
constexpr usize MAX_POINTERS = 1 << 20;

Result<void> copy_vector(Args& args, UserStrings user_array, bool is_argv) {
    if (user_array.is_null()) return {};  // Linux treats a NULL argv or envp as empty
    for (usize i = 0;; ++i) {
        if (i >= MAX_POINTERS) return Error(E2BIG);
        vm::UserPtr<const char> ptr = TRY((user_array + i).read());
        if (ptr.is_null()) return {};
        TRY(args.add_user(ptr, is_argv));
    }
}

void set_name(proc::Task* t, StrView path) {
    usize slash = 0;
    for (usize i = 0; i < path.len; ++i)
        if (path[i] == '/') slash = i + 1;
    path.substr(slash).copy_to(t->name, sizeof t->name);
}

// What a program file asks of the credentials: its set-user-ID and set-group-ID bits
// (unless its mount is nosuid) and owner.
struct SetId {
    bool uid = false, gid = false;
    u32 file_uid = 0, file_gid = 0;
};

// Opens the program at @p path as @p t sees the name space, with @p t's permissions
// (search on the way, execute on the file; reading is not needed), and reads it whole
// into the heap (the caller frees it). EACCES for a directory, a non-regular file, a
// noexec mount or no execute permission; ENOEXEC for an empty one.
Result<std::span<const u8>> read_program(proc::Task* t, StrView path, SetId* setid) {
    const proc::Credentials& c = t->cred;
    vfs::Cred cred{c.fsuid, c.fsgid, c.group_ids(), c.group_count(), c.cap_effective};
    vfs::Path p;
    {
        SpinLockGuard g(vfs::tree_lock());
        p = TRY(vfs::walk(vfs::Origin{t->fs, nullptr, &cred}.start(), path, vfs::WALK_FOLLOW));
    }
    vfs::Inode& found = *p.dentry->inode;
    Result<void> ok{};
    if (!vfs::is_reg(found.mode) || vfs::mount_noexec(p)) ok = Error(EACCES);
    if (!ok.is_error()) ok = vfs::permission(found, vfs::MAY_EXEC, &cred);
    Result<vfs::File*> opened =
        ok.is_error() ? Result<vfs::File*>(Error(ok.error())) : vfs::open_path(p, vfs::O_RDONLY);
    if (!opened.is_error() && !vfs::mount_nosuid(p)) {
        setid->uid = found.mode & vfs::S_ISUID;
        setid->gid = (found.mode & (vfs::S_ISGID | 010)) == (vfs::S_ISGID | 010);
        setid->file_uid = found.uid;
        setid->file_gid = found.gid;
    }
    {
        SpinLockGuard g(vfs::tree_lock());
        vfs::path_put(p);
    }
    vfs::File* f = TRY(std::move(opened));
    vfs::Inode& inode = *f->inode;
    u64 size = inode.size;
    int error = size == 0 ? ENOEXEC : 0;
    if (error) {
        vfs::file_put(f);
        return Error(error);
    }
    auto buf = mm::kmalloc(size);
    if (buf.is_error()) {
        vfs::file_put(f);
        return Error(ENOMEM);
    }
    vfs::IoSeg seg;
    u64 pos = 0;
    auto n = f->ops->read(*f, vfs::IoBuf::kernel_range(seg, buf.value(), size), &pos);
    vfs::file_put(f);
    if (n.is_error() || n.value() != size) {
        mm::kfree(buf.value());
        return Error(n.is_error() ? n.error() : EIO);
    }
    return std::span<const u8>(static_cast<const u8*>(buf.value()), size);
}

}  // namespace

//! [exec_into]
Result<void> exec_into(proc::Task* t, StrView path, const Args& args) {
    if (!t->fs) return Error(ENOENT);
    SetId setid;
    std::span<const u8> data = TRY(read_program(t, path, &setid));
    proc::Credentials next = t->cred;
    bool secure =
        proc::exec_credentials(next, setid.uid, setid.file_uid, setid.gid, setid.file_gid);
    AuxIds ids{next.uid, next.euid, next.gid, next.egid, secure};
    Result<Loaded> loaded = load(data, path, args, ids);
    mm::kfree(const_cast<u8*>(data.data()));
    Loaded image = TRY(std::move(loaded));

    // The point of no return: the old program is gone from here on. The other threads
    // of the process end first (the caller may take the leader's tid), the thread's
    // futex words are released in the old space, and a parent in vfork goes on.
    if (t == proc::current()) {
        if (auto r = proc::de_thread(); r.is_error()) {
            image.as->put();
            return Error(r.error());
        }
        proc::futex::release_at_exit(t);
        proc::vfork_release(t);
    }
    vm::AddressSpace* old = t->as;
    {
        IrqGuard irqs_off;
        t->as = image.as;
        if (t == proc::current()) {
            image.as->activate();
            arch::wrmsr(arch::MSR_FS_BASE, 0);
        }
    }
    if (old) old->put();
    arch::fpu_reset(t->fpu);
    if (t == proc::current()) arch::fpu_restore(t->fpu);
    t->fs_base = 0;
    t->clear_child_tid = {};
    t->robust_list = {};
    t->robust_len = 0;
    (void)proc::signal_exec(t);  // handlers are gone with the old program
    set_name(t, path);
    if (t->files) t->files->close_on_exec();
    t->cred = next;

    arch::TrapFrame* f = t->frame();
    memset(f, 0, sizeof *f);
    f->vector = ~0ull;
    f->rip = image.entry;
    f->rsp = image.stack_pointer;
    f->cs = arch::USER_CS;
    f->ss = arch::USER_DS;
    f->rflags = arch::RFLAGS_IF | 0x2;  // bit 1 is always set
    return {};
}
//! [exec_into]

Result<void> execve_user(vm::UserPtr<const char> user_path, UserStrings user_argv,
                         UserStrings user_envp) {
    static_assert(PATH_MAX <= 4096);
    char* path = static_cast<char*>(TRY(mm::kmalloc(PATH_MAX + 1)));
    auto len = vm::copy_string_from_user(path + 1, user_path, PATH_MAX);
    if (len.is_error()) {
        mm::kfree(path);
        return Error(len.error());
    }
    StrView p(path + 1, len.value());
    if (p.len == 0) {
        mm::kfree(path);
        return Error(ENOENT);
    }
    Args args;
    proc::Task* me = proc::current();
    u64 stack_limit = me->rlimits[3].cur;
    usize limit = stack_limit / 4 < 128 * KiB ? 128 * KiB : stack_limit / 4;
    if (limit > 6 * MiB) limit = 6 * MiB;
    args.set_limit(limit);
    Result<void> r = copy_vector(args, user_argv, true);
    // An empty argv gets one empty argument, as Linux (5.18 on) gives it, so that no
    // program takes envp[0] for argv[1].
    if (!r.is_error() && args.argc() == 0) r = args.add_argv(StrView("", 0));
    if (!r.is_error()) r = copy_vector(args, user_envp, false);
    if (!r.is_error()) r = exec_into(me, p, args);
    mm::kfree(path);
    return r;
}

}  // namespace exec
