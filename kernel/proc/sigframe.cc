// kernel/proc/sigframe.cc — the rt_sigframe on the user stack, and rt_sigreturn (sigframe.hh).
//
// Every byte goes through the fault-safe user copies: a stack that is unmapped,
// read-only or in the kernel's half gives EFAULT, and the caller turns that into
// SIGSEGV. The FPU image is saved from (and restored into) the task's FpuState, so the
// user copies may sleep in a page fault without losing the registers.
#include "proc/sigframe.hh"

#include "arch/x86_64/fpu.hh"
#include "arch/x86_64/gdt.hh"
#include "arch/x86_64/irq.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "proc/process.hh"
#include "vm/user_copy.hh"

namespace proc {
namespace {

constexpr u64 RED_ZONE = 128;
constexpr usize FXSAVE_SIZE = 512, SW_BYTES = 464;
constexpr u64 MINSIGSTKSZ = 2048;
// The flags a frame may set (Linux's FIX_EFLAGS): CF PF AF ZF SF TF DF OF, RF and AC.
constexpr u64 FIX_EFLAGS =
    0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x10000 | 0x40000;
constexpr u64 RFLAGS_TF = 0x100, RFLAGS_DF = 0x400, RFLAGS_RF = 0x10000;

/// struct _fpx_sw_bytes: what the software-reserved bytes of the FXSAVE image say.
struct FpxSwBytes {
    u32 magic1;
    u32 extended_size;  ///< the image and FP_XSTATE_MAGIC2
    u64 xfeatures;
    u32 xstate_size;
    u32 padding[7];
};
static_assert(sizeof(FpxSwBytes) == 48);

bool on_stack(const AltStack& s, u64 sp) { return sp > s.sp && sp - s.sp <= s.size; }

int altstack_flags(const AltStack& s, u64 sp) {
    if (!s.size || (s.flags & SS_DISABLE)) return SS_DISABLE;
    return on_stack(s, sp) ? SS_ONSTACK : 0;
}

// LAB_BEGIN(04-clone, 4): the FPU registers in the frame: the XSAVE image with its software bytes and magic, and back
usize math_size() { return arch::fpu_state_size() + (arch::fpu_uses_xsave() ? 4 : 0); }

// The registers into user memory at @p at (64-byte aligned, math_size() bytes).
Result<void> save_fpu(Task* t, u64 at) {
    {
        IrqGuard irqs_off;
        arch::fpu_save(t->fpu);
    }
    usize size = arch::fpu_state_size();
    TRY(vm::copy_to_user(at, t->fpu.area, size));
    if (!arch::fpu_uses_xsave()) return {};
    FpxSwBytes sw{};
    sw.magic1 = FP_XSTATE_MAGIC1;
    sw.extended_size = u32(size + 4);
    sw.xfeatures = arch::fpu_xcr0();
    sw.xstate_size = u32(size);
    TRY(vm::copy_to_user(at + SW_BYTES, &sw, sizeof sw));
    u32 magic2 = FP_XSTATE_MAGIC2;
    return vm::copy_to_user(at + size, &magic2, sizeof magic2);
}

// The FPU image at user address @p at into the task's state (Linux's __fpu_restore_sig);
// 0 means "no state": the initial one.
Result<void> restore_fpu(Task* t, u64 at) {
    if (!at) {
        arch::fpu_reset(t->fpu);
    } else {
        FpxSwBytes sw;
        TRY(vm::copy_from_user(&sw, at + SW_BYTES, sizeof sw));
        usize len = FXSAVE_SIZE;
        u64 xfeatures = 0;
        if (arch::fpu_uses_xsave() && sw.magic1 == FP_XSTATE_MAGIC1 &&
            sw.xstate_size >= FXSAVE_SIZE + 64 && sw.xstate_size <= 64 * 1024 &&
            sw.extended_size == sw.xstate_size + 4) {
            u32 magic2 = 0;
            TRY(vm::copy_from_user(&magic2, at + sw.xstate_size, sizeof magic2));
            if (magic2 == FP_XSTATE_MAGIC2) {
                xfeatures = sw.xfeatures;
                len = sw.xstate_size < arch::fpu_state_size() ? sw.xstate_size
                                                              : arch::fpu_state_size();
            }
        }
        u8* image = static_cast<u8*>(TRY(mm::kmalloc(len)));
        Result<void> r = vm::copy_from_user(image, at, len);
        if (!r.is_error()) r = arch::fpu_set_user_image(t->fpu, image, len, xfeatures);
        mm::kfree(image);
        TRY(std::move(r));
    }
    IrqGuard irqs_off;
    arch::fpu_restore(t->fpu);
    return {};
}
// LAB_FALLBACK
// LAB_END

}  // namespace

//! [setup_rt_frame]
// LAB_BEGIN(04-clone, 4): build Linux's rt_sigframe below the red zone (or on the alternate stack) and enter the handler
Result<void> setup_rt_frame(arch::TrapFrame& f, int sig, const SigAction& act, const SigInfo& info,
                            u64 oldmask) {
    Task* t = current();
    // x86_64 has no default return path: without SA_RESTORER there is nowhere to go.
    if (!(act.flags & SA_RESTORER)) return Error(EFAULT);
    AltStack& alt = t->sig.altstack;
    bool nested = altstack_flags(alt, f.rsp) == SS_ONSTACK;
    u64 sp = f.rsp - RED_ZONE;
    bool entering = false;
    if ((act.flags & SA_ONSTACK) && altstack_flags(alt, sp) == 0) {
        sp = alt.sp + alt.size;
        entering = true;
    }
    u64 fpstate = (sp - math_size()) & ~63ull;
    u64 at = ((fpstate - sizeof(RtSigFrame)) & ~15ull) - 8;
    // Overflowing the alternate stack, or a stack pointer near 0, must not wrap.
    if (((nested || entering) && !on_stack(alt, at)) || at > fpstate || fpstate > sp)
        return Error(EFAULT);

    RtSigFrame frame;
    memset(&frame, 0, sizeof frame);
    frame.pretcode = act.restorer;
    UContext& uc = frame.uc;
    uc.flags =
        UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (arch::fpu_uses_xsave() ? UC_FP_XSTATE : 0);
    uc.ss_sp = alt.sp;
    uc.ss_flags = altstack_flags(alt, f.rsp) | int(alt.flags & SS_AUTODISARM);
    uc.ss_size = alt.size;
    SigContext& sc = uc.mcontext;
    sc.r8 = f.r8, sc.r9 = f.r9, sc.r10 = f.r10, sc.r11 = f.r11;
    sc.r12 = f.r12, sc.r13 = f.r13, sc.r14 = f.r14, sc.r15 = f.r15;
    sc.rdi = f.rdi, sc.rsi = f.rsi, sc.rbp = f.rbp, sc.rbx = f.rbx;
    sc.rdx = f.rdx, sc.rax = f.rax, sc.rcx = f.rcx, sc.rsp = f.rsp;
    sc.rip = f.rip, sc.rflags = f.rflags;
    sc.cs = u16(f.cs), sc.ss = u16(f.ss);
    sc.err = t->sig.error_code, sc.trapno = t->sig.trap_nr, sc.cr2 = t->sig.cr2;
    sc.oldmask = oldmask;
    sc.fpstate = fpstate;
    uc.sigmask = oldmask;
    if (act.flags & SA_SIGINFO) frame.info = info;

    TRY(save_fpu(t, fpstate));
    TRY(vm::copy_to_user(at, &frame, sizeof frame));
    if (alt.flags & SS_AUTODISARM) alt = AltStack{};

    // The handler starts with the initial FPU state, as after execve.
    arch::fpu_reset(t->fpu);
    {
        IrqGuard irqs_off;
        arch::fpu_restore(t->fpu);
    }
    f.rdi = u64(sig);
    f.rsi = at + offsetof(RtSigFrame, info);
    f.rdx = at + offsetof(RtSigFrame, uc);
    f.rax = 0;
    f.rip = act.handler;
    f.rsp = at;
    f.cs = arch::USER_CS;
    f.ss = arch::USER_DS;
    f.rflags &= ~(RFLAGS_DF | RFLAGS_RF | RFLAGS_TF);
    t->sig.trap_nr = t->sig.error_code = t->sig.cr2 = 0;
    return {};
}
// LAB_FALLBACK
// Result<void> setup_rt_frame(arch::TrapFrame&, int, const SigAction&, const SigInfo&, u64) {
//     return Error(ENOSYS);
// }
// LAB_END
//! [setup_rt_frame]

//! [restore_rt_frame]
// LAB_BEGIN(04-clone, 4): rt_sigreturn: check the saved context, then restore registers, FPU, mask and alternate stack
Result<void> restore_rt_frame(arch::TrapFrame& f) {
    Task* t = current();
    UContext uc;
    TRY(vm::copy_from_user(&uc, f.rsp, sizeof uc));
    set_blocked(uc.sigmask);
    const SigContext& sc = uc.mcontext;
    // Checked before anything changes: iretq must not fault in the kernel.
    if ((sc.cs | 3) != arch::USER_CS) return Error(EINVAL);
    if (sc.rip >= vm::USER_TOP) return Error(EINVAL);
    // iretq to a non-canonical stack pointer faults on real CPUs (in the kernel, on the
    // way out): refused here, with the same SIGSEGV Linux ends up sending.
    if (i64(sc.rsp) >> 47 != 0 && i64(sc.rsp) >> 47 != -1) return Error(EINVAL);
    u16 ss = u16(sc.ss | 3);
    if (ss != arch::USER_DS) {
        if (uc.flags & UC_STRICT_RESTORE_SS) return Error(EINVAL);
        ss = arch::USER_DS;  // Linux's force_valid_ss
    }
    TRY(restore_fpu(t, sc.fpstate));
    f.r8 = sc.r8, f.r9 = sc.r9, f.r10 = sc.r10, f.r11 = sc.r11;
    f.r12 = sc.r12, f.r13 = sc.r13, f.r14 = sc.r14, f.r15 = sc.r15;
    f.rdi = sc.rdi, f.rsi = sc.rsi, f.rbp = sc.rbp, f.rbx = sc.rbx;
    f.rdx = sc.rdx, f.rax = sc.rax, f.rcx = sc.rcx, f.rsp = sc.rsp;
    f.rip = sc.rip;
    f.rflags = (f.rflags & ~FIX_EFLAGS) | (sc.rflags & FIX_EFLAGS);
    f.cs = arch::USER_CS;
    f.ss = ss;
    f.error_code = ~0ull;  // no longer in a system call: no restart on the way out
    // The alternate stack: errors other than a fault are ignored, as Linux does.
    AltStack next{uc.ss_sp, u32(uc.ss_flags), uc.ss_size};
    (void)do_sigaltstack(&next, nullptr, f.rsp);
    return {};
}
// LAB_FALLBACK
// Result<void> restore_rt_frame(arch::TrapFrame&) { return Error(ENOSYS); }
// LAB_END
//! [restore_rt_frame]

Result<void> do_sigaltstack(const AltStack* next, AltStack* old, u64 sp) {
    Task* t = current();
    AltStack& cur = t->sig.altstack;
    if (old) {
        *old = cur;
        old->flags = u32(altstack_flags(cur, sp)) | (cur.flags & SS_AUTODISARM);
        if (!cur.size) old->flags = SS_DISABLE, old->sp = 0;
    }
    if (!next) return {};
    if (on_stack(cur, sp) && altstack_flags(cur, sp) == SS_ONSTACK) return Error(EPERM);
    u32 mode = next->flags & ~SS_AUTODISARM;
    if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK) return Error(EINVAL);
    if (mode == SS_DISABLE) {
        cur = AltStack{};
        return {};
    }
    if (next->size < MINSIGSTKSZ) return Error(ENOMEM);
    cur.sp = next->sp;
    cur.size = next->size;
    cur.flags = next->flags & SS_AUTODISARM;
    return {};
}

}  // namespace proc
