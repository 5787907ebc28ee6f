/* Contract: a process that faults dies alone, by the signal its fault maps to, and its
 * parent and siblings go on: NULL read/write/call, a write to read-only data, a jump
 * into the kernel's half and execution on the stack give SIGSEGV; ud2 gives SIGILL,
 * int3 SIGTRAP, an integer division by zero SIGFPE. A sibling that does not fault
 * exits normally, with a code chosen from the nonce. Errors: signalling a child that
 * died that way fails with ESRCH. */
#include "contract.h"

static const char rodata[] = "constant";

static void crash(int how) {
    unsigned char stack_code[4] = {0xc3};
    switch (how) {
    case 0:
        (void)*(volatile int*)NULL;
        break;
    case 1:
        *(volatile int*)NULL = 1;
        break;
    case 2:
        ((void (*)(void))0)();
        break;
    case 3:
        *(volatile char*)rodata = 'x';
        break;
    case 4:
        ((void (*)(void))0xffffffff81000000UL)();
        break;
    case 5:
        ((void (*)(void))stack_code)();
        break;
    case 6:
        __asm__ volatile("ud2");
        break;
    case 7:
        __asm__ volatile("int3");
        break;
    case 8:
        __asm__ volatile("xor %%ecx, %%ecx; mov $1, %%eax; cltd; idivl %%ecx" ::
                             : "eax", "ecx", "edx");
        break;
    }
}

int main(void) {
    const char* what[] = {"read NULL",          "write NULL",    "call NULL", "write .rodata",
                          "jump to the kernel", "run the stack", "ud2",       "int3",
                          "divide by zero"};
    pid_t last = 0;
    for (int i = 0; i < 9; ++i) {
        pid_t pid = fork_flushed();
        if (pid == 0) {
            crash(i);
            _exit(0);
        }
        int code = (int)contract_range(0, 255);
        pid_t sibling = fork_flushed();
        if (sibling == 0) _exit(code);
        printf("%s: %s", what[i], describe_status(wait_for(pid)));
        printf(", sibling: %s\n", describe_status(wait_for(sibling)));
        last = pid;
    }
    SHOW("kill(dead child, 0)", kill(last, 0));
    printf("parent still here\n");
    return 0;
}
