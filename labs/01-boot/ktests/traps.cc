// labs/01-boot/ktests/traps.cc — lab 01's tests of the CPU tables, exceptions and guard pages.
//
// Non-panic tests (checked by their TAP result and values):
//   int3_resumes         two int3 are reported, counted, and the test goes on; bp_count=2
//   gdt_tss_loaded       GDTR, TR and IDTR are this CPU's; IST gates and stacks are set
//   ist_stacks_guarded   every registered guard page is unmapped; guard_pages=N
// Panic tests (the grader boots each alone and matches the kernel log's report):
//   divide_error         "exception: #DE divide error (vector 0) on cpu 0", backtrace
//                        naming ktest_fn_divide_error
//   page_fault           reads pf_addr=0x... from the command line: "exception: #PF page
//                        fault (vector 14) on cpu 0" and "cr2=0x<pf_addr> not-present ..."
//   stack_overflow       unbounded recursion into the boot stack's guard page: "#DF double
//                        fault" and "handler on IST stack 1 of cpu 0"
// A panic test that comes back (no fault happened) fails with a reason instead.
#include "arch/x86_64/cpu_tables.hh"
#include "arch/x86_64/gdt.hh"
#include "arch/x86_64/guard.hh"
#include "arch/x86_64/idt.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/traps.hh"
#include "arch/x86_64/tss.hh"
#include "boot/cmdline.hh"
#include "test/ktest.hh"

namespace {

constexpr u64 PAGE = 4096;

// Formats @p v as "0x..." for t.value().
struct Hex {
    char text[24];
    explicit Hex(u64 v) { fmt::format_to(text, sizeof text, "{:#x}", v); }
};

// The recursion of stack_overflow: each level keeps a frame with a live buffer, and
// uses the result of the call after it returns, so it cannot become a loop.
volatile u64 recursion_limit = ~u64(0);

[[gnu::noinline]] u64 ktest_recurse_forever(u64 depth) {
    volatile u8 frame[192];
    frame[depth % sizeof frame] = u8(depth);
    if (depth == recursion_limit) return 0;
    return ktest_recurse_forever(depth + 1) + frame[(depth * 7) % sizeof frame];
}

}  // namespace

KTEST("01-boot", int3_resumes) {
    u64 before = arch::breakpoint_count();
    asm volatile("int3" ::: "memory");
    asm volatile("int3" ::: "memory");
    u64 count = arch::breakpoint_count() - before;
    t.value("bp_count", count);
    if (count != 2) t.fail("the #BP handler counted {} of 2 breakpoints", count);
}

KTEST("01-boot", divide_error) {
    volatile u64 dividend = 42;
    volatile u64 divisor = 0;
    t.note("dividing {} by {}: expect a #DE report and a panic", u64(dividend), u64(divisor));
    volatile u64 quotient = dividend / divisor;
    t.fail("dividing by zero did not fault (quotient {})", u64(quotient));
}

KTEST("01-boot", page_fault) {
    bool found = false;
    StrView text = cmdline::boot().get("pf_addr", &found);
    u64 addr = 0;
    if (!found || !cmdline::parse_u64(text, addr)) {
        t.fail("no pf_addr=0x... (an unmapped address) on the kernel command line");
        return;
    }
    t.value("pf_addr", Hex(addr).text);
    if (!arch::is_canonical(addr)) {
        t.fail("pf_addr {:#x} is not canonical (that is a #GP, not a page fault)", addr);
        return;
    }
    if (arch::lookup_mapping(addr)) {
        t.fail("pf_addr {:#x} is mapped; choose an unmapped address", addr);
        return;
    }
    t.note("reading {:#x}: expect a #PF report and a panic", addr);
    u64 value = *reinterpret_cast<volatile u64*>(addr);
    t.fail("reading {:#x} did not fault (read {:#x})", addr, value);
}

KTEST("01-boot", stack_overflow) {
    unsigned cpu = arch::cpu_index();
    arch::StackRange stack = arch::kernel_stack(cpu);
    u64 sp = reinterpret_cast<u64>(__builtin_frame_address(0));
    if (!stack.contains(sp)) {
        t.fail("running on rsp {:#x}, outside cpu {}'s kernel stack [{:#x}, {:#x}]", sp, cpu,
               stack.bottom, stack.top);
        return;
    }
    // Without a guard page the recursion would overwrite whatever lies below the stack.
    if (arch::lookup_mapping(stack.bottom - PAGE)) {
        t.fail("the page below cpu {}'s kernel stack ({:#x}) is mapped: no guard page", cpu,
               stack.bottom - PAGE);
        return;
    }
    t.value("ist1_top", Hex(arch::ist_stack(cpu, arch::IST_DOUBLE_FAULT).top).text);
    t.note("recursing into the guard page at {:#x}: expect #DF on IST stack 1 and a panic",
           stack.bottom - PAGE);
    u64 r = ktest_recurse_forever(0);
    t.fail("unbounded recursion returned ({})", r);
}

KTEST("01-boot", gdt_tss_loaded) {
    unsigned cpu = arch::cpu_index();
    const arch::Gdt& gdt = arch::cpu_gdt(cpu);
    const arch::Tss& tss = arch::cpu_tss(cpu);

    arch::DescriptorTablePointer gdtr = arch::read_gdtr();
    if (gdtr.base != reinterpret_cast<u64>(&gdt) || gdtr.limit != sizeof(arch::Gdt) - 1)
        t.fail("GDTR is {:#x}/{:#x}, expected cpu {}'s GDT {:#x}/{:#x}", gdtr.base, gdtr.limit, cpu,
               reinterpret_cast<u64>(&gdt), sizeof(arch::Gdt) - 1);
    if (u16 cs = arch::read_cs(); cs != arch::KERNEL_CS)
        t.fail("CS is {:#x}, expected {:#x}", cs, arch::KERNEL_CS);

    u16 tr = arch::read_tr();
    t.value("tr", Hex(tr).text);
    if (tr != arch::TSS_SELECTOR)
        t.fail("TR is {:#x}, expected the TSS selector {:#x}", tr, arch::TSS_SELECTOR);
    u64 tss_base = arch::tss_descriptor_base(gdt, arch::TSS_SELECTOR / 8);
    if (tss_base != reinterpret_cast<u64>(&tss))
        t.fail("the GDT's TSS descriptor points at {:#x}, not at cpu {}'s TSS {:#x}", tss_base, cpu,
               reinterpret_cast<u64>(&tss));

    arch::DescriptorTablePointer idtr = arch::read_idtr();
    if (idtr.base != reinterpret_cast<u64>(arch::idt_gates()) ||
        idtr.limit != arch::IDT_VECTORS * 16 - 1)
        t.fail("IDTR is {:#x}/{:#x}, expected the IDT {:#x}/{:#x}", idtr.base, idtr.limit,
               reinterpret_cast<u64>(arch::idt_gates()), arch::IDT_VECTORS * 16 - 1);

    struct {
        u8 vector;
        unsigned ist;
    } const ists[] = {{arch::VECTOR_DOUBLE_FAULT, arch::IST_DOUBLE_FAULT},
                      {arch::VECTOR_NMI, arch::IST_NMI},
                      {arch::VECTOR_MACHINE_CHECK, arch::IST_MACHINE_CHECK}};
    for (const auto& want : ists) {
        u64 top = arch::ist_stack(cpu, want.ist).top;
        u64 in_tss = tss.ist[want.ist - 1];
        if (in_tss != top)
            t.fail("TSS IST{} is {:#x}, expected the stack top {:#x}", want.ist, in_tss, top);
        unsigned gate_ist = arch::idt_gates()[want.vector].ist & 7;
        if (gate_ist != want.ist)
            t.fail("the IDT gate of vector {} uses IST {}, expected {}", want.vector, gate_ist,
                   want.ist);
    }
    t.value("ist1_top", Hex(tss.ist[0]).text);
}

KTEST("01-boot", ist_stacks_guarded) {
    usize count = 0;
    const u64* pages = arch::guard_pages(count);
    t.value("guard_pages", count);
    if (count == 0) t.fail("no guard page is registered");
    for (usize i = 0; i < count; ++i) {
        if (arch::lookup_mapping(pages[i])) t.fail("guard page {:#x} is still mapped", pages[i]);
        if (!arch::lookup_mapping(pages[i] + PAGE))
            t.fail("the stack page above guard {:#x} is not mapped", pages[i]);
    }
    // Every stack the CPU tables reserve has its guard registered.
    auto check = [&](const char* what, unsigned cpu, u64 bottom) {
        for (usize i = 0; i < count; ++i)
            if (pages[i] == bottom - PAGE) return;
        t.fail("cpu {}'s {} stack at {:#x} has no registered guard page", cpu, what, bottom);
    };
    for (unsigned cpu = 0; cpu < arch::MAX_CPUS; ++cpu) {
        check("kernel", cpu, arch::kernel_stack(cpu).bottom);
        check("#DF IST", cpu, arch::ist_stack(cpu, arch::IST_DOUBLE_FAULT).bottom);
        check("NMI IST", cpu, arch::ist_stack(cpu, arch::IST_NMI).bottom);
        check("#MC IST", cpu, arch::ist_stack(cpu, arch::IST_MACHINE_CHECK).bottom);
    }
}
