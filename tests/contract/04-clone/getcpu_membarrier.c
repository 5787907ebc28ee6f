/* Contract: getcpu and membarrier. getcpu returns a CPU that is in the affinity mask (and
 * accepts NULL for either result), in the main thread and in threads. membarrier: the
 * query returns a mask that includes the private expedited command; that command before
 * registering is EPERM, after MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED it is 0, also
 * with threads running. Errors: an unknown command and non-zero flags are EINVAL. */
#include "contract.h"
#include <pthread.h>
#include <sched.h>

#define MB_QUERY 0
#define MB_PRIVATE_EXPEDITED (1 << 3)
#define MB_REGISTER_PRIVATE_EXPEDITED (1 << 4)

static int cpu_ok(void) {
    unsigned cpu = 99999, node = 99999;
    if (syscall(SYS_getcpu, &cpu, &node, NULL) != 0) return 0;
    cpu_set_t s;
    CPU_ZERO(&s);
    sched_getaffinity(0, sizeof s, &s);
    return cpu < CPU_SETSIZE && CPU_ISSET(cpu, &s);
}

static void* in_thread(void* arg) { return (void*)(long)cpu_ok(); }

int main(void) {
    printf("getcpu in the mask: %s\n", cpu_ok() ? "yes" : "no");
    SHOW("getcpu(NULL, NULL)", syscall(SYS_getcpu, NULL, NULL, NULL));
    int n = (int)contract_range(1, 8), good = 0;
    pthread_t t[8];
    for (int i = 0; i < n; ++i) pthread_create(&t[i], NULL, in_thread, NULL);
    for (int i = 0; i < n; ++i) {
        void* r;
        pthread_join(t[i], &r);
        good += r != NULL;
    }
    printf("getcpu in the mask in %d of %d threads\n", good, n);
    long q = syscall(SYS_membarrier, MB_QUERY, 0, 0);
    printf("membarrier query: %s, includes PRIVATE_EXPEDITED: %s\n", q >= 0 ? "ok" : errname(errno),
           q >= 0 && (q & MB_PRIVATE_EXPEDITED) ? "yes" : "no");
    SHOW("PRIVATE_EXPEDITED before registering",
         syscall(SYS_membarrier, MB_PRIVATE_EXPEDITED, 0, 0));
    SHOW("REGISTER_PRIVATE_EXPEDITED",
         syscall(SYS_membarrier, MB_REGISTER_PRIVATE_EXPEDITED, 0, 0));
    SHOW("PRIVATE_EXPEDITED", syscall(SYS_membarrier, MB_PRIVATE_EXPEDITED, 0, 0));
    SHOW("membarrier(unknown command)", syscall(SYS_membarrier, 1 << contract_range(12, 30), 0, 0));
    SHOW("membarrier(flags)", syscall(SYS_membarrier, MB_QUERY, 1 << contract_range(1, 30), 0));
    contract_token();
    return 0;
}
