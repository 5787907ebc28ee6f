// kernel/arch/x86_64/tss.cc — each CPU's TSS, kernel stack and IST stacks, with guard pages.
//
// The memory is reserved in .bss for arch::MAX_CPUS CPUs, whether or not that many
// start: no allocator exists in lab 01. Each stack is page aligned and preceded by a
// page of its own, the guard, which register_stack_guards() unmaps from the early page
// tables. CPU 0 runs on entry32.S's boot stack, whose guard (boot_stack_guard) is
// registered here too.
#include "arch/x86_64/tss.hh"

#include "arch/x86_64/cpu_tables.hh"
#include "arch/x86_64/percpu.hh"
#include "lib/panic.hh"

extern "C" char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

namespace arch {
namespace {

constexpr usize PAGE = 4096;

template <usize Size>
struct alignas(PAGE) GuardedStack {
    u8 guard[PAGE];
    u8 stack[Size];
    StackRange range() const {
        u64 bottom = reinterpret_cast<u64>(stack);
        return {bottom, bottom + Size};
    }
};
static_assert(KERNEL_STACK_SIZE % PAGE == 0 && IST_STACK_SIZE % PAGE == 0);

struct CpuIstStacks {
    GuardedStack<IST_STACK_SIZE> stacks[IST_COUNT];
};

// CPU 0's kernel stack is the boot stack; CPU n > 0 uses ap_kernel_stacks[n - 1].
GuardedStack<KERNEL_STACK_SIZE> ap_kernel_stacks[MAX_CPUS - 1];
CpuIstStacks ist_stacks[MAX_CPUS];

// Intel asks that a TSS not cross a page boundary; 128-byte slots never do.
struct alignas(128) TssSlot {
    Tss tss;
};
TssSlot tsses[MAX_CPUS];

}  // namespace

StackRange kernel_stack(unsigned index) {
    kassert(index < MAX_CPUS);
    if (index == 0)
        return {reinterpret_cast<u64>(boot_stack_bottom), reinterpret_cast<u64>(boot_stack_top)};
    return ap_kernel_stacks[index - 1].range();
}

StackRange ist_stack(unsigned index, unsigned ist) {
    kassert(index < MAX_CPUS && ist >= 1 && ist <= IST_COUNT);
    return ist_stacks[index].stacks[ist - 1].range();
}

unsigned ist_containing(unsigned index, u64 sp) {
    if (index >= MAX_CPUS) return 0;
    for (unsigned ist = 1; ist <= IST_COUNT; ++ist)
        if (ist_stack(index, ist).contains(sp)) return ist;
    return 0;
}

u64 cpu_boot_stack_top(unsigned index) { return kernel_stack(index).top; }

//! [tss_init]
Tss* tss_init(unsigned index) {
    kassert(index < MAX_CPUS);
    Tss& tss = tsses[index].tss;
    tss = Tss{};
    tss.rsp[0] = kernel_stack(index).top;
    for (unsigned ist = 1; ist <= IST_COUNT; ++ist) tss.ist[ist - 1] = ist_stack(index, ist).top;
    tss.iomap_base = sizeof(Tss);  // no I/O bitmap: ring 3 may use no port
    return &tss;
}
//! [tss_init]

const Tss& cpu_tss(unsigned index) { return tsses[index].tss; }

void register_stack_guards() {
    static bool done = false;
    if (done) return;
    done = true;
    register_guard_page(reinterpret_cast<u64>(boot_stack_guard));
    for (auto& s : ap_kernel_stacks) register_guard_page(reinterpret_cast<u64>(s.guard));
    for (auto& cpu : ist_stacks)
        for (auto& s : cpu.stacks) register_guard_page(reinterpret_cast<u64>(s.guard));
}

}  // namespace arch
