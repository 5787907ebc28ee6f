/* Contract: children belong to the thread group. A child forked by a non-leader thread
 * has the group id as its parent (getppid), and the main thread can wait4 for it (its
 * exit code from the nonce comes back); a child forked by the main thread can be waited
 * for by another thread. With __WNOTHREAD, only the forking thread's own children count:
 * the other thread gets ECHILD. */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

static volatile int forked;
static volatile pid_t child_of_thread;
static int code;

static void* fork_in_thread(void* arg) {
    pid_t pid = fork();
    if (pid == 0) _exit(getppid() == (pid_t)(long)arg ? code : 1);
    child_of_thread = pid;
    flag_set(&forked, 1);
    return NULL;
}

static void* wait_in_thread(void* arg) {
    int st = 0;
    pid_t pid = (pid_t)(long)arg;
    int notself = (int)waitpid(pid, &st, __WNOTHREAD) == -1 && errno == ECHILD;
    waitpid(pid, &st, 0);
    return (void*)(long)(notself << 16 | (WIFEXITED(st) ? WEXITSTATUS(st) : 999));
}

int main(void) {
    code = (int)contract_range(2, 255);
    fflush(stdout);
    pthread_t t;
    pthread_create(&t, NULL, fork_in_thread, (void*)(long)getpid());
    pthread_join(t, NULL);
    printf("child of a thread (code %d), waited for by main: %s\n", code,
           describe_status(wait_for(child_of_thread)));
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(code ^ 1);
    void* r;
    pthread_create(&t, NULL, wait_in_thread, (void*)(long)pid);
    pthread_join(t, &r);
    printf("child of main, waited for by a thread: __WNOTHREAD gives ECHILD %s, then exit %ld\n",
           ((long)r >> 16) ? "yes" : "no", (long)r & 0xffff);
    return 0;
}
