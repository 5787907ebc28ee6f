// kernel/mm/layout.hh — the kernel's virtual address layout, and physical <-> virtual.
//
//   0x0000000000000000 .. 0x00007fffffffffff  user space (lab 03 on)
//   0xffff800000000000 ..                     direct map of physical memory
//   0xffffffff80000000 ..                     the kernel image (-mcmodel=kernel)
// During lab 01 the direct map covers the first 4 GiB (entry32.S); lab 02 extends it
// to all of RAM.
#pragma once

#include "lib/types.hh"

namespace mm {

constexpr vaddr_t DIRECT_MAP_BASE = 0xffff800000000000ull;
constexpr vaddr_t KERNEL_VMA = 0xffffffff80000000ull;
constexpr u64 PAGE_SIZE = 4096;

/// The direct-map address of physical address @p pa.
template <typename T = void>
inline T* phys_to_virt(paddr_t pa) {
    return reinterpret_cast<T*>(DIRECT_MAP_BASE + pa);
}
/// The physical address behind a direct-map or kernel-image address.
inline paddr_t virt_to_phys(const void* va) {
    auto v = reinterpret_cast<vaddr_t>(va);
    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP_BASE;
}

}  // namespace mm
