/* kernel/net/lwip/arch/sys_arch.h — lwIP's operating-system types on Larch (lab 07).
 *
 * Each lwIP object is a pointer to a kernel object made by net/lwip/sys_arch.cc: a
 * semaphore is a Completion, a mutex a Mutex, a mailbox a ring of pointers with two wait
 * queues, a thread a kernel thread. Null means "not valid". */
#ifndef LARCH_LWIP_ARCH_SYS_ARCH_H
#define LARCH_LWIP_ARCH_SYS_ARCH_H

typedef void* sys_sem_t;
typedef void* sys_mutex_t;
typedef void* sys_mbox_t;
typedef void* sys_thread_t;
typedef unsigned long sys_prot_t;

#define sys_sem_valid(s) ((s) != 0 && *(s) != 0)
#define sys_sem_set_invalid(s) \
    do {                       \
        if (s) *(s) = 0;       \
    } while (0)
#define sys_mutex_valid(m) ((m) != 0 && *(m) != 0)
#define sys_mutex_set_invalid(m) \
    do {                         \
        if (m) *(m) = 0;         \
    } while (0)
#define sys_mbox_valid(b) ((b) != 0 && *(b) != 0)
#define sys_mbox_set_invalid(b) \
    do {                        \
        if (b) *(b) = 0;        \
    } while (0)

#endif
