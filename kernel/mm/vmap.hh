// kernel/mm/vmap.hh — kernel virtual addresses outside the direct map: stacks with guard
// pages, and windows whose mapping changes (tests, later device mappings).
//
//   KernelStack s = TRY(mm::alloc_kernel_stack(4));   // 4 pages, an unmapped page below
//   ... switch to s.top ...
//   mm::free_kernel_stack(s);
//
// Addresses come from the vmap area (mm/layout.hh) and are never handed out twice; at
// 512 GiB it outlasts any run of this kernel.
#pragma once

#include "lib/result.hh"
#include "mm/layout.hh"

namespace mm {

/// @p size bytes (whole pages) of unmapped kernel address space, preceded by at
/// least one page that stays unmapped.
Result<vaddr_t> vmap_reserve(u64 size);

struct KernelStack {
    vaddr_t bottom = 0;  ///< lowest mapped byte; bottom - PAGE_SIZE is the guard page
    vaddr_t top = 0;     ///< one past the highest byte: the initial stack pointer
    u64 pages = 0;
};
/// A kernel stack of @p pages fresh pages, RW+NX, with an unmapped guard page below.
Result<KernelStack> alloc_kernel_stack(u64 pages);
/// Unmaps (with a TLB shootdown) and frees a stack from alloc_kernel_stack.
void free_kernel_stack(const KernelStack& stack);
/// True when @p va is the guard page of a stack from alloc_kernel_stack (or of any
/// vmap reservation).
bool is_vmap_guard(vaddr_t va);

}  // namespace mm
