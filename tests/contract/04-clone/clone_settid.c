/* Contract: CLONE_PARENT_SETTID stores the child's tid in the parent's word before clone
 * returns; CLONE_CHILD_SETTID stores it in the child's memory: with CLONE_VM the parent
 * sees it, without CLONE_VM only the child's copy changes and the parent's word keeps the
 * value it had (one chosen from the nonce). Each child exits with a code from the nonce
 * when the word it sees holds its tid. Error case: a parent word in another process's
 * copy stays untouched. */
#include "contract.h"
#include "threads.h"

static volatile int word;
static volatile int code;

static int check(void* arg) { return word == raw_gettid() ? code : 1; }

static void run(const char* label, unsigned long flags) {
    char* stack = mmap(NULL, RAW_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int seed = (int)contract_range(1 << 20, 1 << 30);
    word = seed;
    code = (int)contract_range(2, 120);
    long tid = raw_clone(flags | SIGCHLD, stack + RAW_STACK, &word, &word, 0, check, NULL);
    int after_clone = word;
    int st = wait_for((pid_t)tid);
    /* (CHILD_SETTID writes when the child starts, perhaps after clone returned) */
    if (flags & CLONE_PARENT_SETTID)
        printf("%s: parent's word when clone returns: %s\n", label,
               after_clone == tid    ? "the tid"
               : after_clone == seed ? "unchanged"
                                     : "other");
    printf("%s: parent's word after the child's exit: %s; child %s\n", label,
           word == tid    ? "the tid"
           : word == seed ? "unchanged"
                          : "other",
           describe_status(st));
    contract_observe((unsigned)st);
    munmap(stack, RAW_STACK);
}

int main(void) {
    run("PARENT_SETTID, VM", CLONE_VM | CLONE_PARENT_SETTID);
    run("PARENT_SETTID, no VM", CLONE_PARENT_SETTID);
    run("CHILD_SETTID, VM", CLONE_VM | CLONE_CHILD_SETTID);
    run("CHILD_SETTID, no VM", CLONE_CHILD_SETTID);
    run("neither, VM", CLONE_VM);
    contract_token();
    return 0;
}
