/* Contract: more ways for a process to fault, each in a child that dies alone with
 * the signal Linux gives while its parent goes on: a read of a non-canonical address,
 * a jump to one, privileged instructions (hlt, cli, in), a software interrupt to a
 * vector user mode may not use (int $n, 0x20 <= n <= 0xff, n != 0x80) and a fault with the
 * stack pointer at 0 give SIGSEGV or SIGILL; an x87 division by zero with the exception
 * unmasked and INT_MIN / -1 give SIGFPE (QEMU's TCG raises no SSE exceptions, so none is
 * tried); endless recursion stops at the 8 MiB stack limit with SIGSEGV. Success: a child
 * that divides by zero with SSE, masked, exits normally with a code it was given. The
 * addresses, the port, the vector, that code and the order of the cases come from the
 * nonce. */
#include "contract.h"

#define CASES 11

static volatile int keep_going = 1;
static unsigned long noncanonical_read, noncanonical_jump;
static unsigned short port;
static unsigned char vector;
static int masked_code;

static int depth(volatile char* prev) {
    volatile char big[4096];
    big[0] = prev ? prev[0] + 1 : 0;
    if (!keep_going) return big[0];
    return depth(big) + big[100];
}

/* int $vector; ret, in a page of its own. */
static void software_interrupt(void) {
    unsigned char* code =
        mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code[0] = 0xcd;
    code[1] = vector;
    code[2] = 0xc3;
    mprotect(code, PAGE, PROT_READ | PROT_EXEC);
    ((void (*)(void))(uintptr_t)code)();
}

static void crash(int how) {
    switch (how) {
    case 0:
        (void)*(volatile long*)noncanonical_read;
        break;
    case 1:
        ((void (*)(void))noncanonical_jump)();
        break;
    case 2:
        __asm__ volatile("hlt");
        break;
    case 3:
        __asm__ volatile("cli");
        break;
    case 4:
        __asm__ volatile("inb %%dx, %%al" ::"d"(port) : "eax");
        break;
    case 5:
        software_interrupt();
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
        _exit(r > 1e30f ? masked_code : 1);
    }
    }
}

int main(void) {
    noncanonical_read = 0x0000800000000000UL + contract_range(0, 0xfffeffffffffffffUL);
    noncanonical_jump = 0x0000800000000000UL + contract_range(0, 0xfffeffffffffffffUL);
    port = (unsigned short)contract_range(0, 0xffff);
    vector = (unsigned char)contract_range(0x20, 0xfe);
    if (vector >= 0x80) ++vector; /* 0x80 is the 32-bit system call gate */
    masked_code = (int)contract_range(2, 255);
    char what[CASES][64];
    snprintf(what[0], 64, "read %#lx", noncanonical_read);
    snprintf(what[1], 64, "jump to %#lx", noncanonical_jump);
    snprintf(what[2], 64, "hlt");
    snprintf(what[3], 64, "cli");
    snprintf(what[4], 64, "inb from port %#x", port);
    snprintf(what[5], 64, "int $%#x", vector);
    snprintf(what[6], 64, "ud2 with rsp 0");
    snprintf(what[7], 64, "x87 divide by zero, unmasked");
    snprintf(what[8], 64, "INT_MIN / -1");
    snprintf(what[9], 64, "endless recursion");
    snprintf(what[10], 64, "SSE divide by zero, masked");
    int order[CASES];
    for (int i = 0; i < CASES; ++i) order[i] = i;
    for (int i = CASES; i > 1; --i) {
        int j = (int)contract_range(0, (unsigned long)i - 1), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < CASES; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            crash(order[i]);
            _exit(0);
        }
        printf("%s: %s\n", what[order[i]], describe_status(wait_for(pid)));
    }
    printf("parent still here\n");
    return 0;
}
