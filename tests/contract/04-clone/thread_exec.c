/* Contract: execve from a thread that is not the group leader. The other threads (the
 * leader among them, blocked in a futex wait) are killed, the process keeps its pid, and
 * the new program runs: it gets a word from the nonce in argv and reports that its pid is
 * the old one and that it is a single thread again (its tid is its pid). */
#include "contract.h"
#include "threads.h"
#include <pthread.h>

static char** saved_argv;
static char pidbuf[16], word[24];

static void* exec_from_thread(void* arg) {
    char* args[] = {saved_argv[0], "--after", pidbuf, word, NULL};
    execve(self_path(), args, environ);
    return NULL;
}

int main(int argc, char** argv) {
    if (argc > 3 && strcmp(argv[1], "--after") == 0) {
        printf("new program with %s: same pid %s, tid is the pid %s\n", argv[3],
               atoi(argv[2]) == getpid() ? "yes" : "no", gettid() == getpid() ? "yes" : "no");
        return 0;
    }
    saved_argv = argv;
    contract_word(word, contract_range(3, 20));
    pid_t pid = fork_flushed();
    if (pid == 0) {
        snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
        pthread_t t;
        pthread_create(&t, NULL, exec_from_thread, NULL);
        static volatile int never;
        for (;;) raw_futex(&never, FUTEX_WAIT, 0, NULL, NULL, 0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    return 0;
}
