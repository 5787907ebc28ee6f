/* Contract: a signal during a page fault. A thread walks a fresh mapping (every page
 * faults in on first touch; it maps it afresh and starts again until the last signal was
 * handled) writing a pattern from the nonce, while the main thread sends
 * it a number of signals from the nonce, one at a time (each handled before the next is
 * sent); the handler itself touches a fresh page. Every signal is handled exactly once
 * and the mapping's checksum is the one the pattern gives. */
#include "contract.h"
#include "threads.h"

#define PAGES 2048

static volatile int handled, sent;
static unsigned char* area;
static unsigned char* handler_pages;
static unsigned long pattern;

static void handler(int sig) {
    handler_pages[(unsigned)handled * PAGE] = (unsigned char)handled;
    flag_add(&handled, 1);
}

/* Until every signal was handled: map the area afresh (its pages fault in again) and
 * write the pattern over it. */
static int walker(void* arg) {
    int n = (int)(long)arg;
    unsigned long unblock = 1UL << (SIGUSR1 - 1);
    raw_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&unblock, 0, 8, 0, 0);
    do {
        raw_syscall(SYS_mmap, (long)area, PAGES * PAGE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        for (unsigned long i = 0; i < PAGES * PAGE; i += 512)
            area[i] = (unsigned char)(pattern + i / 512);
    } while (handled < n);
    return 0;
}

int main(void) {
    pattern = contract_random();
    int n = (int)contract_range(10, 60);
    area = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    handler_pages =
        mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    signal(SIGUSR1, handler);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL); /* only the walker takes it */
    struct raw_thread t;
    long tid = raw_start(&t, THREAD_FLAGS, walker, (void*)(long)n);
    for (sent = 0; sent < n; ++sent) {
        syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
        flag_wait(&handled, sent + 1);
    }
    raw_join(&t);
    unsigned long sum = 0, expect = 0;
    for (unsigned long i = 0; i < PAGES * PAGE; i += 512) {
        sum = sum * 31 + area[i];
        expect = expect * 31 + (unsigned char)(pattern + i / 512);
    }
    printf("signals sent %d, handled %d\n", n, handled);
    printf("checksum right: %s\n", sum == expect ? "yes" : "no");
    contract_observe(sum);
    contract_token();
    return 0;
}
