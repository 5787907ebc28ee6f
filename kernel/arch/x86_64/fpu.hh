// kernel/arch/x86_64/fpu.hh — each task's x87/SSE/AVX registers, saved and restored on a switch.
//
// The kernel itself never touches these registers (it is built -mgeneral-regs-only),
// so the registers a CPU holds always belong to the user task it last ran. The
// scheduler saves them into the task's FpuState when it switches away and loads the
// next task's; fork copies the parent's (saved first), execve resets to the initial
// state. XSAVE/XRSTOR (with XCR0 = x87 | SSE | AVX where the CPU has AVX) when the CPU
// has XSAVE, FXSAVE/FXRSTOR (512 bytes: x87 and SSE) otherwise.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace arch {

/// A task's saved FPU registers: an XSAVE or FXSAVE image, 64-byte aligned.
struct FpuState {
    u8* area = nullptr;
};

/// Enables the FPU, SSE and (where present) XSAVE and AVX on the calling CPU: CR0.MP,
/// CR4.OSFXSR/OSXMMEXCPT/OSXSAVE, XCR0. The first call also records the state size and
/// builds the initial image (empty x87 stack, MXCSR = 0x1f80 with every exception masked).
void fpu_cpu_init();

/// Bytes of one saved image (512 with FXSAVE; from CPUID 0xD with XSAVE).
usize fpu_state_size();
/// True when XSAVE is used.
bool fpu_uses_xsave();
/// The XCR0 value programmed (0 without XSAVE).
u64 fpu_xcr0();

/// A state holding the initial image; ENOMEM.
Result<void> fpu_alloc(FpuState& state);
void fpu_free(FpuState& state);
/// Copies @p from into @p to (both allocated).
void fpu_copy(FpuState& to, const FpuState& from);
/// Resets @p state to the initial image (execve).
void fpu_reset(FpuState& state);

/// The MXCSR bits an image may set (FXSAVE's MXCSR_MASK; 0xffbf when it says 0).
u32 fpu_mxcsr_mask();

/// Replaces @p state by a user-supplied image (rt_sigreturn): @p image holds @p len
/// bytes, an FXSAVE image (512 bytes: x87 and SSE, the rest of the state initial) or,
/// when @p xfeatures is not 0, an XSAVE image whose components outside @p xfeatures
/// (and XCR0) become initial. Checks everything XRSTOR would fault on (reserved MXCSR
/// bits, an XSAVE header with unknown or compacted components): EINVAL, and @p state is
/// unchanged.
Result<void> fpu_set_user_image(FpuState& state, const u8* image, usize len, u64 xfeatures);

/// The calling CPU's registers into @p state / from @p state.
void fpu_save(FpuState& state);
void fpu_restore(const FpuState& state);

}  // namespace arch
