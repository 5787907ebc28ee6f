// kernel/mm/init.cc — mm::init: from the boot memory map to a running page allocator.
#include "mm/mm.hh"

#include "boot/main.hh"
#include "lib/log.hh"
#include "mm/heap.hh"
#include "mm/kernel_tables.hh"
#include "mm/physmem.hh"

extern "C" char _kernel_phys_start[], _kernel_phys_end[];

namespace mm {
namespace {

// Descriptor arrays cover spans of RAM; two usable regions closer than this share one
// span (the descriptors of the gap, 0.8% of it, cost less than another span).
constexpr u64 SPAN_MERGE_GAP = 64 * MiB;

void must(Result<void> r, const char* what) {
    if (r.is_error())
        panic("mm: {} failed ({}): too many memory-map regions", what, errno_name(r.error()));
}

// Usable RAM, whole pages only.
[[maybe_unused]] void collect_usable(PhysRanges& usable) {
    const boot::BootInfo& bi = boot::info();
    for (usize i = 0; i < bi.region_count; ++i) {
        const boot::MemoryRegion& r = bi.regions[i];
        if (r.type != boot::MemoryType::Usable) continue;
        paddr_t s = align_up(r.base, PAGE_SIZE), e = align_down(r.base + r.length, PAGE_SIZE);
        if (e > DIRECT_MAP_SIZE) {
            klog::warn("mm: ignoring RAM above {} TiB (the direct map's size): {:#x}..{:#x}",
                       DIRECT_MAP_SIZE >> 40, s > DIRECT_MAP_SIZE ? s : DIRECT_MAP_SIZE, e);
            e = DIRECT_MAP_SIZE;
        }
        if (e > s) must(usable.add(s, e), "collecting usable memory");
    }
}

//! [remove_reserved]
// What must never be handed out, whatever the memory map says.
[[maybe_unused]] void remove_reserved(PhysRanges& free) {
    const boot::BootInfo& bi = boot::info();
    auto reserve = [&](paddr_t s, paddr_t e) {
        must(free.remove(align_down(s, PAGE_SIZE), align_up(e, PAGE_SIZE)), "reserving");
    };
    reserve(0, 1 * MiB);  // real-mode IVT, BIOS data, EBDA, the AP trampoline page
    reserve(reinterpret_cast<paddr_t>(_kernel_phys_start),
            reinterpret_cast<paddr_t>(_kernel_phys_end));
    for (usize i = 0; i < bi.module_count; ++i) reserve(bi.modules[i].start, bi.modules[i].end);
    if (bi.info_phys)
        reserve(bi.info_phys, bi.info_phys + (bi.info_size ? bi.info_size : PAGE_SIZE));
    if (bi.rsdp_phys) reserve(bi.rsdp_phys, bi.rsdp_phys + 36);
}
//! [remove_reserved]

// Descriptor arrays for the spans of usable memory, taken from @p free.
[[maybe_unused]] void add_spans(BuddyAllocator& buddy, const PhysRanges& usable, PhysRanges& free) {
    for (usize i = 0; i < usable.count();) {
        paddr_t start = usable[i].start, end = usable[i].end;
        usize j = i + 1;
        while (j < usable.count() && usable[j].start - end <= SPAN_MERGE_GAP) end = usable[j++].end;
        u64 pages = (end - start) / PAGE_SIZE;
        u64 bytes = align_up(pages * sizeof(Page), PAGE_SIZE);
        auto at = free.take(bytes, PAGE_SIZE);
        if (at.is_error())
            panic("mm: no {} KiB for the page descriptors of {:#x}..{:#x}", bytes / KiB, start,
                  end);
        auto r = buddy.add_span(pfn_of(start), pfn_of(end), phys_to_virt<Page>(at.value()));
        if (r.is_error()) panic("mm: more than {} spans of memory", BuddyAllocator::MAX_SPANS);
        i = j;
    }
}

// Hands the memory the kernel tables left free to the buddy allocator, with the
// descriptor spans it needs, and switches the kernel tables to it.
void start_buddy([[maybe_unused]] const PhysRanges& usable, [[maybe_unused]] PhysRanges& free) {
    // LAB_BEGIN(02-paging, 2): add descriptor spans, give the rest to the buddy allocator
    //! [mm_init_buddy]
    BuddyAllocator& buddy = physmem_buddy_for_init();
    add_spans(buddy, usable, free);
    for (usize i = 0; i < free.count(); ++i)
        buddy.add_free_range(pfn_of(free[i].start), pfn_of(free[i].end));
    kernel_tables_use_page_allocator();
    u64 usable_pages = usable.total() / PAGE_SIZE;
    physmem_set_boot_counts(usable_pages, usable_pages - buddy.stats().managed_pages);
    //! [mm_init_buddy]
    // LAB_FALLBACK
    // LAB_END
}

}  // namespace

void init() {
    PhysRanges usable, free;
    collect_usable(usable);
    // LAB_BEGIN(02-paging, 1): reserve what must stay (first MiB, image, modules, boot info), then build the kernel tables from the boot ranges left
    //! [mm_init]
    for (usize i = 0; i < usable.count(); ++i)
        must(free.add(usable[i].start, usable[i].end), "copying ranges");
    remove_reserved(free);
    build_kernel_tables(free);
    //! [mm_init]
    // LAB_FALLBACK
    // build_kernel_tables(free);
    // LAB_END

    start_buddy(usable, free);
    heap_init();
    log_phys_stats("boot");
}

void print_summary() {
    PhysStats s = phys_stats();
    console::print("memory: {} pages free of {} usable ({} MiB free)\n", s.free_pages(),
                   s.usable_pages, s.free_pages() * PAGE_SIZE / MiB);
}

}  // namespace mm
