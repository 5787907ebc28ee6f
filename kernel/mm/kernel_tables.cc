// kernel/mm/kernel_tables.cc — building the kernel's page tables and switching to them.
//
// Built once on the boot CPU, before the buddy allocator exists: table pages come from
// the boot-time ranges (mm/phys_ranges.hh) below 4 GiB, where entry32.S's direct map
// reaches them. After the switch, new table pages come from the page allocator.
// The application processors load the same root (trampoline.S), so there is one set
// of kernel tables and every change to it is followed by a shootdown (mm/tlb.hh).
#include "mm/kernel_tables.hh"

#include <optional>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/cpu_tables.hh"
#include "boot/main.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "lib/string.hh"
#include "mm/physmem.hh"
#include "mm/tlb.hh"

extern "C" char _kernel_phys_start[], _kernel_phys_end[];
extern "C" char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern "C" char _data_start[], __bss_end[], _ksyms_start[], _ksyms_end[];

namespace mm {
namespace {

[[maybe_unused]] constexpr u64 FOUR_GIB = 4 * GiB;

//! [table_memory]
// Before the buddy allocator: pages from the boot-time ranges, below 4 GiB.
class EarlyTableMemory final : public TableMemory {
public:
    PhysRanges* free = nullptr;
    u64 used = 0;
    u64* table(paddr_t pa) override { return phys_to_virt<u64>(pa); }
    Result<paddr_t> alloc_table() override {
        paddr_t pa = TRY(free->take(PAGE_SIZE, PAGE_SIZE, FOUR_GIB));
        memset(phys_to_virt(pa), 0, PAGE_SIZE);
        ++used;
        return pa;
    }
    void free_table(paddr_t pa) override { (void)free->add(pa, pa + PAGE_SIZE); }
};

// Afterwards: the page allocator. Table pages taken at boot are Reserved in the
// allocator's eyes; those few are kept rather than freed.
class AllocatorTableMemory final : public TableMemory {
public:
    u64* table(paddr_t pa) override { return phys_to_virt<u64>(pa); }
    Result<paddr_t> alloc_table() override { return alloc_pages_zeroed(0); }
    void free_table(paddr_t pa) override {
        Page* p = page_of_phys(pa);
        if (p && p->kind == PageKind::Allocated) free_pages(pa, 0);
    }
};
//! [table_memory]

[[maybe_unused]] EarlyTableMemory early_memory;
AllocatorTableMemory allocator_memory;
std::optional<PageTable> kernel_pt;
SpinLock kernel_pt_lock("kernel-page-tables");
bool ready = false;

[[maybe_unused]] vaddr_t sym(const char* s) { return reinterpret_cast<vaddr_t>(s); }

[[maybe_unused]] bool cpu_has_nx() {
    return (arch::cpuid(0x80000001).edx & (1u << 20)) && (arch::rdmsr(arch::MSR_EFER) & (1u << 11));
}

// RAM: the regions whose contents are memory (usable, ACPI), whole pages.
[[maybe_unused]] void collect_ram(PhysRanges& ram) {
    const boot::BootInfo& bi = boot::info();
    for (usize i = 0; i < bi.region_count; ++i) {
        const boot::MemoryRegion& r = bi.regions[i];
        bool is_ram = r.type == boot::MemoryType::Usable ||
                      r.type == boot::MemoryType::AcpiReclaimable ||
                      r.type == boot::MemoryType::AcpiNvs;
        // RAM beyond what the direct map can hold (64 TiB) is left out (init.cc says so).
        paddr_t end = r.base + r.length < DIRECT_MAP_SIZE ? r.base + r.length : DIRECT_MAP_SIZE;
        if (is_ram && r.base < end)
            if (ram.add(align_down(r.base, PAGE_SIZE), align_up(end, PAGE_SIZE)).is_error())
                panic("mm: the memory map has more than {} RAM ranges", PhysRanges::MAX_RANGES);
    }
}

//! [map_direct]
// The direct map: RAM write-back; everything else below 4 GiB (the MMIO hole, ROMs)
// uncached; holes above 4 GiB unmapped.
[[maybe_unused]] void map_direct(PageTable& pt, const PhysRanges& ram, u64 max_page) {
    constexpr PageFlags RAM = PG_WRITE | PG_GLOBAL;
    constexpr PageFlags MMIO = PG_WRITE | PG_GLOBAL | PG_UNCACHED;
    paddr_t at = 0;
    for (usize i = 0; i < ram.count(); ++i) {
        paddr_t s = ram[i].start, e = ram[i].end;
        if (at < s && at < FOUR_GIB) {
            paddr_t gap_end = s < FOUR_GIB ? s : FOUR_GIB;
            pt.map(DIRECT_MAP_BASE + at, at, gap_end - at, MMIO, max_page);
        }
        pt.map(DIRECT_MAP_BASE + s, s, e - s, RAM, max_page);
        at = e;
    }
    if (at < FOUR_GIB) pt.map(DIRECT_MAP_BASE + at, at, FOUR_GIB - at, MMIO, max_page);
}
//! [map_direct]

//! [map_image]
[[maybe_unused]] void map_image(PageTable& pt) {
    auto map_section = [&](vaddr_t start, vaddr_t end, PageFlags flags) {
        if (end > start) pt.map(start, start - KERNEL_VMA, end - start, flags | PG_GLOBAL);
    };
    // The boot stub and early tables (linked at their physical addresses) stay reachable
    // at KERNEL_VMA + physical, as under entry32.S's tables; data, not code.
    map_section(KERNEL_VMA + sym(_kernel_phys_start), sym(_text_start), PG_WRITE);
    map_section(sym(_text_start), sym(_text_end), PG_EXEC);
    map_section(sym(_rodata_start), sym(_rodata_end), PG_READ);
    map_section(sym(_data_start), sym(__bss_end), PG_WRITE);
    map_section(sym(_ksyms_start), align_up(sym(_ksyms_end), PAGE_SIZE), PG_READ);
    // W^X also for the direct-map alias of text and rodata.
    pt.protect(DIRECT_MAP_BASE + sym(_text_start) - KERNEL_VMA, sym(_rodata_end) - sym(_text_start),
               PG_GLOBAL);
}
//! [map_image]

//! [keep_guard_pages]
[[maybe_unused]] void keep_guard_pages(PageTable& pt) {
    usize count = 0;
    const u64* guards = arch::guard_pages(count);
    for (usize i = 0; i < count; ++i) pt.unmap(guards[i], PAGE_SIZE);
}
//! [keep_guard_pages]

}  // namespace

bool cpu_has_1g_pages() { return arch::cpuid(0x80000001).edx & (1u << 26); }

bool kernel_tables_ready() { return ready; }

paddr_t kernel_root() { return kernel_pt ? kernel_pt->root() : arch::read_cr3() & pte::ADDR; }

void build_kernel_tables(PhysRanges& free) {
    // LAB_BEGIN(02-paging, 1): build the kernel's page tables (direct map, W^X image, guard pages, vmap slot) and load them
    //! [build_kernel_tables]
    early_memory.free = &free;
    paddr_t root = PageTable::create_root(early_memory).value();
    kernel_pt.emplace(early_memory, root, cpu_has_nx());
    PageTable& pt = *kernel_pt;

    PhysRanges ram;
    collect_ram(ram);
    u64 max_page = cpu_has_1g_pages() ? HUGE_PAGE_SIZE : LARGE_PAGE_SIZE;
    map_direct(pt, ram, max_page);
    map_image(pt);
    keep_guard_pages(pt);
    // The vmap area's PML4 slot exists from the start, so the kernel half of the PML4
    // never changes after boot (address spaces of lab 03 copy it once).
    pt.memory().table(root)[level_index(VMAP_BASE, 3)] =
        early_memory.alloc_table().value() | pte::P | pte::W;

    arch::write_cr3(root);
    flush_tlb_local_all();
    ready = true;
    klog::info(
        "mm: kernel page tables at {:#x}: direct map of {} MiB RAM in {} pages, image W^X, {} table pages, NX {}",
        root, ram.total() / MiB, max_page == HUGE_PAGE_SIZE ? "1 GiB" : "2 MiB", early_memory.used,
        pt.nx() ? "on" : "off (CPU lacks it)");
    //! [build_kernel_tables]
    // LAB_FALLBACK
    // (void)free;
    // klog::warn("mm: still on the early page tables of entry32.S (lab 02 TODO)");
    // LAB_END
}

void kernel_tables_use_page_allocator() {
    if (!kernel_pt) return;
    paddr_t root = kernel_pt->root();
    bool nx = kernel_pt->nx();
    kernel_pt.emplace(allocator_memory, root, nx);
}

TableMemory& allocator_table_memory() { return allocator_memory; }

void share_kernel_half(paddr_t root) {
    const u64* kernel = phys_to_virt<u64>(kernel_root());
    u64* pml4 = phys_to_virt<u64>(root);
    for (unsigned i = 256; i < 512; ++i) pml4[i] = kernel[i];
}

Result<void> kernel_map(vaddr_t va, paddr_t pa, u64 size, PageFlags flags) {
    if (!kernel_pt) return Error(ENOSYS);
    if (va < DIRECT_MAP_BASE || size == 0) return Error(EINVAL);
    // The PML4's kernel half is fixed after boot: address spaces hold copies of it.
    const u64* pml4 = phys_to_virt<u64>(kernel_pt->root());
    for (unsigned i = level_index(va, 3); i <= level_index(va + size - 1, 3); ++i)
        if (!(pml4[i] & pte::P)) return Error(EINVAL);
    SpinLockGuard g(kernel_pt_lock);
    return kernel_pt->try_map(va, pa, size, flags);
}

//! [kernel_unmap]
Result<void> kernel_unmap(vaddr_t va, u64 size) {
    if (!kernel_pt) return Error(ENOSYS);
    if (va < DIRECT_MAP_BASE) return Error(EINVAL);
    {
        SpinLockGuard g(kernel_pt_lock);
        TRY(kernel_pt->try_unmap(va, size));
    }
    flush_tlb(va, size);
    return {};
}
//! [kernel_unmap]

Result<void> kernel_protect(vaddr_t va, u64 size, PageFlags flags) {
    if (!kernel_pt) return Error(ENOSYS);
    if (va < DIRECT_MAP_BASE) return Error(EINVAL);
    {
        SpinLockGuard g(kernel_pt_lock);
        TRY(kernel_pt->try_protect(va, size, flags));
    }
    flush_tlb(va, size);
    return {};
}

Result<Mapping> kernel_translate(vaddr_t va) {
    if (!kernel_pt) return Error(ENOSYS);
    SpinLockGuard g(kernel_pt_lock);
    return kernel_pt->try_translate(va);
}

}  // namespace mm
