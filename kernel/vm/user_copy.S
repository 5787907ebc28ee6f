/* kernel/vm/user_copy.S — the instructions that touch user memory, each with a fixup.
 *
 * Every load or store of a user address below is listed in the exception table
 * (.extable: pairs of "instruction, fixup" addresses). When one faults and the address
 * space cannot resolve the fault, the page-fault handler (vm/fault.cc) resumes at the
 * fixup, which returns the failure to the C++ wrapper (user_copy.cc) as a value; the
 * wrapper turns it into EFAULT. With SMAP on, the CPU forbids the kernel to touch
 * user pages: stac opens that access for the copy alone and clac closes it again
 * (the last argument says whether the CPU has the two instructions at all).
 *
 * System V ABI: arguments in rdi, rsi, rdx, rcx; result in rax; rdi, rsi, rcx, rdx,
 * r8-r11 and the flags may be clobbered; the direction flag is clear on entry.
 */

/* One entry of the exception table: a fault at \insn resumes at \fixup. */
    .macro EXTABLE insn, fixup
    .pushsection .extable, "a"
    .balign 8
    .quad \insn, \fixup
    .popsection
    .endm

    .macro OPEN_USER
    testq %r8, %r8
    jz 1000f
    stac
1000:
    .endm

    .macro CLOSE_USER
    testq %r8, %r8
    jz 1001f
    clac
1001:
    .endm

    .text

/* u64 vm_user_copy(void* dst, const void* src, u64 n, u64 smap)
 * Copies n bytes; returns how many were NOT copied (0: all of them). */
    .globl vm_user_copy
    .type vm_user_copy, @function
vm_user_copy:
    movq %rcx, %r8
    movq %rdx, %rcx
    OPEN_USER
1:  rep movsb
    CLOSE_USER
    movq %rcx, %rax                     /* 0 */
    ret
2:  CLOSE_USER                          /* fixup: rcx holds the bytes left */
    movq %rcx, %rax
    ret
    EXTABLE 1b, 2b
    .size vm_user_copy, . - vm_user_copy

/* u64 vm_user_clear(void* dst, u64 n, u64 smap)
 * Zeroes n bytes; returns how many were NOT zeroed. */
    .globl vm_user_clear
    .type vm_user_clear, @function
vm_user_clear:
    movq %rdx, %r8
    movq %rsi, %rcx
    xorl %eax, %eax
    OPEN_USER
1:  rep stosb
    CLOSE_USER
    movq %rcx, %rax
    ret
2:  CLOSE_USER
    movq %rcx, %rax
    ret
    EXTABLE 1b, 2b
    .size vm_user_clear, . - vm_user_clear

/* i64 vm_user_strncpy(char* dst, const char* src, u64 max, u64 smap)
 * Copies bytes up to and including a NUL, at most max of them. Returns the string's
 * length (without the NUL) when a NUL was copied, max when none was among the max
 * bytes, -1 when a byte could not be read. */
    .globl vm_user_strncpy
    .type vm_user_strncpy, @function
vm_user_strncpy:
    movq %rcx, %r8
    xorl %eax, %eax
    OPEN_USER
3:  cmpq %rdx, %rax
    jae 5f
1:  movb (%rsi,%rax), %r9b
    movb %r9b, (%rdi,%rax)
    testb %r9b, %r9b
    jz 5f
    incq %rax
    jmp 3b
5:  CLOSE_USER                          /* done: rax is the length, or max */
    ret
2:  CLOSE_USER                          /* fixup */
    movq $-1, %rax
    ret
    EXTABLE 1b, 2b
    .size vm_user_strncpy, . - vm_user_strncpy

    .section .note.GNU-stack, "", @progbits
