/* kernel/proc/futex_user.S — the one read-modify-write of user memory: a futex word's
 * compare-and-exchange, fault-safe like vm/user_copy.S (an .extable entry resumes a
 * faulting access at its fixup, after the address space failed to resolve the fault).
 *
 * System V ABI: arguments in rdi, rsi, rdx, rcx, r8; result in rax.
 */

    .text

/* u64 futex_user_cmpxchg(u32* uaddr, u32 expected, u32 desired, u32* found, u64 smap)
 * Returns 0 and stores the value found at *uaddr in *found (the exchange happened when
 * it equals expected); returns 1 when *uaddr could not be accessed. */
    .globl futex_user_cmpxchg
    .type futex_user_cmpxchg, @function
futex_user_cmpxchg:
    movl %esi, %eax
    testq %r8, %r8
    jz 1f
    stac
1:  lock cmpxchgl %edx, (%rdi)
2:  testq %r8, %r8
    jz 3f
    clac
3:  movl %eax, (%rcx)
    xorl %eax, %eax
    ret
4:  testq %r8, %r8                      /* fixup: the word was not accessible */
    jz 5f
    clac
5:  movl $1, %eax
    ret
    .pushsection .extable, "a"
    .balign 8
    .quad 1b, 4b
    .popsection
    .size futex_user_cmpxchg, . - futex_user_cmpxchg
