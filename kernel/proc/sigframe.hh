// kernel/proc/sigframe.hh — Linux's x86_64 signal frame: building it, and rt_sigreturn.
//
// A handler starts on the user stack (or the alternate stack) with this below its
// first argument's frame, highest address first:
//
//     fpstate     the XSAVE image (FXSAVE's 512 bytes first), FP_XSTATE_MAGIC1 and the
//                 image's size in its software-reserved bytes 464..511, FP_XSTATE_MAGIC2
//                 right after it; 64-byte aligned
//     RtSigFrame  pretcode (sa_restorer: where the handler returns), the ucontext (flags,
//                 link, the alternate stack, the registers as a sigcontext, the old mask),
//                 the siginfo; its start is 8 bytes below a 16-byte boundary, as if the
//                 handler had been called
//
// and rsp = &pretcode, rdi = signo, rsi = &info, rdx = &uc. sa_restorer (libc's
// __restore_rt) calls rt_sigreturn with rsp = &uc, which puts everything back after
// checking it: a frame that cannot be read, or that asks for a kernel or non-canonical
// rip, a selector that is not this process's, or an FPU image XRSTOR would refuse, gives
// SIGSEGV instead. The book's chapter 4 has a picture.
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/result.hh"
#include "proc/signal.hh"

namespace proc {

/// struct sigcontext (64-bit): the registers in a ucontext.
struct SigContext {
    u64 r8, r9, r10, r11, r12, r13, r14, r15;
    u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, rflags;
    u16 cs, gs, fs, ss;
    u64 err, trapno, oldmask, cr2;
    u64 fpstate;  ///< user address of the FPU image, 0 for none
    u64 reserved[8];
};
static_assert(sizeof(SigContext) == 256);

/// struct ucontext (the kernel's, x86_64).
struct UContext {
    u64 flags;
    u64 link;
    u64 ss_sp;
    i32 ss_flags;
    i32 ss_pad;
    u64 ss_size;
    SigContext mcontext;
    u64 sigmask;
};
static_assert(sizeof(UContext) == 304);

/// struct rt_sigframe.
struct RtSigFrame {
    u64 pretcode;
    UContext uc;
    SigInfo info;
};
static_assert(sizeof(RtSigFrame) == 440);

constexpr u64 UC_FP_XSTATE = 1, UC_SIGCONTEXT_SS = 2, UC_STRICT_RESTORE_SS = 4;
constexpr u32 FP_XSTATE_MAGIC1 = 0x46505853, FP_XSTATE_MAGIC2 = 0x46505845;

/// Builds the frame for @p sig with action @p act and @p info on the calling task's user
/// stack (or alternate stack) from @p frame, saving @p oldmask as the mask to restore,
/// and points @p frame at the handler. EFAULT when it cannot be written (the caller
/// then forces SIGSEGV); @p frame is unchanged then.
Result<void> setup_rt_frame(arch::TrapFrame& frame, int sig, const SigAction& act,
                            const SigInfo& info, u64 oldmask);

/// rt_sigreturn: restores registers, mask, alternate stack and FPU state from the
/// ucontext at frame.rsp. EFAULT or EINVAL for a frame it refuses (the caller forces
/// SIGSEGV); nothing is changed then but possibly the mask.
Result<void> restore_rt_frame(arch::TrapFrame& frame);

/// sigaltstack(2) without the user copies: the old stack into @p old (if not null),
/// then @p next (if not null) installed; @p sp is the caller's stack pointer (EPERM on
/// the stack in use), EINVAL for bad flags, ENOMEM for a size below MINSIGSTKSZ.
Result<void> do_sigaltstack(const AltStack* next, AltStack* old, u64 sp);

}  // namespace proc
