// kernel/vm/user_copy.cc — the checked, fault-safe copies between kernel and user memory.
//
// A user range is accepted only when it lies wholly below USER_TOP (EFAULT otherwise:
// a kernel address, or a length that wraps); the copy itself runs in user_copy.S,
// where a fault the address space cannot resolve (null, unmapped, a page the process
// may not read or write) ends the copy early instead of crashing the kernel.
#include "vm/user_copy.hh"

#include "arch/x86_64/cpu.hh"

extern "C" u64 vm_user_copy(void* dst, const void* src, u64 n, u64 smap);
extern "C" u64 vm_user_clear(void* dst, u64 n, u64 smap);
extern "C" i64 vm_user_strncpy(char* dst, const char* src, u64 max, u64 smap);

namespace vm {
namespace {

// Whether the CPU has stac/clac (CPUID.7.0:EBX bit 20); they fault (#UD) where it
// has not, so the copies skip them there.
u64 smap() {
    static int has = -1;  // every CPU gives the same answer; racing first calls agree
    if (has < 0) has = (arch::cpuid(7, 0).ebx & (1u << 20)) ? 1 : 0;
    return u64(has);
}

bool user_range(uptr address, usize n) { return address < USER_TOP && n <= USER_TOP - address; }

}  // namespace

bool access_ok(uptr address, usize n) { return user_range(address, n); }

Result<void> copy_from_user(void* dst, uptr user_src, usize n) {
    if (n == 0) return {};
    if (!user_range(user_src, n)) return Error(EFAULT);
    if (vm_user_copy(dst, reinterpret_cast<const void*>(user_src), n, smap()) != 0)
        return Error(EFAULT);
    return {};
}

Result<void> copy_to_user(uptr user_dst, const void* src, usize n) {
    if (n == 0) return {};
    if (!user_range(user_dst, n)) return Error(EFAULT);
    if (vm_user_copy(reinterpret_cast<void*>(user_dst), src, n, smap()) != 0) return Error(EFAULT);
    return {};
}

Result<void> clear_user(uptr user_dst, usize n) {
    if (n == 0) return {};
    if (!user_range(user_dst, n)) return Error(EFAULT);
    if (vm_user_clear(reinterpret_cast<void*>(user_dst), n, smap()) != 0) return Error(EFAULT);
    return {};
}

Result<usize> copy_string_from_user(char* dst, uptr user_src, usize max) {
    if (max == 0) return Error(ENAMETOOLONG);
    if (user_src >= USER_TOP) return Error(EFAULT);
    // A string may run up to the end of user space, not beyond.
    usize room = USER_TOP - user_src;
    usize limit = max < room ? max : room;
    i64 n = vm_user_strncpy(dst, reinterpret_cast<const char*>(user_src), limit, smap());
    if (n < 0) return Error(EFAULT);
    if (usize(n) == limit) return Error(limit == max ? ENAMETOOLONG : EFAULT);
    return usize(n);
}

}  // namespace vm
