// kernel/syscall/memory.cc — brk, mmap, munmap, mprotect: the process's address space.
//
// The work is done by vm::AddressSpace (vm/address_space.hh, vm/vma_map.hh), which
// checks the arguments as Linux does; the handlers only add what concerns files. Until
// lab 08 only anonymous memory can be mapped: a file mapping fails with EBADF for a
// descriptor that is not open, and with ENODEV for the console's descriptors (a
// terminal cannot be mapped), as on Linux.
#include "proc/current.hh"
#include "syscall/handlers.hh"
#include "vm/address_space.hh"

namespace syscalls {
namespace {

constexpr u64 PAGE_MASK = 4095;
// Flags Linux accepts and ignores for compatibility.
constexpr int MAP_DENYWRITE = 0x0800, MAP_EXECUTABLE = 0x1000;
// Descriptors 0-2 are the console until lab 05.
constexpr int CONSOLE_FDS = 3;

}  // namespace

Result<u64> sys_brk(vm::UserAddr addr) {
    // LAB_BEGIN(03-processes, 3): move the break of the current address space (vm::AddressSpace::brk)
    vm::AddressSpace* as = proc::current_address_space();
    if (!as) return Error(ENOMEM);
    return as->brk(addr.address());
    // LAB_FALLBACK
    // (void)addr;
    // return Error(ENOSYS);
    // LAB_END
}

Result<u64> sys_mmap(vm::UserAddr addr, usize len, int prot, int flags, int fd, u64 offset) {
    // LAB_BEGIN(03-processes, 4): check the offset and the descriptor as Linux does, then map anonymous memory (vm::AddressSpace::map_anonymous)
    if (offset & PAGE_MASK) return Error(EINVAL);
    if (!(flags & vm::MAP_ANONYMOUS)) return Error(fd >= 0 && fd < CONSOLE_FDS ? ENODEV : EBADF);
    vm::AddressSpace* as = proc::current_address_space();
    if (!as) return Error(ENOMEM);
    flags &= ~(MAP_DENYWRITE | MAP_EXECUTABLE);
    return as->map_anonymous(addr.address(), len, prot, flags);
    // LAB_FALLBACK
    // (void)addr, (void)len, (void)prot, (void)flags, (void)fd, (void)offset;
    // return Error(ENOSYS);
    // LAB_END
}

Result<u64> sys_munmap(vm::UserAddr addr, usize len) {
    // LAB_BEGIN(03-processes, 4): unmap the range (vm::AddressSpace::unmap)
    vm::AddressSpace* as = proc::current_address_space();
    if (!as) return Error(EINVAL);
    TRY(as->unmap(addr.address(), len));
    return 0;
    // LAB_FALLBACK
    // (void)addr, (void)len;
    // return Error(ENOSYS);
    // LAB_END
}

Result<u64> sys_mprotect(vm::UserAddr addr, usize len, int prot) {
    // LAB_BEGIN(03-processes, 3): change the protections (vm::AddressSpace::protect)
    vm::AddressSpace* as = proc::current_address_space();
    if (!as) return Error(ENOMEM);
    TRY(as->protect(addr.address(), len, prot));
    return 0;
    // LAB_FALLBACK
    // (void)addr, (void)len, (void)prot;
    // return Error(ENOSYS);
    // LAB_END
}

}  // namespace syscalls
