/* Contract: the kernel neither uses nor trusts the user's stack pointer or flags at a
 * system call: with rsp misaligned by 1..7 or by 8..15, zero, or in the kernel's half,
 * getpid and write work and the program goes on once it restores rsp (a non-canonical
 * rsp is left out: Linux 6.18 kills the caller on the way back, 6.1 does not); with
 * the direction flag set (std) the kernel still copies the buffer forwards, and the
 * flag is set again after the call. The registers the ABI preserves (all but rax, rcx
 * and r11) come back unchanged. Error: the same calls with a bad fd fail with EBADF. The
 * misalignments, the texts written and the register values come from the nonce. */
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

/* "<what>: <letters from the nonce>\n" in @buf. */
static const char* message(char* buf, size_t size, const char* what) {
    int n = snprintf(buf, size, "%s: ", what);
    contract_word(buf + n, contract_range(1, size - n - 2));
    strcat(buf, "\n");
    return buf;
}

int main(void) {
    char stack[64];
    unsigned long aligned = ((unsigned long)stack + 32) & ~15UL;
    unsigned long odd = contract_range(1, 7), eight = contract_range(8, 15);
    long pid = getpid();
    printf("getpid(rsp + %lu) is getpid(): %s\n", odd,
           syscall_with_rsp(aligned + odd, SYS_getpid, 0, 0, 0) == pid ? "yes" : "no");
    printf("getpid(rsp + %lu) is getpid(): %s\n", eight,
           syscall_with_rsp(aligned + eight, SYS_getpid, 0, 0, 0) == pid ? "yes" : "no");
    fflush(stdout);
    char m0[64], m1[64], fwd[64];
    message(m0, sizeof m0, "written with rsp 0");
    message(m1, sizeof m1, "written with rsp in the kernel");
    message(fwd, sizeof fwd, "copied forwards with DF set");
    show_raw("write(rsp 0)", syscall_with_rsp(0, SYS_write, 1, (long)m0, strlen(m0)));
    show_raw("write(rsp in the kernel)",
             syscall_with_rsp(0xffffffff81000000UL, SYS_write, 1, (long)m1, strlen(m1)));
    show_raw("write(rsp 0, fd -1)", syscall_with_rsp(0, SYS_write, -1, (long)m0, strlen(m0)));
    fflush(stdout);

    long ret;
    unsigned long flags;
    __asm__ volatile("std\n\tsyscall\n\tpushf\n\tpop %[f]\n\tcld"
                     : "=a"(ret), [f] "=r"(flags)
                     : "a"((long)SYS_write), "D"(1L), "S"(fwd), "d"(strlen(fwd))
                     : "rcx", "r11", "memory");
    show_raw("write(DF set)", ret);
    printf("DF after the call: %s\n", (flags & 0x400) ? "set" : "clear");

    /* Registers the kernel must preserve across a system call. */
    unsigned long in[6], out[6];
    for (int i = 0; i < 6; ++i) in[i] = contract_random();
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
    printf("rbx rbp r12-r15 preserved: %s (rbx %016lx)\n",
           memcmp(in, out, sizeof in) == 0 ? "yes" : "no", out[0]);
    return 0;
}
