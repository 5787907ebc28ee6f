// kernel/arch/x86_64/fpu.cc — enabling the FPU/SSE/AVX and saving a task's registers (fpu.hh).
#include "arch/x86_64/fpu.hh"

#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"

namespace arch {
namespace {

constexpr u64 CR0_MP = 1u << 1, CR0_EM = 1u << 2, CR0_TS = 1u << 3, CR0_NE = 1u << 5;
constexpr u64 CR4_OSFXSR = 1u << 9, CR4_OSXMMEXCPT = 1u << 10, CR4_OSXSAVE = 1u << 18;
constexpr u64 XCR0_X87 = 1, XCR0_SSE = 2, XCR0_AVX = 4;
constexpr usize ALIGN = 64;

bool use_xsave = false;
u64 xcr0 = 0;
usize state_size = 512;
alignas(64) u8 initial_image[4096];

inline void xsetbv(u32 index, u64 value) {
    asm volatile("xsetbv" ::"c"(index), "a"(u32(value)), "d"(u32(value >> 32)));
}

// kmalloc returns 16-byte aligned memory; an image must be 64-byte aligned. The slot
// keeps the raw pointer just below the aligned area.
u8* alloc_aligned(usize size) {
    auto raw = mm::kmalloc(size + ALIGN + sizeof(void*));
    if (raw.is_error()) return nullptr;
    uptr base = reinterpret_cast<uptr>(raw.value()) + sizeof(void*);
    uptr aligned = align_up(base, ALIGN);
    reinterpret_cast<void**>(aligned)[-1] = raw.value();
    return reinterpret_cast<u8*>(aligned);
}

}  // namespace

void fpu_cpu_init() {
    u64 cr0 = read_cr0();
    cr0 = (cr0 | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS);
    write_cr0(cr0);
    u64 cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    CpuidResult leaf1 = cpuid(1);
    bool xsave = leaf1.ecx & (1u << 26);
    if (xsave) cr4 |= CR4_OSXSAVE;
    write_cr4(cr4);
    u64 mask = 0;
    if (xsave) {
        mask = XCR0_X87 | XCR0_SSE;
        if (leaf1.ecx & (1u << 28)) mask |= XCR0_AVX;
        xsetbv(0, mask);
    }
    // The first CPU here measures the state size and builds the initial image; the
    // others (application processors may come here concurrently) wait for it.
    static std::atomic<int> setup{0};
    int expected = 0;
    if (!setup.compare_exchange_strong(expected, 1)) {
        while (setup.load(std::memory_order_acquire) != 2) asm volatile("pause");
        return;
    }
    use_xsave = xsave;
    xcr0 = mask;
    // CPUID 0xD.0 EBX: the size XSAVE needs for the features enabled in XCR0 now.
    state_size = xsave ? cpuid(0xd, 0).ebx : 512;
    if (state_size > sizeof initial_image)
        panic("fpu: XSAVE area of {} bytes is too large", state_size);
    asm volatile("fninit");
    u32 mxcsr = 0x1f80;
    asm volatile("ldmxcsr %0" ::"m"(mxcsr));
    memset(initial_image, 0, sizeof initial_image);
    if (use_xsave) {
        asm volatile("xsave64 (%0)" ::"r"(initial_image), "a"(u32(xcr0)), "d"(u32(xcr0 >> 32))
                     : "memory");
    } else {
        asm volatile("fxsave64 (%0)" ::"r"(initial_image) : "memory");
    }
    setup.store(2, std::memory_order_release);
    klog::info("fpu: {} ({} bytes per task), xcr0={:#x}", use_xsave ? "xsave" : "fxsave",
               state_size, xcr0);
}

usize fpu_state_size() { return state_size; }
bool fpu_uses_xsave() { return use_xsave; }
u64 fpu_xcr0() { return xcr0; }

Result<void> fpu_alloc(FpuState& state) {
    state.area = alloc_aligned(state_size);
    if (!state.area) return Error(ENOMEM);
    fpu_reset(state);
    return {};
}

void fpu_free(FpuState& state) {
    if (!state.area) return;
    mm::kfree(reinterpret_cast<void**>(state.area)[-1]);
    state.area = nullptr;
}

void fpu_copy(FpuState& to, const FpuState& from) { memcpy(to.area, from.area, state_size); }
void fpu_reset(FpuState& state) { memcpy(state.area, initial_image, state_size); }

u32 fpu_mxcsr_mask() {
    u32 mask;
    memcpy(&mask, initial_image + 28, 4);
    return mask ? mask : 0xffbf;
}

Result<void> fpu_set_user_image(FpuState& state, const u8* image, usize len, u64 xfeatures) {
    constexpr usize LEGACY = 512, HEADER = 64;
    if (len < LEGACY) return Error(EINVAL);
    u32 mxcsr;
    memcpy(&mxcsr, image + 24, 4);
    if (mxcsr & ~fpu_mxcsr_mask()) return Error(EINVAL);
    xfeatures &= xcr0;
    if (use_xsave && xfeatures) {
        if (len < LEGACY + HEADER) return Error(EINVAL);
        u64 header[8];
        memcpy(header, image + LEGACY, sizeof header);
        // XSTATE_BV within XCR0, XCOMP_BV 0 (the standard form), the rest reserved.
        if (header[0] & ~xcr0) return Error(EINVAL);
        for (int i = 1; i < 8; ++i)
            if (header[i]) return Error(EINVAL);
        usize n = len < state_size ? len : state_size;
        memcpy(state.area, initial_image, state_size);
        memcpy(state.area, image, n);
        header[0] &= xfeatures;
        memcpy(state.area + LEGACY, header, sizeof header);
    } else {
        memcpy(state.area, initial_image, state_size);
        memcpy(state.area, image, LEGACY);
        if (use_xsave) {  // x87 and SSE from the image, everything else initial
            u64 bv = XCR0_X87 | XCR0_SSE;
            memset(state.area + LEGACY, 0, HEADER);
            memcpy(state.area + LEGACY, &bv, sizeof bv);
        }
    }
    memset(state.area + 464, 0, 48);  // the software-reserved bytes are the frame's
    return {};
}

void fpu_save(FpuState& state) {
    if (use_xsave)
        asm volatile("xsave64 (%0)" ::"r"(state.area), "a"(u32(xcr0)), "d"(u32(xcr0 >> 32))
                     : "memory");
    else asm volatile("fxsave64 (%0)" ::"r"(state.area) : "memory");
}

void fpu_restore(const FpuState& state) {
    if (use_xsave)
        asm volatile("xrstor64 (%0)" ::"r"(state.area), "a"(u32(xcr0)), "d"(u32(xcr0 >> 32))
                     : "memory");
    else asm volatile("fxrstor64 (%0)" ::"r"(state.area) : "memory");
}

}  // namespace arch
