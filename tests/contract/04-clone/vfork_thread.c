/* Contract: vfork blocks only the calling thread. A thread calls vfork; its child waits
 * for a word that only the main thread writes (so the main thread must run while the
 * vforking thread is suspended), then exits with a code from the nonce; the vforking
 * thread resumes after that, sees the child's write to shared memory, and the main thread
 * reaps the child through the thread group. */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

static volatile int child_ready, reply, child_wrote;
static volatile int vfork_returned;
static int code;

static void* vforker(void* arg) {
    pid_t pid = vfork();
    if (pid == 0) {
        flag_set(&child_ready, 1);
        flag_wait(&reply, 1);
        child_wrote = 1;
        _exit(code);
    }
    vfork_returned = child_wrote ? 2 : 1;
    return (void*)(long)pid;
}

int main(void) {
    code = (int)contract_range(0, 255);
    pthread_t t;
    pthread_create(&t, NULL, vforker, NULL);
    flag_wait(&child_ready, 1);
    printf("main thread runs while the vfork child runs: yes\n");
    printf("vfork had returned in the thread by then: %s\n", vfork_returned ? "yes" : "no");
    flag_set(&reply, 1);
    void* r;
    pthread_join(t, &r);
    printf("vfork returned after the child's write: %s\n", vfork_returned == 2 ? "yes" : "no");
    printf("child (code %d): %s\n", code, describe_status(wait_for((pid_t)(long)r)));
    return 0;
}
