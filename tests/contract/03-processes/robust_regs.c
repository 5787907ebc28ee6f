/* Contract: the kernel neither uses nor trusts the user's stack pointer or flags at a
 * system call: with rsp misaligned by 1 or by 8, zero, or in the kernel's half, getpid
 * and write work and the program goes on once it restores rsp (a non-canonical rsp is
 * left out: Linux 6.18 kills the caller on the way back, 6.1 does not); with
 * the direction flag set (std) the kernel still copies the buffer forwards, and the
 * flag is set again after the call. The registers the ABI preserves (all but rax, rcx
 * and r11) come back unchanged. Error: the same calls with a bad fd fail with EBADF. */
#include "contract.h"

/* syscall(nr, a, b, c) with rsp set to @sp for the duration of the instruction. */
static long syscall_with_rsp(unsigned long sp, long nr, long a, long b, long c) {
    long ret;
    __asm__ volatile(
        "mov %%rsp, %%r12\n\t"
        "mov %[sp], %%rsp\n\t"
        "syscall\n\t"
        "mov %%r12, %%rsp"
        : "=a"(ret)
        : "a"(nr), "D"(a), "S"(b), "d"(c), [sp] "r"(sp)
        : "rcx", "r11", "r12", "memory");
    return ret;
}

static void show_raw(const char* label, long r) {
    if (r < 0 && r > -4096) printf("%s: -1 %s\n", label, errname((int)-r));
    else printf("%s: %ld\n", label, r);
}

int main(void) {
    char stack[64];
    unsigned long aligned = ((unsigned long)stack + 32) & ~15UL;
    long pid = getpid();
    printf("getpid(rsp + 1) is getpid(): %s\n",
           syscall_with_rsp(aligned + 1, SYS_getpid, 0, 0, 0) == pid ? "yes" : "no");
    printf("getpid(rsp + 8) is getpid(): %s\n",
           syscall_with_rsp(aligned + 8, SYS_getpid, 0, 0, 0) == pid ? "yes" : "no");
    fflush(stdout);
    static const char m0[] = "written with rsp 0\n", m1[] = "written with rsp in the kernel\n";
    show_raw("write(rsp 0)", syscall_with_rsp(0, SYS_write, 1, (long)m0, sizeof m0 - 1));
    show_raw("write(rsp in the kernel)",
             syscall_with_rsp(0xffffffff81000000UL, SYS_write, 1, (long)m1, sizeof m1 - 1));
    show_raw("write(rsp 0, fd -1)", syscall_with_rsp(0, SYS_write, -1, (long)m0, sizeof m0 - 1));
    fflush(stdout);

    static const char fwd[] = "copied forwards with DF set\n";
    long ret;
    unsigned long flags;
    __asm__ volatile("std\n\tsyscall\n\tpushf\n\tpop %[f]\n\tcld"
                     : "=a"(ret), [f] "=r"(flags)
                     : "a"((long)SYS_write), "D"(1L), "S"(fwd), "d"(sizeof fwd - 1)
                     : "rcx", "r11", "memory");
    show_raw("write(DF set)", ret);
    printf("DF after the call: %s\n", (flags & 0x400) ? "set" : "clear");

    /* Registers the kernel must preserve across a system call. */
    unsigned long in[6] = {0x1111111111111111UL, 0x2222222222222222UL, 0x3333333333333333UL,
                           0x4444444444444444UL, 0x5555555555555555UL, 0x6666666666666666UL};
    unsigned long out[6];
    __asm__ volatile(
        "push %%rbx; push %%rbp; push %%r12; push %%r13; push %%r14; push %%r15\n\t"
        "mov 0(%[in]), %%rbx; mov 8(%[in]), %%rbp; mov 16(%[in]), %%r12\n\t"
        "mov 24(%[in]), %%r13; mov 32(%[in]), %%r14; mov 40(%[in]), %%r15\n\t"
        "push %[out]\n\t"
        "mov $39, %%eax\n\tsyscall\n\t"
        "pop %%rax\n\t"
        "mov %%rbx, 0(%%rax); mov %%rbp, 8(%%rax); mov %%r12, 16(%%rax)\n\t"
        "mov %%r13, 24(%%rax); mov %%r14, 32(%%rax); mov %%r15, 40(%%rax)\n\t"
        "pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%rbp; pop %%rbx"
        :
        : [in] "D"(in), [out] "S"(out)
        : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "memory");
    printf("rbx rbp r12-r15 preserved: %s\n", memcmp(in, out, sizeof in) == 0 ? "yes" : "no");
    return 0;
}
