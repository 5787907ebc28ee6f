/* Contract: faults inside signal handlers. A SIGSEGV handler that faults again (the
 * signal is blocked while it runs) kills the process with SIGSEGV; a SIGFPE handler that
 * raises SIGSEGV with a handler of its own nests and both run (exit code from the nonce);
 * a handler that fixes nothing and returns from a SIGSEGV caused by a write to a
 * read-only page gets it again, counted until it makes the page writable: exit with the
 * count, which is from the nonce. A CLONE_VFORK child that faults releases its parent. */
#include "contract.h"
#include "threads.h"

static volatile int code, count, target;
static char* ro_page;

static void segv_again(int sig) { *(volatile char*)0 = 1; }
static void segv_fix(int sig) {
    if (++count == target) mprotect(ro_page, PAGE, PROT_READ | PROT_WRITE);
}
static void segv_exit(int sig) { _exit(code); }
static void fpe_then_segv(int sig) { *(volatile char*)0 = 1; }

static const char* run(int which) {
    pid_t pid = fork_flushed();
    if (pid == 0) {
        if (which == 0) {
            signal(SIGSEGV, segv_again);
            *(volatile char*)0 = 1;
        } else if (which == 1) {
            struct sigaction sa = {0};
            sa.sa_handler = segv_exit;
            sigaction(SIGSEGV, &sa, NULL);
            sa.sa_handler = fpe_then_segv;
            sigaction(SIGFPE, &sa, NULL);
            raise(SIGFPE);
        } else {
            ro_page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            signal(SIGSEGV, segv_fix);
            *(volatile char*)ro_page = 1;
            _exit(count);
        }
        _exit(1);
    }
    return describe_status(wait_for(pid));
}

static int vfork_child_faults(void* arg) {
    *(volatile char*)arg = 1;
    return 0;
}

int main(void) {
    code = (int)contract_range(2, 255);
    target = (int)contract_range(1, 50);
    printf("SIGSEGV handler faults again: %s\n", run(0));
    printf("SIGFPE handler faults, SIGSEGV handler exits (code %d): %s\n", code, run(1));
    printf("handler retried %d times until it fixed the page: %s\n", target, run(2));
    struct raw_thread t;
    long pid = raw_start(&t, CLONE_VM | CLONE_VFORK | SIGCHLD, vfork_child_faults, KERNEL_ADDR);
    printf("CLONE_VFORK child faults: %s\n", describe_status(wait_for((pid_t)pid)));
    munmap(t.stack, RAW_STACK);
    contract_token();
    return 0;
}
