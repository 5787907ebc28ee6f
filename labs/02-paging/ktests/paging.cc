// labs/02-paging/ktests/paging.cc — lab 02's tests of the kernel page tables.
//
// Non-panic tests:
//   paging_wx_layout        text is r-x, rodata r--, data/bss rw- (NX), all global; the
//                           direct map is NX, MMIO below 4 GiB uncached, the direct-map
//                           alias of text read-only; nothing maps low (user) addresses;
//                           every CPU runs on the kernel's tables with EFER.NXE.
//                           Values: cpus_on_kernel_tables (= -smp).
//   paging_direct_map_all   every usable region of the memory map is in the direct map,
//                           mapped to itself (above 4 GiB too). Values: mapped_kib.
//   paging_map_api          kernel_map / translate / protect / unmap on vmap addresses,
//                           with their errors (EEXIST, ENOENT); a kernel stack with an
//                           unmapped guard page.
// Panic tests (run alone; the grader matches the fault report in the kernel log):
//   paging_text_write_faults   a write to kernel text: "#PF ... present write", "kernel text"
//   paging_data_exec_faults    a call into a data page: "#PF ... instruction-fetch", "kernel data/bss"
//   paging_guard_page_faults   a read just below a kernel stack from alloc_kernel_stack:
//                              "cr2 is in the guard page of a kernel stack (vmap)"
#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/cpu_tables.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/smp.hh"
#include "boot/main.hh"
#include "mm/kernel_tables.hh"
#include "mm/physmem.hh"
#include "mm/vmap.hh"
#include "test/ktest.hh"

extern "C" char _text_start[], _rodata_start[];

namespace {

vaddr_t sym(const void* s) { return reinterpret_cast<vaddr_t>(s); }

// Fails unless @p va is mapped with exactly the flags in @p want (of those in @p mask).
void expect_flags(ktest::Context& t, const char* what, vaddr_t va, mm::PageFlags want,
                  mm::PageFlags mask) {
    auto m = mm::kernel_translate(va);
    if (m.is_error()) {
        t.fail("{} ({:#x}) is not mapped", what, va);
        return;
    }
    mm::PageFlags got = m.value().flags & mask;
    if (got != want)
        t.fail(
            "{} ({:#x}) has flags {:#x}, want {:#x} (write 1, exec 2, user 4, global 8, uncached 16)",
            what, va, got, want);
}

u64 data_word = 1;  // in .data
u64 bss_word;       // in .bss
std::atomic<unsigned> on_kernel_tables{0};

void check_cpu_tables(void*) {
    bool nxe = arch::rdmsr(arch::MSR_EFER) & (1u << 11);
    if ((arch::read_cr3() & mm::pte::ADDR) == mm::kernel_root() && nxe)
        on_kernel_tables.fetch_add(1);
}

}  // namespace

KTEST("02-paging", paging_wx_layout) {
    using namespace mm;
    constexpr PageFlags ALL = PG_WRITE | PG_EXEC | PG_USER | PG_GLOBAL | PG_UNCACHED;
    expect_flags(t, "kernel text", sym(_text_start), PG_EXEC | PG_GLOBAL, ALL);
    expect_flags(t, "this test's code", sym(reinterpret_cast<const void*>(&check_cpu_tables)),
                 PG_EXEC | PG_GLOBAL, ALL);
    expect_flags(t, "kernel rodata", sym(_rodata_start), PG_GLOBAL, ALL);
    expect_flags(t, "kernel data", sym(&data_word), PG_WRITE | PG_GLOBAL, ALL);
    expect_flags(t, "kernel bss", sym(&bss_word), PG_WRITE | PG_GLOBAL, ALL);
    expect_flags(t, "direct-map alias of kernel text",
                 DIRECT_MAP_BASE + sym(_text_start) - KERNEL_VMA, PG_GLOBAL, ALL);
    expect_flags(t, "direct map of the first usable MiB", DIRECT_MAP_BASE + 2 * MiB - PAGE_SIZE,
                 PG_WRITE | PG_GLOBAL, ALL);
    expect_flags(t, "direct map of the local APIC", DIRECT_MAP_BASE + 0xfee00000,
                 PG_WRITE | PG_GLOBAL | PG_UNCACHED, ALL);
    for (vaddr_t low : {vaddr_t(0), vaddr_t(0x8000), vaddr_t(2 * MiB), vaddr_t(1 * GiB)})
        if (!kernel_translate(low).is_error())
            t.fail("low address {:#x} is mapped (identity map left over)", low);
    usize guards = 0;
    const u64* g = arch::guard_pages(guards);
    for (usize i = 0; i < guards; ++i)
        if (!kernel_translate(g[i]).is_error()) t.fail("guard page {:#x} is mapped", g[i]);
    t.value("guard_pages", guards);
    on_kernel_tables.store(0);
    check_cpu_tables(nullptr);
    smp::call_on_others(check_cpu_tables, nullptr, true);
    t.value("cpus_on_kernel_tables", on_kernel_tables.load());
}

KTEST("02-paging", paging_direct_map_all) {
    const boot::BootInfo& bi = boot::info();
    u64 mapped = 0;
    for (usize i = 0; i < bi.region_count; ++i) {
        const boot::MemoryRegion& r = bi.regions[i];
        if (r.type != boot::MemoryType::Usable || r.length < mm::PAGE_SIZE) continue;
        for (paddr_t pa :
             {align_up(r.base, mm::PAGE_SIZE), align_down(r.base + r.length - 1, mm::PAGE_SIZE)}) {
            auto m = mm::kernel_translate(mm::DIRECT_MAP_BASE + pa);
            if (m.is_error()) {
                t.fail("usable {:#x} is not in the direct map", pa);
                return;
            }
            paddr_t got = m.value().pa + (pa - (m.value().va - mm::DIRECT_MAP_BASE));
            if (got != pa) t.fail("direct map of {:#x} leads to {:#x}", pa, got);
            if (m.value().flags & mm::PG_EXEC) t.fail("direct map of {:#x} is executable", pa);
        }
        mapped += r.length;
    }
    t.value("mapped_kib", mapped / KiB);
    t.value(
        "page_size_kib",
        mm::kernel_translate(mm::DIRECT_MAP_BASE + 512 * MiB).value_or({0, 0, 0, 0, 0}).size / KiB);
}

KTEST("02-paging", paging_map_api) {
    using namespace mm;
    auto vr = vmap_reserve(4 * PAGE_SIZE);
    auto pr = alloc_pages(2);
    if (vr.is_error() || pr.is_error()) {
        t.fail("vmap_reserve: {}, alloc_pages(2): {}",
               vr.is_error() ? errno_name(vr.error()) : "ok",
               pr.is_error() ? errno_name(pr.error()) : "ok");
        return;
    }
    vaddr_t va = vr.value();
    paddr_t pa = pr.value();
    if (auto r = kernel_map(va, pa, 4 * PAGE_SIZE, PG_WRITE); r.is_error()) {
        t.fail("kernel_map: {}", errno_name(r.error()));
        return;
    }
    *reinterpret_cast<volatile u64*>(va + PAGE_SIZE + 8) = 0x1234;
    if (*phys_to_virt<volatile u64>(pa + PAGE_SIZE + 8) != 0x1234)
        t.fail("the mapping does not lead to its page");
    auto m = kernel_translate(va + 3 * PAGE_SIZE + 5);
    if (m.is_error() || m.value().pa != pa + 3 * PAGE_SIZE || m.value().size != PAGE_SIZE)
        t.fail("translate of the 4th page is wrong");
    if (auto r = kernel_map(va + PAGE_SIZE, pa, PAGE_SIZE, PG_WRITE);
        !r.is_error() || r.error() != EEXIST)
        t.fail("mapping over a mapped page did not fail with EEXIST");
    if (kernel_protect(va, 2 * PAGE_SIZE, PG_READ).is_error()) t.fail("protect failed");
    if (kernel_translate(va).value().flags & PG_WRITE) t.fail("protect left the page writable");
    if (auto r = kernel_unmap(va + PAGE_SIZE, PAGE_SIZE); r.is_error())
        t.fail("unmap: {}", errno_name(r.error()));
    if (!kernel_translate(va + PAGE_SIZE).is_error()) t.fail("unmapped page still translates");
    if (auto r = kernel_protect(va, 4 * PAGE_SIZE, PG_WRITE); !r.is_error() || r.error() != ENOENT)
        t.fail("protect over a hole did not fail with ENOENT");
    if (kernel_unmap(va, 4 * PAGE_SIZE).is_error()) t.fail("unmapping the rest failed");
    free_pages(pa, 2);

    auto s = alloc_kernel_stack(4);
    if (s.is_error()) {
        t.fail("alloc_kernel_stack: {}", errno_name(s.error()));
        return;
    }
    KernelStack st = s.value();
    *reinterpret_cast<volatile u64*>(st.top - 8) = 1;
    *reinterpret_cast<volatile u64*>(st.bottom) = 2;
    if (!kernel_translate(st.bottom - PAGE_SIZE).is_error())
        t.fail("the stack's guard page is mapped");
    if (!is_vmap_guard(st.bottom - PAGE_SIZE)) t.fail("is_vmap_guard does not know the guard page");
    free_kernel_stack(st);
    if (!kernel_translate(st.bottom).is_error()) t.fail("a freed stack is still mapped");
}

KTEST("02-paging", paging_text_write_faults) {
    auto* target = reinterpret_cast<volatile u8*>(reinterpret_cast<uptr>(&check_cpu_tables));
    t.note("writing to kernel text at {:#x}: expect a #PF report (present write) and a panic",
           reinterpret_cast<uptr>(target));
    *target = 0xc3;
    t.fail("the write to kernel text did not fault");
}

namespace {
// A page of data holding one `ret`: executable only if data were executable.
[[gnu::aligned(4096)]] u8 data_code[4096] = {0xc3};
}  // namespace

KTEST("02-paging", paging_data_exec_faults) {
    auto fn = reinterpret_cast<void (*)()>(reinterpret_cast<uptr>(data_code));
    asm volatile("" ::: "memory");
    t.note("calling a data page at {:#x}: expect a #PF report (instruction-fetch) and a panic",
           reinterpret_cast<uptr>(data_code));
    fn();
    t.fail("executing a data page did not fault");
}

KTEST("02-paging", paging_guard_page_faults) {
    auto s = mm::alloc_kernel_stack(4);
    if (s.is_error()) {
        t.fail("alloc_kernel_stack: {}", errno_name(s.error()));
        return;
    }
    vaddr_t va = s.value().bottom - 64;  // as a push that overflows the stack would
    t.note(
        "reading below kernel stack [{:#x}, {:#x}) at {:#x}: expect a #PF report in its guard page and a panic",
        s.value().bottom, s.value().top, va);
    (void)*reinterpret_cast<volatile u64*>(va);
    t.fail("reading a guard page did not fault");
}
