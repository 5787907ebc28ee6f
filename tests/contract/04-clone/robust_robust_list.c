/* Contract: the robust list at thread exit. A well-formed list whose lock word holds the
 * dying thread's tid gets FUTEX_OWNER_DIED set (and a waiter is woken); lists that are
 * broken do no harm: a head in unmapped memory, an entry whose next pointer is unmapped,
 * a list that loops back on itself (the kernel stops after a bounded number of entries),
 * a futex offset that points into the kernel. Each thread exits normally, the process
 * goes on, and lock words owned by someone else are left alone. Values from the nonce. */
#include "contract.h"
#include "threads.h"
#include <stddef.h>

struct rlist {
    struct rlist* next;
};
struct rhead {
    struct rlist list;
    long offset;
    struct rlist* pending;
};
struct lock {
    struct rlist link;
    volatile int word;
};

static struct rhead head;
static struct lock locks[3];
static volatile int kind;

static int owner(void* arg) {
    int tid = (int)raw_gettid();
    head.offset = (long)offsetof(struct lock, word);
    head.pending = NULL;
    switch (kind) {
    case 0: /* good: two locks, one ours, one someone else's */
        locks[0].word = tid;
        locks[1].word = (int)((unsigned)tid ^ 0x1234u) & FUTEX_TID_MASK;
        head.list.next = &locks[0].link;
        locks[0].link.next = &locks[1].link;
        locks[1].link.next = &head.list;
        break;
    case 1: /* next pointer unmapped */
        locks[0].word = tid;
        head.list.next = &locks[0].link;
        locks[0].link.next = (struct rlist*)arg;
        break;
    case 2: /* a loop that never comes back to the head */
        locks[0].word = tid;
        head.list.next = &locks[0].link;
        locks[0].link.next = &locks[1].link;
        locks[1].link.next = &locks[0].link;
        break;
    case 3: /* futex offset into the kernel */
        head.list.next = &locks[0].link;
        locks[0].link.next = &head.list;
        head.offset = (long)KERNEL_ADDR;
        break;
    }
    raw_syscall(SYS_set_robust_list, kind == 4 ? (long)arg : (long)&head, sizeof head, 0, 0, 0, 0);
    return 0;
}

int main(void) {
    static const char* const names[] = {"well-formed", "next unmapped", "loop",
                                        "offset into the kernel", "head unmapped"};
    char* hole = (char*)before_hole(16) + 16 + 8 * contract_range(0, 500);
    for (kind = 0; kind < 5; ++kind) {
        memset(locks, 0, sizeof locks);
        struct raw_thread t;
        long tid = raw_start(&t, THREAD_FLAGS, owner, hole);
        raw_join(&t);
        int w0 = locks[0].word, w1 = locks[1].word;
        printf("%s: thread ended; lock 0 %s", names[kind],
               (w0 & FUTEX_OWNER_DIED) && (w0 & FUTEX_TID_MASK) == 0 ? "OWNER_DIED"
               : (w0 & FUTEX_OWNER_DIED)                             ? "OWNER_DIED with tid"
               : w0 == tid                                           ? "still the tid"
               : w0 == 0                                             ? "0"
                                                                     : "other");
        if (kind == 0)
            printf(", lock 1 %s", w1 == ((int)((unsigned)tid ^ 0x1234u) & FUTEX_TID_MASK)
                                      ? "untouched"
                                      : "changed");
        printf("\n");
    }
    contract_token();
    return 0;
}
