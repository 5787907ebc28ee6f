// kernel/mm/fault.cc — naming the region of a faulting address and showing its page walk.
//
// Runs inside exception reports, maybe on a small IST stack and with other CPUs
// stopped: no locks, no allocation, only reads through the direct map.
#include "mm/fault.hh"

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/cpu_tables.hh"
#include "mm/layout.hh"
#include "mm/page_table.hh"

extern "C" char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern "C" char _data_start[], __bss_end[], _ksyms_start[], _ksyms_end[], _kernel_phys_start[];

namespace mm {
namespace {

vaddr_t sym(const char* s) { return reinterpret_cast<vaddr_t>(s); }

bool in_guard(vaddr_t va) {
    usize count = 0;
    const u64* guards = arch::guard_pages(count);
    for (usize i = 0; i < count; ++i)
        if (va - guards[i] < PAGE_SIZE) return true;
    return false;
}

// An unmapped vmap page with a mapped page above it: a stack's guard (read lock-free
// from the live tables, since a fault report may interrupt a holder of their lock).
bool is_vmap_guard_unlocked(vaddr_t va) {
    auto present = [](vaddr_t v) {
        paddr_t table = arch::read_cr3() & pte::ADDR;
        for (unsigned level = 3;; --level) {
            u64 e = phys_to_virt<u64>(table)[level_index(v, level)];
            if (!(e & pte::P)) return false;
            if (level == 0 || (e & pte::PS)) return true;
            table = e & pte::ADDR;
        }
    };
    return !present(va) && present(align_down(va, PAGE_SIZE) + PAGE_SIZE);
}

}  // namespace

//! [region_name]
const char* region_name(vaddr_t va) {
    if (!is_canonical(va)) return "a non-canonical address";
    if (va < 0x0000800000000000ull) return va < PAGE_SIZE ? "the null page" : "user space";
    if (in_guard(va)) return "a stack guard page";
    if (va >= sym(_text_start) && va < sym(_text_end)) return "kernel text";
    if (va >= sym(_rodata_start) && va < sym(_rodata_end)) return "kernel rodata";
    if (va >= sym(_data_start) && va < sym(__bss_end)) return "kernel data/bss";
    if (va >= sym(_ksyms_start) && va < sym(_ksyms_end)) return "the kernel symbol table";
    if (va >= KERNEL_VMA) return "the kernel image area";
    if (is_direct_map(va)) return "the direct map";
    if (va >= VMAP_BASE && va - VMAP_BASE < VMAP_SIZE)
        return is_vmap_guard_unlocked(va) ? "the guard page of a kernel stack (vmap)"
                                          : "the vmap area (kernel stacks)";
    return "an unused kernel address";
}
//! [region_name]

//! [describe_fault]
void describe_fault_address(fmt::Sink& out, vaddr_t va) {
    fmt::format(out, "cr2 is in {}\n", region_name(va));
    if (!is_canonical(va)) return;
    static const char* const names[] = {"pt", "pd", "pdpt", "pml4"};
    paddr_t table = arch::read_cr3() & pte::ADDR;
    fmt::format(out, "walk:");
    for (unsigned level = 3;; --level) {
        unsigned idx = level_index(va, level);
        u64 e = phys_to_virt<u64>(table)[idx];
        fmt::format(out, " {}[{}]={:#x}", names[level], idx, e);
        if (!(e & pte::P)) {
            fmt::format(out, " -> not present\n");
            return;
        }
        if (level == 0 || (e & pte::PS)) {
            PageFlags f = PageTable::decode(e);
            const char* size = level == 0 ? "4 KiB" : level == 1 ? "2 MiB" : "1 GiB";
            fmt::format(out, " -> {} r{}{}{}{}{}\n", size, (f & PG_WRITE) ? 'w' : '-',
                        (f & PG_EXEC) ? 'x' : '-', (f & PG_USER) ? " user" : "",
                        (f & PG_GLOBAL) ? " global" : "", (f & PG_UNCACHED) ? " uncached" : "");
            return;
        }
        table = e & pte::ADDR;
    }
}
//! [describe_fault]

}  // namespace mm
