// kernel/mm/tlb.cc — TLB invalidation on this CPU and, by IPI, on the others.
#include "mm/tlb.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "lib/irq_state.hh"
#include "arch/x86_64/smp.hh"
#include "mm/layout.hh"

namespace mm {
namespace {

// Above this many pages one full flush is cheaper than invlpg per page.
constexpr u64 INVLPG_LIMIT = 64;
constexpr u64 CR4_PGE = 1u << 7;

std::atomic<u64> shootdowns{0};

//! [tlb_remote]
struct Range {
    vaddr_t va;
    u64 size;
};

void flush_remote(void* arg) {
    const Range* r = static_cast<const Range*>(arg);
    if (r->size == ~0ull) flush_tlb_local_all();
    else flush_tlb_local(r->va, r->size);
}
//! [tlb_remote]

void shoot(const Range& r) {
    // LAB_BEGIN(02-paging, 3): invalidate the range on every other online CPU (smp::call_on_others, waiting)
    //! [tlb_shoot]
    if (smp::cpu_count() <= 1) return;
    shootdowns.fetch_add(1, std::memory_order_relaxed);
    smp::call_on_others(flush_remote, const_cast<Range*>(&r), true);
    //! [tlb_shoot]
    // LAB_FALLBACK
    // (void)r;
    // (void)flush_remote;
    // LAB_END
}

}  // namespace

//! [tlb_local]
void flush_tlb_local_all() {
    // Toggling CR4.PGE drops every entry, global ones included (a CR3 write keeps those).
    IrqGuard irqs_off;
    u64 cr4 = arch::read_cr4();
    if (cr4 & CR4_PGE) {
        arch::write_cr4(cr4 & ~CR4_PGE);
        arch::write_cr4(cr4);
    } else {
        arch::write_cr3(arch::read_cr3());
    }
}

void flush_tlb_local(vaddr_t va, u64 size) {
    vaddr_t start = align_down(va, PAGE_SIZE);
    u64 pages = (align_up(va + size, PAGE_SIZE) - start) / PAGE_SIZE;
    if (pages > INVLPG_LIMIT) {
        flush_tlb_local_all();
        return;
    }
    for (u64 i = 0; i < pages; ++i) arch::invlpg(start + i * PAGE_SIZE);
}
//! [tlb_local]

//! [tlb_flush]
void flush_tlb(vaddr_t va, u64 size) {
    flush_tlb_local(va, size);
    shoot(Range{va, size});
}
//! [tlb_flush]

void flush_tlb_all() {
    flush_tlb_local_all();
    shoot(Range{0, ~0ull});
}

u64 tlb_shootdowns() { return shootdowns.load(std::memory_order_relaxed); }

}  // namespace mm
