/* Contract: clone with a bad stack. A CLONE_VM child whose stack pointer is in unmapped
 * memory, in the kernel, not canonical, or on a read-only page dies by SIGSEGV on its
 * first push; the parent goes on and reaps it. A misaligned stack (offset from the nonce)
 * is no error: a child that does not use it exits with its code. */
#include "contract.h"
#include <sched.h>

static const char* bad_stack(void* sp, int touch, int code) {
    long pid;
    register long r9 __asm__("r9") = code; /* survives the system call, unlike rcx */
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        "test %%edx, %%edx\n\t"
        "jz 2f\n\t"
        "push %%rax\n"
        "2:\n\t"
        "mov %%r9d, %%edi\n\t"
        "mov %[exit], %%eax\n\t"
        "syscall\n"
        "1:"
        : "=a"(pid)
        : "a"(SYS_clone), "D"(CLONE_VM | SIGCHLD), "S"(sp), "d"(touch),
          "r"(r9), [exit] "i"(SYS_exit)
        : "rcx", "r11", "memory");
    return describe_status(wait_for((pid_t)pid));
}

int main(void) {
    int code = (int)contract_range(1, 255);
    char* hole = (char*)before_hole(16) + 16;
    char* ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char* rw = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fflush(stdout);
    printf("stack unmapped: %s\n", bad_stack(hole + 8 * contract_range(1, 500), 1, code));
    printf("stack in the kernel: %s\n", bad_stack(KERNEL_ADDR, 1, code));
    printf("stack not canonical: %s\n", bad_stack(NONCANONICAL_ADDR, 1, code));
    printf("stack read-only: %s\n", bad_stack(ro + PAGE, 1, code));
    printf("stack misaligned, not used (code %d): %s\n", code,
           bad_stack(rw + PAGE - contract_range(1, 15), 0, code));
    printf("stack misaligned, pushed on: %s\n",
           bad_stack(rw + PAGE - 8 * contract_range(2, 30) - 3, 1, code));
    contract_token();
    return 0;
}
