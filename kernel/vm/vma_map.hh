// kernel/vm/vma_map.hh — the VMAs of one address space and the Linux rules that change them.
//
// mmap, munmap, mprotect and brk are, before any page is touched, operations on a set
// of ranges: find room for a mapping, cut a hole into the VMAs (splitting the ones
// that straddle its edges), change the protections of part of a VMA, move the end of
// the heap. VmaMap does exactly that, with Linux's argument checks and error numbers,
// and tells a PageOps what happened to the pages (released, protections changed) so
// that the page tables follow. It knows nothing about page tables itself: the kernel
// plugs in AddressSpace's page-table code (address_space.cc), the host tests a model
// that records the calls (tests/unit/vm_vma_map_test.cc).
//
// Layout of a process (x86_64, as Linux):
//   [MMAP_MIN_ADDR ..)   ELF segments, then the heap from brk_start up to the break
//   ... free ...
//   [.. MMAP_BASE)       mmap without a hint: the highest free range below MMAP_BASE
//   [.. TASK_SIZE)       the stack (the exec loader maps it with MAP_FIXED|MAP_GROWSDOWN)
// The heap is a VMA like the others (flag VMA_HEAP), so mmap never places anything
// inside it; brk refuses to grow to within a page of the next mapping.
#pragma once

#include "lib/result.hh"
#include "vm/address_space.hh"
#include "vm/vma.hh"

namespace vm {

constexpr u64 VM_PAGE_SIZE = 4096;
/// The highest end of a user mapping: Linux keeps the last page below 2^47 unmapped.
constexpr vaddr_t TASK_SIZE = USER_TOP - VM_PAGE_SIZE;
/// Nothing is mapped below this without MAP_FIXED (Linux's vm.mmap_min_addr default).
constexpr vaddr_t MMAP_MIN_ADDR = 0x10000;
/// Free space kept below a MAP_GROWSDOWN mapping (Linux's stack_guard_gap: 256 pages).
constexpr u64 STACK_GUARD_GAP = 256 * VM_PAGE_SIZE;
/// Linux's extra protection bits of mprotect.
constexpr int PROT_SEM = 0x8, PROT_GROWSDOWN = 0x01000000, PROT_GROWSUP = 0x02000000;
/// Linux's MAP_TYPE mask and the validating shared type.
constexpr int MAP_TYPE = 0x0f, MAP_SHARED_VALIDATE = 0x03;

/// What VmaMap asks of the pages behind the VMAs.
class PageOps {
public:
    /// No VMA covers [start, end) any more: unmap its pages and drop their references.
    virtual void release(vaddr_t start, vaddr_t end) = 0;
    /// The pages of [start, end) now have @p new_prot instead of @p old_prot.
    virtual void reprotect(vaddr_t start, vaddr_t end, int old_prot, int new_prot) = 0;

protected:
    ~PageOps() = default;
};

class VmaMap {
public:
    VmaMap() = default;
    VmaMap(const VmaMap&) = delete;
    VmaMap& operator=(const VmaMap&) = delete;
    /// Frees the VMAs (the pages are the owner's business: call clear() first).
    ~VmaMap();

    /// mmap's placement for anonymous memory, with its checks in Linux's order:
    /// EINVAL (length 0, MAP_FIXED at an unaligned address, no MAP_PRIVATE/MAP_SHARED),
    /// ENOMEM (too long, past TASK_SIZE, no room), EEXIST (MAP_FIXED_NOREPLACE over a
    /// mapping). MAP_FIXED replaces what was there (released through @p ops). Unknown
    /// protection bits are ignored, as Linux's mmap does. Returns the start.
    Result<vaddr_t> map(vaddr_t hint, u64 length, int prot, int flags, PageOps& ops);
    /// munmap: EINVAL for an unaligned start, length 0 or a range leaving user space;
    /// holes are fine. ENOMEM only when splitting a VMA finds no memory.
    Result<void> unmap(vaddr_t start, u64 length, PageOps& ops);
    /// mprotect: EINVAL (unaligned start, unknown bits, PROT_GROWSDOWN on a VMA that
    /// does not grow down), ENOMEM (part of the range unmapped). As on Linux, the VMAs
    /// below the first hole keep their new protections when ENOMEM is returned.
    Result<void> protect(vaddr_t start, u64 length, int prot, PageOps& ops);

    /// brk(2): returns the new break, or the old one when the request is refused.
    vaddr_t brk(vaddr_t new_break, PageOps& ops);
    /// Where the heap starts (rounded up to a page); the break is set there too.
    void set_brk_start(vaddr_t start);
    vaddr_t brk_start() const { return brk_start_; }
    vaddr_t current_brk() const { return brk_; }

    /// Linux's heuristic overcommit: a private writable mapping without MAP_NORESERVE,
    /// or a heap growth, larger than @p pages (all of RAM) fails with ENOMEM (brk:
    /// refused). 0, the default, sets no limit.
    void set_commit_limit(u64 pages) { commit_limit_ = pages; }

    /// Makes this (empty) map a copy of @p other: same VMAs, same break (fork). ENOMEM.
    Result<void> copy_from(const VmaMap& other);
    /// Removes every VMA, releasing its pages through @p ops.
    void clear(PageOps& ops);

    /// The VMA containing @p va, or null.
    Vma* find(vaddr_t va) const { return tree_.find(va); }
    const VmaTree& tree() const { return tree_; }

private:
    Result<Vma*> new_vma(vaddr_t start, vaddr_t end, int prot, u32 flags);
    void free_vma(Vma* vma);
    // Splits @p vma at @p at (inside it) using @p spare for the upper part; returns it.
    Vma* split(Vma& vma, vaddr_t at, Vma* spare);
    // Merges @p vma with its neighbours where they touch and agree; returns what remains.
    Vma* merge_around(Vma* vma);
    // Removes [start, end) from the VMAs. @p spare (may be null) serves a split.
    void cut(vaddr_t start, vaddr_t end, Vma*& spare, PageOps& ops);
    bool range_free(vaddr_t start, vaddr_t end) const;
    Result<vaddr_t> find_free(u64 length, vaddr_t low, vaddr_t high) const;

    VmaTree tree_;
    vaddr_t brk_start_ = 0;
    vaddr_t brk_ = 0;
    u64 commit_limit_ = 0;
};

}  // namespace vm
