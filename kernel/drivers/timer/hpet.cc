// kernel/drivers/timer/hpet.cc — reading the HPET main counter.
//
// The General Capabilities register (offset 0) gives the counter's period in
// femtoseconds (high 32 bits) and whether it is 64 bits wide (bit 13); setting
// ENABLE_CNF in the General Configuration register (offset 0x10) makes the main
// counter (offset 0xf0) run. We use no comparators: the HPET is only a ruler.
#include "drivers/timer/hpet.hh"

#include "drivers/acpi/acpi.hh"
#include "lib/log.hh"
#include "mm/layout.hh"

namespace hpet {
namespace {

constexpr u32 REG_CAPS = 0x00;
constexpr u32 REG_CONFIG = 0x10;
constexpr u32 REG_COUNTER = 0xf0;
constexpr u64 CAPS_COUNT_SIZE_64 = 1u << 13;
constexpr u64 CONFIG_ENABLE = 1;
constexpr u64 MAX_PERIOD_FS = 100000000;  // 100 ns

volatile u64* regs = nullptr;
u64 period = 0;
u64 mask = 0;

u64 read(u32 off) { return regs[off / 8]; }
void write(u32 off, u64 v) { regs[off / 8] = v; }

}  // namespace

bool init() {
    const acpi::Info& a = acpi::info();
    if (!a.has_hpet) return false;
    if (a.hpet_address < 3 * GiB || a.hpet_address >= 4 * GiB) {
        klog::warn("hpet: at {:#x}, outside the uncached MMIO window; not used", a.hpet_address);
        return false;
    }
    regs = mm::phys_to_virt<volatile u64>(a.hpet_address);
    u64 caps = read(REG_CAPS);
    period = caps >> 32;
    if (period == 0 || period > MAX_PERIOD_FS) {
        klog::warn("hpet: implausible period {} fs; not used", period);
        regs = nullptr;
        return false;
    }
    mask = caps & CAPS_COUNT_SIZE_64 ? ~u64(0) : 0xffffffffull;
    write(REG_CONFIG, read(REG_CONFIG) | CONFIG_ENABLE);
    u64 a0 = counter();
    for (int i = 0; i < 100000 && counter() == a0; ++i) {}
    if (counter() == a0) {
        klog::warn("hpet: the main counter does not advance; not used");
        regs = nullptr;
        return false;
    }
    klog::info("hpet: at {:#x}, period {} fs ({} MHz), {}-bit counter", a.hpet_address, period,
               1000000000ull / period, mask == ~u64(0) ? 64 : 32);
    return true;
}

bool available() { return regs != nullptr; }
u64 counter() { return read(REG_COUNTER) & mask; }
u64 counter_mask() { return mask; }
u64 period_fs() { return period; }

u64 ticks_to_ns(u64 from, u64 to) {
    u64 ticks = (to - from) & mask;
    return ticks * period / 1000000;
}

}  // namespace hpet
