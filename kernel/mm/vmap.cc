// kernel/mm/vmap.cc — handing out vmap addresses, and kernel stacks built from them.
#include "mm/vmap.hh"

#include <atomic>

#include "mm/kernel_tables.hh"
#include "mm/physmem.hh"

namespace mm {
namespace {

// Every reservation starts one guard page above the previous one's end.
std::atomic<u64> next_offset{0};

}  // namespace

//! [vmap_reserve]
Result<vaddr_t> vmap_reserve(u64 size) {
    if (size == 0 || size % PAGE_SIZE || size > VMAP_SIZE) return Error(EINVAL);
    u64 need = size + PAGE_SIZE;
    u64 at = next_offset.fetch_add(need);
    if (at + need > VMAP_SIZE) return Error(ENOMEM);
    return VMAP_BASE + at + PAGE_SIZE;
}
//! [vmap_reserve]

bool is_vmap_guard(vaddr_t va) {
    if (va < VMAP_BASE || va - VMAP_BASE >= next_offset.load()) return false;
    auto m = kernel_translate(va);
    if (!m.is_error()) return false;
    // An unmapped page directly below a mapped one is a guard.
    return !kernel_translate(align_down(va, PAGE_SIZE) + PAGE_SIZE).is_error();
}

Result<KernelStack> alloc_kernel_stack(u64 pages) {
    if (pages == 0) return Error(EINVAL);
    vaddr_t va = TRY(vmap_reserve(pages * PAGE_SIZE));
    for (u64 i = 0; i < pages; ++i) {
        auto pa = alloc_pages(0);
        Result<void> r = pa.is_error() ? Result<void>(Error(pa.error()))
                                       : kernel_map(va + i * PAGE_SIZE, pa.value(), PAGE_SIZE,
                                                    PG_WRITE | PG_GLOBAL);
        if (r.is_error()) {
            if (!pa.is_error()) free_pages(pa.value(), 0);
            free_kernel_stack({va, va + i * PAGE_SIZE, i});
            return Error(r.error());
        }
    }
    return KernelStack{va, va + pages * PAGE_SIZE, pages};
}

//! [free_kernel_stack]
void free_kernel_stack(const KernelStack& s) {
    if (!s.pages) return;
    paddr_t frames[64];
    for (u64 done = 0; done < s.pages;) {
        u64 n = s.pages - done < 64 ? s.pages - done : 64;
        vaddr_t va = s.bottom + done * PAGE_SIZE;
        for (u64 i = 0; i < n; ++i) frames[i] = kernel_translate(va + i * PAGE_SIZE).value().pa;
        kernel_unmap(va, n * PAGE_SIZE).value();  // flushed everywhere before the frames go back
        for (u64 i = 0; i < n; ++i) free_pages(frames[i], 0);
        done += n;
    }
}
//! [free_kernel_stack]

}  // namespace mm
