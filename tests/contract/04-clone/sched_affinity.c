/* Contract: CPU affinity. sched_getaffinity gives a mask with at least one CPU (its size
 * in bytes is positive); pinning the caller to one CPU of the mask (chosen from the nonce)
 * makes getaffinity read back exactly that CPU, and getcpu then reports it, in a thread
 * too; a new thread inherits the pinned mask. Errors: an empty mask is EINVAL, a size
 * that is not a multiple of 8 (4) is EINVAL for getaffinity, a pid that does not exist
 * ESRCH, a mask in unmapped memory EFAULT. */
#include "contract.h"
#include <limits.h>
#include <pthread.h>
#include <sched.h>

static int cpu_now(void) {
    unsigned cpu = 0;
    syscall(SYS_getcpu, &cpu, NULL, NULL);
    return (int)cpu;
}

static void* in_thread(void* arg) {
    cpu_set_t s;
    CPU_ZERO(&s);
    sched_getaffinity(0, sizeof s, &s);
    int target = (int)(long)arg;
    return (void*)(long)(CPU_COUNT(&s) == 1 && CPU_ISSET(target, &s) && cpu_now() == target);
}

int main(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    long size = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    printf("sched_getaffinity: size positive %s, CPUs in the mask at least 1: %s\n",
           size > 0 ? "yes" : "no", CPU_COUNT(&set) >= 1 ? "yes" : "no");
    int n = CPU_COUNT(&set), pick = (int)contract_range(0, 1000) % n, target = -1;
    for (int c = 0, seen = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &set) && seen++ == pick) target = c;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(target, &one);
    SHOW("sched_setaffinity(one CPU)", sched_setaffinity(0, sizeof one, &one));
    cpu_set_t back;
    CPU_ZERO(&back);
    sched_getaffinity(0, sizeof back, &back);
    printf("read back exactly that CPU: %s\n", CPU_EQUAL(&back, &one) ? "yes" : "no");
    printf("getcpu reports it: %s\n", cpu_now() == target ? "yes" : "no");
    pthread_t t;
    void* r;
    pthread_create(&t, NULL, in_thread, (void*)(long)target);
    pthread_join(t, &r);
    printf("a new thread inherits it and runs there: %s\n", r ? "yes" : "no");
    sched_setaffinity(0, sizeof set, &set);
    cpu_set_t empty;
    CPU_ZERO(&empty);
    SHOW("sched_setaffinity(empty)", sched_setaffinity(0, sizeof empty, &empty));
    SHOW("sched_getaffinity(size 4)", syscall(SYS_sched_getaffinity, 0, 4, &set));
    int nobody = (int)contract_range(1 << 23, INT_MAX);
    SHOW("sched_getaffinity(no such pid)",
         syscall(SYS_sched_getaffinity, nobody, sizeof set, &set));
    SHOW("sched_setaffinity(no such pid)",
         syscall(SYS_sched_setaffinity, nobody, sizeof set, &set));
    char* hole = (char*)before_hole(16) + 16;
    SHOW("sched_setaffinity(mask unmapped)", syscall(SYS_sched_setaffinity, 0, sizeof set, hole));
    SHOW("sched_getaffinity(mask unmapped)", syscall(SYS_sched_getaffinity, 0, sizeof set, hole));
    contract_token();
    return 0;
}
