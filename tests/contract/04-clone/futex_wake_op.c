/* Contract: FUTEX_WAKE_OP changes the second word by an operation (SET, ADD, OR, ANDN,
 * XOR, with an operand from the nonce, also shifted by FUTEX_OP_OPARG_SHIFT) and wakes on
 * the second word only when the comparison of its old value holds (EQ, NE, LT, LE, GT,
 * GE); with nobody asleep it returns 0, and the word's new value is printed. Errors: an
 * unknown operation or comparison is ENOSYS. */
#include "contract.h"
#include "threads.h"

int main(void) {
    static volatile int word1, word2;
    static const char* const ops[] = {"SET", "ADD", "OR", "ANDN", "XOR"};
    static const char* const cmps[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};
    word2 = (int)contract_range(0, 4095);
    for (int i = 0; i < 12; ++i) {
        int op = (int)contract_range(0, 4), cmp = (int)contract_range(0, 5);
        int shift = contract_range(0, 3) == 0;
        int oparg = shift ? (int)contract_range(0, 30) : (int)contract_range(0, 2047);
        int cmparg = (int)contract_range(0, 4095);
        int old = word2;
        long r = syscall(SYS_futex, &word1, FUTEX_WAKE_OP, 1, (void*)1L, &word2,
                         FUTEX_OP(op | (shift ? FUTEX_OP_OPARG_SHIFT : 0), oparg, cmp, cmparg));
        printf("old %d, %s%s %d, %s %d: returned %ld, new %d\n", old, ops[op], shift ? "<<" : "",
               oparg, cmps[cmp], cmparg, r, word2);
    }
    SHOW("WAKE_OP(op 5)",
         syscall(SYS_futex, &word1, FUTEX_WAKE_OP, 1, (void*)1L, &word2, FUTEX_OP(5, 1, 0, 0)));
    SHOW("WAKE_OP(cmp 6)",
         syscall(SYS_futex, &word1, FUTEX_WAKE_OP, 1, (void*)1L, &word2, FUTEX_OP(0, 1, 6, 0)));
    contract_token();
    return 0;
}
