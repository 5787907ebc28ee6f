// kernel/arch/x86_64/guard.cc — guard pages: unmapped pages below stacks, and their registry.
//
// entry32.S maps the kernel image with 4 KiB pages (boot_pt_high) precisely so that
// single pages can be taken out. register_guard_page() walks the live page tables
// (whatever CR3 holds; the early ones in lab 01) through the direct map, clears the
// page's last-level entry and flushes it from this CPU's TLB. Guards are registered
// on the boot CPU before any other CPU starts, so no other TLB can hold them.
// The registry lets lab 02, which builds new page tables, leave the same holes.
// Only the kernel-image alias of a guard page is removed; the same physical page stays
// reachable through the direct map, which no stack uses.
#include "arch/x86_64/guard.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/cpu_tables.hh"
#include "lib/panic.hh"
#include "lib/spinlock.hh"
#include "mm/layout.hh"

namespace arch {
namespace {

constexpr u64 PTE_PRESENT = 1u << 0;
constexpr u64 PTE_LARGE = 1u << 7;
constexpr u64 PTE_ADDR = 0x000ffffffffff000ull;
constexpr usize MAX_GUARD_PAGES = 128;

SpinLock guard_lock("guard-pages");
u64 guard_list[MAX_GUARD_PAGES];
std::atomic<usize> guard_count{0};  // entries below it are final (appended under the lock)

// The page-table entry that maps @p va: a last-level entry, or a 1 GiB / 2 MiB one
// (@p level says which: 1 = 4 KiB page, 2 = 2 MiB, 3 = 1 GiB). Null when some level
// on the way is not present.
//! [find_entry]
u64* find_entry(vaddr_t va, unsigned& level) {
    if (!is_canonical(va)) return nullptr;
    u64* table = mm::phys_to_virt<u64>(read_cr3() & PTE_ADDR);
    for (level = 4;; --level) {
        u64* entry = &table[(va >> (12 + 9 * (level - 1))) & 511];
        if (!(*entry & PTE_PRESENT)) return nullptr;
        if (level == 1 || ((level == 2 || level == 3) && (*entry & PTE_LARGE))) return entry;
        table = mm::phys_to_virt<u64>(*entry & PTE_ADDR);
    }
}
//! [find_entry]

bool registered(vaddr_t va, usize count) {
    for (usize i = 0; i < count; ++i)
        if (guard_list[i] == va) return true;
    return false;
}

}  // namespace

std::optional<paddr_t> lookup_mapping(vaddr_t va) {
    unsigned level = 0;
    u64* entry = find_entry(va, level);
    if (!entry) return std::nullopt;
    u64 page_size = u64(1) << (12 + 9 * (level - 1));
    return (*entry & PTE_ADDR & ~(page_size - 1)) + (va & (page_size - 1));
}

void register_guard_page(u64 va) {
    if (va % mm::PAGE_SIZE || va < mm::KERNEL_VMA)
        panic("register_guard_page({:#x}): not a page of the kernel image", va);
    SpinLockGuard guard(guard_lock);
    usize count = guard_count.load(std::memory_order_relaxed);
    if (registered(va, count)) return;
    if (count == MAX_GUARD_PAGES)
        panic("register_guard_page({:#x}): all {} slots are used", va, MAX_GUARD_PAGES);
    // LAB_BEGIN(01-boot, 2): find the 4 KiB page-table entry that maps va (walk from CR3), clear it, then invlpg(va)
    unsigned level = 0;
    u64* entry = find_entry(va, level);
    if (entry && level != 1)
        panic("register_guard_page({:#x}): mapped by a {} page, not a 4 KiB one", va,
              level == 2 ? "2 MiB" : "1 GiB");
    if (entry) {
        *entry = 0;
        invlpg(va);
    }
    // LAB_FALLBACK
    // (void)0;
    // LAB_END
    guard_list[count] = va;
    guard_count.store(count + 1, std::memory_order_release);
}

const u64* guard_pages(usize& count) {
    count = guard_count.load(std::memory_order_acquire);
    return guard_list;
}

bool in_guard_page(vaddr_t va) {
    usize count = 0;
    const u64* pages = guard_pages(count);
    for (usize i = 0; i < count; ++i)
        if (va - pages[i] < mm::PAGE_SIZE) return true;
    return false;
}

}  // namespace arch
