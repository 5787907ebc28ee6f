// kernel/proc/random.cc — random bytes from RDSEED/RDRAND and TSC jitter (random.hh).
#include "proc/random.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "lib/string.hh"

namespace proc {
namespace {

std::atomic<u64> pool{0x9e3779b97f4a7c15ull};

u64 mix(u64 z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

bool hw_random(u64& out) {
    static const bool has_rdseed = arch::cpuid(7, 0).ebx & (1u << 18);
    static const bool has_rdrand = arch::cpuid(1).ecx & (1u << 30);
    for (int tries = 0; tries < 10; ++tries) {
        unsigned char ok = 0;
        if (has_rdseed) asm volatile("rdseed %0; setc %1" : "=r"(out), "=qm"(ok));
        else if (has_rdrand) asm volatile("rdrand %0; setc %1" : "=r"(out), "=qm"(ok));
        else return false;
        if (ok) return true;
    }
    return false;
}

u64 next() {
    u64 hw = 0;
    hw_random(hw);
    // Jitter: the low bits of the TSC across a few dependent steps.
    u64 t = arch::rdtsc();
    for (int i = 0; i < 4; ++i) t = (t << 7) ^ arch::rdtsc();
    u64 old = pool.fetch_add(mix(hw ^ t), std::memory_order_relaxed);
    return mix(old ^ hw ^ t);
}

}  // namespace

void random_bytes(void* buf, usize len) {
    u8* out = static_cast<u8*>(buf);
    while (len) {
        u64 v = next();
        usize n = len < 8 ? len : 8;
        memcpy(out, &v, n);
        out += n;
        len -= n;
    }
}

}  // namespace proc
