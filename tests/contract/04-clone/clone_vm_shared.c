/* Contract: clone with CLONE_VM shares the address space: a word the child writes (one
 * chosen from the nonce) is seen by the parent after wait4, and a mapping the child makes
 * is there in the parent; without CLONE_VM the child writes its own copy. Errors:
 * CLONE_SIGHAND without CLONE_VM and CLONE_THREAD without CLONE_SIGHAND are EINVAL. */
#include "contract.h"
#include "threads.h"

static volatile long shared_word;
static void* volatile child_map;

static int child(void* arg) {
    shared_word = (long)arg;
    child_map = (void*)raw_syscall(SYS_mmap, 0, PAGE, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((long)child_map > 0) *(volatile long*)child_map = (long)arg + 1;
    return 7;
}

static void run(const char* what, unsigned long flags) {
    long word = (long)contract_random();
    shared_word = 0;
    child_map = NULL;
    struct raw_thread t;
    long pid = raw_start(&t, flags | SIGCHLD, child, (void*)word);
    int st = wait_for((pid_t)pid);
    printf("%s: child %s, word %s", what, describe_status(st),
           shared_word == word ? "seen"
           : shared_word == 0  ? "not seen"
                               : "wrong");
    int has_map = child_map != NULL && *(volatile long*)child_map == word + 1;
    printf(", mapping %s\n", has_map ? "seen" : "not seen");
    contract_observe(shared_word ^ (unsigned long)st);
    munmap(t.stack, RAW_STACK);
}

int main(void) {
    run("CLONE_VM", CLONE_VM);
    run("no CLONE_VM", 0);
    SHOW("clone(CLONE_SIGHAND)", syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0));
    SHOW("clone(CLONE_THREAD|CLONE_VM)",
         syscall(SYS_clone, CLONE_THREAD | CLONE_VM | SIGCHLD, 0, 0, 0, 0));
    contract_token();
    return 0;
}
