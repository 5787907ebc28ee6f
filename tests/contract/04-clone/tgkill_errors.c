/* Contract: kill, tkill and tgkill. tgkill to one of our own threads (a raw thread that
 * records the signal) works, tkill too; signal 0 checks the target. Errors: tgkill with
 * a tgid that is not the thread's is ESRCH, a tid or tgid of 0 or below is EINVAL, a
 * signal above 64 EINVAL; tkill to tid 0 or -1 is EINVAL; a tid that does not exist (from
 * the nonce, above PID_MAX_LIMIT) is ESRCH. */
#include "contract.h"
#include "threads.h"
#include <limits.h>

static volatile int got, step;
static volatile long tid;

static void handler(int sig) {
    if (raw_gettid() == tid) flag_add(&got, sig);
}

static int worker(void* arg) {
    tid = raw_gettid();
    flag_set(&step, 1);
    flag_wait(&step, 2);
    return 0;
}

int main(void) {
    handle_and_block(SIGUSR1, SIGUSR2, handler); /* the thread inherits the block */
    struct raw_thread t;
    raw_start(&t, THREAD_FLAGS, worker, NULL);
    flag_wait(&step, 1);
    SHOW("tgkill(us, thread, 0)", syscall(SYS_tgkill, getpid(), tid, 0));
    int nobody = (int)contract_range(1 << 23, INT_MAX);
    char label[64];
    SHOW("tgkill(wrong tgid, thread, SIGUSR1)", syscall(SYS_tgkill, getppid(), tid, SIGUSR1));
    SHOW("tgkill(0, thread, SIGUSR1)", syscall(SYS_tgkill, 0, tid, SIGUSR1));
    SHOW("tgkill(us, 0, SIGUSR1)", syscall(SYS_tgkill, getpid(), 0, SIGUSR1));
    SHOW("tgkill(us, -1, SIGUSR1)", syscall(SYS_tgkill, getpid(), -1, SIGUSR1));
    SHOW("tgkill(us, thread, 65)", syscall(SYS_tgkill, getpid(), tid, 65));
    snprintf(label, sizeof label, "tgkill(us, %d, 0)", nobody);
    SHOW(label, syscall(SYS_tgkill, getpid(), nobody, 0));
    SHOW("tkill(0, SIGUSR1)", syscall(SYS_tkill, 0, SIGUSR1));
    SHOW("tkill(-1, SIGUSR1)", syscall(SYS_tkill, -1, SIGUSR1));
    snprintf(label, sizeof label, "tkill(%d, 0)", nobody);
    SHOW(label, syscall(SYS_tkill, nobody, 0));
    SHOW("tkill(thread, 0)", syscall(SYS_tkill, tid, 0));
    SHOW("tgkill(us, thread, SIGUSR2)", syscall(SYS_tgkill, getpid(), tid, SIGUSR2));
    SHOW("tkill(thread, SIGUSR1)", syscall(SYS_tkill, tid, SIGUSR1));
    sigset_t pend;
    sigpending(&pend);
    printf("thread-directed signals pending for main: %s\n",
           sigismember(&pend, SIGUSR1) || sigismember(&pend, SIGUSR2) ? "yes" : "no");
    flag_set(&step, 2);
    raw_join(&t);
    printf("thread took none while blocked: %s\n", got == 0 ? "yes" : "no");
    contract_token();
    return 0;
}
