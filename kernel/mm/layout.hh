// kernel/mm/layout.hh — the kernel's virtual address layout, and physical <-> virtual.
//
//   0x0000000000000000 .. 0x00007fffffffffff  user space (lab 03 on)
//   0xffff800000000000 .. 0xffffbfffffffffff  direct map of physical memory (64 TiB)
//   0xffffc00000000000 .. 0xffffc07fffffffff  vmap: kernel stacks with guard pages, windows
//   0xffffffff80000000 ..                     the kernel image (-mcmodel=kernel)
// During lab 01 the direct map covers the first 4 GiB (entry32.S); lab 02 (mm/kernel_tables.cc)
// extends it to all of RAM plus the MMIO hole below 4 GiB, and nothing maps low addresses.
#pragma once

#include "lib/types.hh"

namespace mm {

constexpr vaddr_t DIRECT_MAP_BASE = 0xffff800000000000ull;
constexpr u64 DIRECT_MAP_SIZE = 64ull << 40;
constexpr vaddr_t VMAP_BASE = 0xffffc00000000000ull;
constexpr u64 VMAP_SIZE = 512ull << 30;  ///< one PML4 entry, created at boot
constexpr vaddr_t KERNEL_VMA = 0xffffffff80000000ull;

constexpr unsigned PAGE_SHIFT = 12;
constexpr u64 PAGE_SIZE = 4096;
constexpr u64 LARGE_PAGE_SIZE = 2 * MiB;  ///< a PD entry with PS
constexpr u64 HUGE_PAGE_SIZE = 1 * GiB;   ///< a PDPT entry with PS (CPUID pdpe1gb)

/// Page frame number of a physical address, and back.
constexpr u64 pfn_of(paddr_t pa) { return pa >> PAGE_SHIFT; }
constexpr paddr_t pfn_to_phys(u64 pfn) { return pfn << PAGE_SHIFT; }

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
/// True for addresses inside the direct map.
inline bool is_direct_map(vaddr_t va) {
    return va >= DIRECT_MAP_BASE && va - DIRECT_MAP_BASE < DIRECT_MAP_SIZE;
}

}  // namespace mm
