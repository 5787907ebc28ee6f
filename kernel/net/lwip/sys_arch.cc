// kernel/net/lwip/sys_arch.cc — lwIP's operating-system layer on Larch's lab 04 primitives.
//
//   lwIP                     Larch
//   sys_mutex_t              Mutex (lib/mutex.hh)
//   sys_sem_t                Completion (lib/completion.hh): signal = complete, wait = wait_until
//   sys_mbox_t               Mailbox below: a ring of pointers under a SpinLock, two WaitQueues
//   sys_thread_new           kthread_create (proc/kthread.hh)
//   sys_arch_protect         one recursive spinlock with interrupts off (SYS_LIGHTWEIGHT_PROT)
//   sys_now                  ktime::now_ns() in milliseconds
//
// lwIP's timers (TCP's fast and slow timers, ARP, DHCP, IP reassembly) run in the tcpip
// thread: it waits on its mailbox with a time-out equal to the next timer's deadline,
// which sleep_on_until turns into a proc::Timer (proc/timer.hh). The core lock
// (LWIP_TCPIP_CORE_LOCKING) is a sys_mutex_t, so a task holding it may sleep.
#include <atomic>

#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "drivers/timer/clock.hh"
#include "lib/completion.hh"
#include "lib/log.hh"
#include "lib/mutex.hh"
#include "lib/panic.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "proc/kthread.hh"
#include "proc/random.hh"
#include "proc/sched.hh"
#include "proc/table.hh"

extern "C" {
#include "lwip/sys.h"
#include "lwip/tcpip.h"
}

namespace {

/// A bounded queue of message pointers: lwIP's mailbox.
struct Mailbox {
    SpinLock lock{"lwip-mbox", lock_rank::SLEEP};
    proc::WaitQueue not_empty;
    proc::WaitQueue not_full;
    void** ring = nullptr;
    u32 size = 0;
    u32 head = 0;   // the next message to fetch
    u32 count = 0;  // messages in the ring

    void put(void* msg) {
        ring[(head + count) % size] = msg;
        ++count;
        proc::wake_all(not_empty);
    }
    void* take() {
        void* msg = ring[head];
        head = (head + 1) % size;
        --count;
        proc::wake_all(not_full);
        return msg;
    }
};

Mailbox* mailbox(sys_mbox_t* mbox) { return static_cast<Mailbox*>(*mbox); }

/// Milliseconds since @p start_ns, at most SYS_ARCH_TIMEOUT - 1 (lwIP's "time waited").
u32_t waited_ms(u64 start_ns) {
    u64 ms = (ktime::now_ns() - start_ns) / 1000000;
    return ms >= SYS_ARCH_TIMEOUT ? SYS_ARCH_TIMEOUT - 1 : u32_t(ms);
}

/// The deadline of a time-out of @p timeout_ms (0: none, wait for ever).
u64 deadline_of(u32_t timeout_ms) {
    return timeout_ms ? ktime::now_ns() + u64(timeout_ms) * 1000000 : 0;
}

// SYS_ARCH_PROTECT: a recursive lock with interrupts off. lwIP nests it (pbuf_free inside
// a protected section), so the owner CPU may take it again.
std::atomic<int> protect_owner{-1};
unsigned protect_depth = 0;

struct ThreadStart {
    lwip_thread_fn fn;
    void* arg;
};

void thread_trampoline(void* p) {
    ThreadStart start = *static_cast<ThreadStart*>(p);
    mm::kfree(p);
    start.fn(start.arg);
}

}  // namespace

extern "C" {

void sys_init(void) {}

u32_t sys_now(void) { return u32_t(ktime::now_ns() / 1000000); }

// --- mutexes ---------------------------------------------------------------------------

err_t sys_mutex_new(sys_mutex_t* mutex) {
    auto m = mm::make<Mutex>("lwip");
    if (m.is_error()) return ERR_MEM;
    *mutex = m.value();
    return ERR_OK;
}

void sys_mutex_lock(sys_mutex_t* mutex) { static_cast<Mutex*>(*mutex)->lock(); }

void sys_mutex_unlock(sys_mutex_t* mutex) { static_cast<Mutex*>(*mutex)->unlock(); }

void sys_mutex_free(sys_mutex_t* mutex) {
    mm::destroy(static_cast<Mutex*>(*mutex));
    *mutex = nullptr;
}

// --- semaphores ------------------------------------------------------------------------

err_t sys_sem_new(sys_sem_t* sem, u8_t count) {
    auto c = mm::make<Completion>();
    if (c.is_error()) return ERR_MEM;
    for (u8_t i = 0; i < count; ++i) c.value()->complete();
    *sem = c.value();
    return ERR_OK;
}

void sys_sem_signal(sys_sem_t* sem) { static_cast<Completion*>(*sem)->complete(); }

u32_t sys_arch_sem_wait(sys_sem_t* sem, u32_t timeout) {
    u64 start = ktime::now_ns();
    if (!static_cast<Completion*>(*sem)->wait_until(deadline_of(timeout))) return SYS_ARCH_TIMEOUT;
    return waited_ms(start);
}

void sys_sem_free(sys_sem_t* sem) {
    mm::destroy(static_cast<Completion*>(*sem));
    *sem = nullptr;
}

// --- mailboxes -------------------------------------------------------------------------

err_t sys_mbox_new(sys_mbox_t* mbox, int size) {
    if (size <= 0) size = 64;
    auto b = mm::make<Mailbox>();
    if (b.is_error()) return ERR_MEM;
    auto ring = mm::kmalloc(sizeof(void*) * usize(size));
    if (ring.is_error()) {
        mm::destroy(b.value());
        return ERR_MEM;
    }
    b.value()->ring = static_cast<void**>(ring.value());
    b.value()->size = u32(size);
    *mbox = b.value();
    return ERR_OK;
}

void sys_mbox_post(sys_mbox_t* mbox, void* msg) {
    Mailbox* b = mailbox(mbox);
    proc::may_sleep("sys_mbox_post");
    SpinLockGuard g(b->lock);
    while (b->count == b->size) proc::sleep_on(b->not_full, b->lock);
    b->put(msg);
}

err_t sys_mbox_trypost(sys_mbox_t* mbox, void* msg) {
    Mailbox* b = mailbox(mbox);
    SpinLockGuard g(b->lock);
    if (b->count == b->size) return ERR_MEM;
    b->put(msg);
    return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t* mbox, void* msg) { return sys_mbox_trypost(mbox, msg); }

u32_t sys_arch_mbox_fetch(sys_mbox_t* mbox, void** msg, u32_t timeout) {
    Mailbox* b = mailbox(mbox);
    u64 start = ktime::now_ns();
    u64 deadline = deadline_of(timeout);
    proc::may_sleep("sys_arch_mbox_fetch");
    SpinLockGuard g(b->lock);
    while (b->count == 0) {
        if (deadline && ktime::now_ns() >= deadline) return SYS_ARCH_TIMEOUT;
        if (deadline) proc::sleep_on_until(b->not_empty, b->lock, deadline);
        else proc::sleep_on(b->not_empty, b->lock);
    }
    void* m = b->take();
    if (msg) *msg = m;
    return waited_ms(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t* mbox, void** msg) {
    Mailbox* b = mailbox(mbox);
    SpinLockGuard g(b->lock);
    if (b->count == 0) return SYS_MBOX_EMPTY;
    void* m = b->take();
    if (msg) *msg = m;
    return 0;
}

void sys_mbox_free(sys_mbox_t* mbox) {
    Mailbox* b = mailbox(mbox);
    if (b->count) klog::warn("lwip: a mailbox freed with {} messages in it", b->count);
    mm::kfree(b->ring);
    mm::destroy(b);
    *mbox = nullptr;
}

// --- threads ---------------------------------------------------------------------------

sys_thread_t sys_thread_new(const char* name, lwip_thread_fn fn, void* arg, int, int) {
    auto start = mm::kmalloc(sizeof(ThreadStart));
    if (start.is_error()) panic("lwip: no memory for thread {}", name);
    *static_cast<ThreadStart*>(start.value()) = {fn, arg};
    auto t = proc::kthread_create(name, thread_trampoline, start.value());
    if (t.is_error()) panic("lwip: cannot start thread {}", name);
    proc::task_put(t.value());
    return t.value();
}

// --- SYS_LIGHTWEIGHT_PROT ----------------------------------------------------------------

sys_prot_t sys_arch_protect(void) {
    bool was_enabled = arch::irq_save();
    int me = int(arch::cpu_index());
    if (protect_owner.load(std::memory_order_relaxed) != me) {
        int expected = -1;
        while (!protect_owner.compare_exchange_weak(expected, me, std::memory_order_acquire)) {
            expected = -1;
            arch::cpu_relax();
        }
    }
    ++protect_depth;
    return was_enabled;
}

void sys_arch_unprotect(sys_prot_t was_enabled) {
    if (--protect_depth == 0) protect_owner.store(-1, std::memory_order_release);
    arch::irq_restore(was_enabled);
}

// --- the port's hooks (arch/cc.h, lwipopts.h) ---------------------------------------------

void larch_lwip_assert(const char* what, int line, const char* file) {
    panic("lwip: assertion '{}' failed at {}:{}", what, file, line);
}

unsigned larch_lwip_rand(void) {
    unsigned r;
    proc::random_bytes(&r, sizeof r);
    return r;
}

void* larch_lwip_malloc(usize size) {
    auto p = mm::kmalloc(size ? size : 1);
    return p.is_error() ? nullptr : p.value();
}

void* larch_lwip_calloc(usize n, usize size) {
    if (size && n > ~usize(0) / size) return nullptr;
    void* p = larch_lwip_malloc(n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void larch_lwip_free(void* p) { mm::kfree(p); }

void larch_lwip_assert_core_locked(void) {
    // Before tcpip_init has made the lock, lwip_init runs alone (boot).
    if (!sys_mutex_valid(&lock_tcpip_core)) return;
    if (!static_cast<Mutex*>(lock_tcpip_core)->held_by_me())
        panic("lwip: the core is used without its lock (LOCK_TCPIP_CORE)");
}

}  // extern "C"
