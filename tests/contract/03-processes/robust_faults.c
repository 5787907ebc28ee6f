/* Contract: more ways for a process to fault, each in a child that dies alone with
 * the signal Linux gives while its parent goes on: a read of a non-canonical address,
 * a jump to one, privileged instructions (hlt, cli, in), a software interrupt to a
 * vector user mode may not use (int $0x40) and a fault with the stack pointer at 0 give
 * SIGSEGV or SIGILL; an x87 division by zero with the exception unmasked and
 * INT_MIN / -1 give SIGFPE (QEMU's TCG raises no SSE exceptions, so none is tried); endless recursion stops at the 8 MiB stack limit with
 * SIGSEGV. Success: a child that divides by zero with SSE, masked, exits normally. */
#include "contract.h"

static volatile int keep_going = 1;

static int depth(volatile char* prev) {
    volatile char big[4096];
    big[0] = prev ? prev[0] + 1 : 0;
    if (!keep_going) return big[0];
    return depth(big) + big[100];
}

static void crash(int how) {
    switch (how) {
    case 0:
        (void)*(volatile long*)0x0000800000000000UL;
        break;
    case 1:
        ((void (*)(void))0x0000900000000000UL)();
        break;
    case 2:
        __asm__ volatile("hlt");
        break;
    case 3:
        __asm__ volatile("cli");
        break;
    case 4:
        __asm__ volatile("inb $0x80, %%al" ::: "eax");
        break;
    case 5:
        __asm__ volatile("int $0x40");
        break;
    case 6:
        __asm__ volatile("xor %%esp, %%esp; ud2" ::: "memory");
        break;
    case 7: { /* unmask the x87 divide-by-zero exception */
        unsigned short cw = 0x037f & ~0x4u;
        __asm__ volatile("fldcw %0; fld1; fldz; fdivrp; fwait; fstp %%st(0); fwait" ::"m"(cw));
        break;
    }
    case 8:
        __asm__ volatile("mov $0x80000000, %%eax; cltd; mov $-1, %%ecx; idivl %%ecx" ::
                             : "eax", "ecx", "edx");
        break;
    case 9:
        depth(NULL);
        break;
    case 10: { /* SSE 1/0 with the exception masked: infinity, no signal */
        volatile float one = 1.0f, zero = 0.0f, r;
        r = one / zero;
        _exit(r > 1e30f ? 0 : 1);
    }
    }
}

int main(void) {
    const char* what[] = {"read non-canonical",
                          "jump non-canonical",
                          "hlt",
                          "cli",
                          "inb",
                          "int $0x40",
                          "ud2 with rsp 0",
                          "x87 divide by zero, unmasked",
                          "INT_MIN / -1",
                          "endless recursion",
                          "SSE divide by zero, masked"};
    for (int i = 0; i < 11; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            crash(i);
            _exit(0);
        }
        printf("%s: %s\n", what[i], describe_status(wait_for(pid)));
    }
    printf("parent still here\n");
    return 0;
}
