// kernel/vm/address_space.hh — a process's user address space: its VMAs and page tables.
//
// The lower half (0 .. 0x00007fffffffffff) belongs to the process; the upper half is
// the kernel's, shared by every address space (the PML4's upper 256 entries are
// copied from the kernel's tables when a space is created). Memory is demand paged:
// mmap and brk only record a VMA; the page fault handler allocates a zeroed page on
// first touch. fork() shares every private page read-only with a reference count and
// copies on the first write (copy-on-write).
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"
#include "vm/user_copy.hh"  // USER_TOP

namespace vm {

/// Protection bits, numbered as Linux's PROT_* (mmap(2)).
constexpr int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
/// mmap flags, numbered as Linux's MAP_* (x86_64).
constexpr int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20,
              MAP_GROWSDOWN = 0x100, MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000,
              MAP_FIXED_NOREPLACE = 0x100000, MAP_STACK = 0x20000;

constexpr vaddr_t MMAP_BASE = 0x00007f0000000000ull;  ///< mmap without a hint searches below this

/// What a page fault in user space turned out to be.
enum class FaultOutcome {
    Resolved,     ///< a page was mapped (demand paging, copy-on-write): retry the access
    BadAddress,   ///< no VMA covers the address: SIGSEGV (SEGV_MAPERR)
    BadAccess,    ///< a VMA does, but forbids the access: SIGSEGV (SEGV_ACCERR)
    OutOfMemory,  ///< no page for it: the process is killed
};

class AddressSpace {
public:
    /// A new, empty address space (no VMAs) sharing the kernel half.
    static Result<AddressSpace*> create();
    /// A copy-on-write copy of this one (fork).
    Result<AddressSpace*> clone_cow();
    /// Frees every page and table of the lower half and the object itself, once the
    /// last user (task) drops it.
    void get();
    void put();

    /// Loads this space's page tables on the calling CPU.
    void activate();
    /// Loads the kernel's own tables on the calling CPU (a kernel thread runs next), so
    /// that TLB shootdowns of the space it leaves need not reach this CPU.
    static void activate_kernel();
    /// The physical address of the PML4 (CR3 value).
    paddr_t root() const;

    /// mmap for anonymous memory: returns the start. @p hint is used when free (or
    /// required with MAP_FIXED, which replaces what is there). EINVAL, ENOMEM.
    Result<vaddr_t> map_anonymous(vaddr_t hint, usize length, int prot, int flags);
    /// munmap: removes [start, start + length), splitting VMAs. EINVAL.
    Result<void> unmap(vaddr_t start, usize length);
    /// mprotect: changes protections, splitting VMAs. ENOMEM when part of the range is
    /// unmapped, EINVAL for unaligned starts or bad bits.
    Result<void> protect(vaddr_t start, usize length, int prot);
    /// brk(2): moves the break; returns the new (or, on failure, the current) break, as
    /// Linux does. The heap starts at the page after the highest ELF segment.
    vaddr_t brk(vaddr_t new_break);
    void set_brk_start(vaddr_t start);

    /// Resolves a fault at @p address for a @p write / @p exec access from user mode or
    /// from a user-copy routine.
    FaultOutcome handle_fault(vaddr_t address, bool write, bool exec);

    /// Copies @p len bytes to user address @p dst in this (not necessarily active) space,
    /// allocating pages as needed: used by execve to fill segments and the initial stack
    /// before the space is activated. EFAULT when no VMA allows it.
    Result<void> write_bytes(vaddr_t dst, const void* src, usize len);

    /// The physical address behind @p va, if a page is there (tests, debugging). ENOENT.
    Result<paddr_t> translate(vaddr_t va);
    /// For a shared futex's key (proc/futex.cc): the physical address behind @p va when it
    /// lies in a MAP_SHARED mapping, 0 when in a private one. EFAULT when no mapping
    /// covers it or a private one that cannot be written (as Linux: a read-only private
    /// page never changes, so a shared futex there makes no sense), ENOENT when its page
    /// is not there (the caller touches it and retries).
    Result<paddr_t> shared_physical(vaddr_t va);
    /// A snapshot for tests and statistics.
    struct Stats {
        usize vmas;          ///< VMAs
        u64 resident_pages;  ///< pages mapped (allocated by faults, fork or MAP_SHARED)
        vaddr_t brk;         ///< the break
        u64 cpu_mask;        ///< CPUs that have the space loaded (bit per CPU index)
    };
    Stats stats();
    /// Address spaces created and not yet freed (leak checks in tests).
    static u64 live_count();

    struct Impl;

private:
    AddressSpace() = default;
    Impl* impl_ = nullptr;
};

}  // namespace vm
