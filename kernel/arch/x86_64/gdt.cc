// kernel/arch/x86_64/gdt.cc — building and loading each CPU's GDT (layout in gdt.hh).
//
// A code or data descriptor in long mode only needs its access byte (present, ring,
// code/data, type) and the L bit for 64-bit code; base and limit are ignored, but we
// fill in the usual flat 4 GiB values so the descriptors also read sensibly in a
// debugger. The TSS descriptor is a 16-byte system descriptor holding the TSS's
// 64-bit address and size.
#include "arch/x86_64/gdt.hh"

#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/tss.hh"

namespace arch {
namespace {

// Access byte: P (bit 7), DPL (bits 5-6), S = code/data (bit 4), type (bits 0-3).
constexpr u64 ACCESS_PRESENT = 1u << 7;
constexpr u64 ACCESS_CODE_DATA = 1u << 4;
constexpr u64 TYPE_CODE_READ = 0xa;   // execute/read
constexpr u64 TYPE_DATA_WRITE = 0x2;  // read/write
constexpr u64 TYPE_TSS_AVAILABLE = 0x9;
// Flags nibble: G (4 KiB granularity), D/B (32-bit), L (64-bit code).
constexpr u64 FLAG_GRANULAR = 0x8;
constexpr u64 FLAG_32BIT = 0x4;
constexpr u64 FLAG_LONG = 0x2;

constexpr u64 segment(u64 dpl, u64 type, u64 flags) {
    u64 access = ACCESS_PRESENT | (dpl << 5) | ACCESS_CODE_DATA | type;
    return 0xffffull | (access << 40) | (0xfull << 48) | (flags << 52);
}

constexpr u64 KERNEL_CODE = segment(0, TYPE_CODE_READ, FLAG_GRANULAR | FLAG_LONG);
constexpr u64 KERNEL_DATA = segment(0, TYPE_DATA_WRITE, FLAG_GRANULAR | FLAG_32BIT);
constexpr u64 USER_DATA = segment(3, TYPE_DATA_WRITE, FLAG_GRANULAR | FLAG_32BIT);
constexpr u64 USER_CODE = segment(3, TYPE_CODE_READ, FLAG_GRANULAR | FLAG_LONG);
static_assert(KERNEL_CODE == 0x00af9a000000ffffull);
static_assert(KERNEL_DATA == 0x00cf92000000ffffull);
static_assert(USER_CODE == 0x00affa000000ffffull);
static_assert(USER_DATA == 0x00cff2000000ffffull);

Gdt gdts[MAX_CPUS];

// Loads GDTR, then CS through a far return and the data segment registers.
void load_gdt(const Gdt& gdt) {
    DescriptorTablePointer p{sizeof(Gdt) - 1, reinterpret_cast<u64>(&gdt)};
    asm volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movw %w2, %%ds\n\t"
        "movw %w2, %%es\n\t"
        "movw %w2, %%ss\n\t"
        :
        : "m"(p), "i"(u64(KERNEL_CS)), "r"(u32(KERNEL_DS))
        : "rax", "memory");
}

}  // namespace

void gdt_init(unsigned index, Tss* tss) {
    Gdt& gdt = gdts[index];
    gdt.entries[0] = 0;
    gdt.entries[KERNEL_CS / 8] = KERNEL_CODE;
    gdt.entries[KERNEL_DS / 8] = KERNEL_DATA;
    gdt.entries[3] = 0;
    gdt.entries[USER32_CS / 8] = 0;  // no 32-bit user programs
    gdt.entries[USER_DS / 8] = USER_DATA;
    gdt.entries[USER_CS / 8] = USER_CODE;
    gdt.entries[TSS_SELECTOR / 8] = 0;
    gdt.entries[TSS_SELECTOR / 8 + 1] = 0;
    // LAB_BEGIN(01-boot, 2): put a 16-byte TSS descriptor (base = tss, limit = sizeof(Tss) - 1, type 0x9) at TSS_SELECTOR, and load TR with ltr after lgdt
    //! [tss_descriptor]
    u64 base = reinterpret_cast<u64>(tss);
    u64 limit = sizeof(Tss) - 1;
    gdt.entries[TSS_SELECTOR / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                                    ((ACCESS_PRESENT | TYPE_TSS_AVAILABLE) << 40) |
                                    (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt.entries[TSS_SELECTOR / 8 + 1] = base >> 32;
    load_gdt(gdt);
    asm volatile("ltr %w0" ::"r"(u32(TSS_SELECTOR)) : "memory");
    //! [tss_descriptor]
    // LAB_FALLBACK
    // (void)tss;
    // load_gdt(gdt);
    // LAB_END
}

const Gdt& cpu_gdt(unsigned index) { return gdts[index]; }

u64 tss_descriptor_base(const Gdt& gdt, unsigned i) {
    u64 lo = gdt.entries[i];
    u64 hi = gdt.entries[i + 1];
    return ((lo >> 16) & 0xffffff) | (((lo >> 56) & 0xff) << 24) | (hi << 32);
}

}  // namespace arch
