/* Contract: the thread group outlives its leader. In a forked process the main thread
 * calls SYS_exit; the remaining thread still sees getpid() as the group id, can signal
 * the group with kill(getpid(), 0), the parent's kill(pid, 0) and waitid WNOHANG say the
 * process is alive and not done, and when the thread ends with exit_group (code from the
 * nonce) the parent gets that code. */
#include "contract.h"
#include "threads.h"

static volatile int* box;

static int survivor(void* arg) {
    flag_wait(&box[0], 0); /* the leader's tid word, cleared at its exit */
    long pid = raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
    box[1] = pid == (long)arg;
    box[2] = raw_syscall(SYS_kill, pid, 0, 0, 0, 0, 0) == 0;
    flag_set(&box[3], 1);
    flag_wait(&box[4], 1);
    raw_syscall(SYS_exit_group, box[5], 0, 0, 0, 0, 0);
    return 0;
}

int main(void) {
    box = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    box[5] = (int)contract_range(0, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        box[0] = (int)raw_gettid();
        struct raw_thread t;
        raw_start(&t, THREAD_FLAGS, survivor, (void*)(long)getpid());
        raw_syscall(SYS_set_tid_address, (long)&box[0], 0, 0, 0, 0, 0);
        raw_syscall(SYS_exit, 0, 0, 0, 0, 0, 0);
    }
    flag_wait(&box[3], 1);
    printf("after the leader's exit: getpid is the group id %s, kill(self, 0) works %s\n",
           box[1] ? "yes" : "no", box[2] ? "yes" : "no");
    SHOW("parent: kill(pid, 0)", kill(pid, 0));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG);
    printf("parent: waitid(WNOHANG) says done: %s\n", si.si_pid ? "yes" : "no");
    flag_set(&box[4], 1);
    printf("then exit_group(%d): %s\n", box[5], describe_status(wait_for(pid)));
    return 0;
}
