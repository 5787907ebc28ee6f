// kernel/fs/poll/epoll.cc — epoll instances, their items and the ready list (epoll.hh).
#include "fs/poll/epoll.hh"

#include "drivers/timer/clock.hh"
#include "fs/anon_inode.hh"
#include "fs/vfs/poll.hh"
#include "lib/list.hh"
#include "lib/mutex.hh"
#include "mm/heap.hh"
#include "proc/sched.hh"
#include "proc/signal.hh"

namespace epoll {
namespace {

constexpr u32 PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
constexpr u32 EXCLUSIVE_OK = vfs::POLLIN | vfs::POLLOUT | vfs::POLLERR | vfs::POLLHUP |
                             EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE;
constexpr int MAX_NESTS = 4;  // Linux's EP_MAX_NESTS: deeper chains are ELOOP
constexpr usize MAX_HOOKS = 4;

struct Instance;

struct Item;
// The registration an item hands to its file's poll.
struct ItemPollWait : vfs::PollWait {
    Item* item;
};

struct Hook {  // one entry on one of the watched file's queues
    proc::WaitEntry wait;
    proc::WaitQueue* queue = nullptr;
    SpinLock* lock = nullptr;
};

struct Item {
    Instance* ep;
    vfs::File* file;  // no reference: the item goes when the File does
    int fd;
    u32 events;  // asked for, with the control bits
    u64 data;
    std::atomic<u32> refs{1};  // the instance's, and epoll_wait's while it looks
    bool dead = false;         // removed (under the instance's lock)
    Hook hooks[MAX_HOOKS];
    usize nhooks = 0;
    ItemPollWait pw;
    ListNode ready_node;        // on ep->ready (instance lock)
    ListNode ep_node;           // on ep->items (instance lock)
    Item* file_next = nullptr;  // the File's list (items_lock)
};

struct Instance {
    Mutex mtx{"epoll"};
    SpinLock lock{"epoll-ready"};
    IntrusiveList<Item, &Item::ready_node> ready;
    IntrusiveList<Item, &Item::ep_node> items;
    proc::WaitQueue waiters;  // tasks in epoll_wait
    proc::WaitQueue pollers;  // poll/select/epoll watching this instance's File
};

Mutex graph_mutex{"epoll-graph"};  // Linux's epmutex: items of released Files, loop checks
SpinLock items_lock{"epoll-file-items"};

Instance* instance_of(const vfs::File& f) { return static_cast<Instance*>(f.priv); }

void item_put(Item* it) {
    if (it->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) mm::destroy(it);
}

// A reference on @p f unless its last one is already gone (it is being released).
bool file_try_get(vfs::File* f) {
    u32 n = f->refs.load();
    while (n) {
        if (f->refs.compare_exchange_weak(n, n + 1)) return true;
    }
    return false;
}

// Instance lock held: puts @p it on the ready list and wakes the waiters.
void make_ready(Instance& ep, Item& it) {
    if (!it.ready_node.linked()) ep.ready.push_back(it);
    ep.waiters.wake_all();
    ep.pollers.wake_all();
}

// A watched file's queue was woken (its lock held): the item may be ready.
bool ep_wake(proc::WaitEntry& e) {
    Item* it = static_cast<Item*>(e.arg);
    Instance& ep = *it->ep;
    SpinLockGuard g(ep.lock);
    if (it->dead || !(it->events & ~PRIVATE_BITS)) return true;  // disabled (EPOLLONESHOT)
    make_ready(ep, *it);
    return true;
}

void hook_add(vfs::PollWait& pw, proc::WaitQueue& wq, SpinLock& lock) {
    Item* it = static_cast<ItemPollWait&>(pw).item;
    if (it->nhooks == MAX_HOOKS) return;  // no file type uses more
    Hook& h = it->hooks[it->nhooks++];
    h.wait.fn = ep_wake;
    h.wait.arg = it;
    h.wait.keep = true;
    h.queue = &wq;
    h.lock = &lock;
    wq.add(h.wait);
}

// Takes @p it out of its instance (graph and instance mutexes held; the File alive).
void remove(Item* it) {
    for (usize i = 0; i < it->nhooks; ++i) {
        Hook& h = it->hooks[i];
        SpinLockGuard g(*h.lock);
        h.queue->remove_if_linked(h.wait);
    }
    Instance& ep = *it->ep;
    {
        SpinLockGuard g(ep.lock);
        if (it->ready_node.linked()) ep.ready.remove(*it);
        ep.items.remove(*it);
        it->dead = true;
    }
    item_put(it);
}

void file_list_remove(Item* it) {
    SpinLockGuard g(items_lock);
    auto** p = reinterpret_cast<Item**>(&it->file->epoll_items);
    while (*p && *p != it) p = &(*p)->file_next;
    if (*p) *p = it->file_next;
}

Item* find(Instance& ep, vfs::File* f, int fd) {
    SpinLockGuard g(ep.lock);
    for (Item& it : ep.items)
        if (it.file == f && it.fd == fd) return &it;
    return nullptr;
}

// The deepest chain of epoll instances under @p ep (itself at @p depth), or -1 when
// @p target is among them (a loop) or the chain is deeper than MAX_NESTS. Graph
// mutex held: no item comes or goes.
bool loop_or_too_deep(Instance& ep, Instance& target, int depth) {
    if (depth > MAX_NESTS) return true;
    for (Item& it : ep.items) {
        if (!is_epoll(*it.file)) continue;
        Instance* child = instance_of(*it.file);
        if (child == &target) return true;
        if (loop_or_too_deep(*child, target, depth + 1)) return true;
    }
    return false;
}

u32 poll_item(Item& it, vfs::PollWait* pw) {
    return vfs::file_poll(*it.file, pw) & (it.events & ~PRIVATE_BITS);
}

// The epoll File's own poll: readable when one of its ready items is ready now.
u32 ep_poll(vfs::File& f, vfs::PollWait* pw) {
    Instance& ep = *instance_of(f);
    MutexGuard m(ep.mtx);  // items stay while we look (their removal takes it)
    Item* snap[16];
    usize n = 0;
    {
        SpinLockGuard g(ep.lock);
        vfs::poll_wait(pw, ep.pollers, ep.lock);
        for (Item& it : ep.ready) {
            if (n == 16) break;
            snap[n++] = &it;
        }
    }
    for (usize i = 0; i < n; ++i)
        if (poll_item(*snap[i], nullptr)) return vfs::POLLIN | vfs::POLLRDNORM;
    return 0;
}

void ep_release(vfs::File& f) {
    Instance* ep = instance_of(f);
    {
        MutexGuard g(graph_mutex);
        MutexGuard m(ep->mtx);
        while (Item* it = ep->items.front()) {
            file_list_remove(it);
            remove(it);
        }
    }
    mm::destroy(ep);
}

const vfs::FileOps ep_ops{nullptr, nullptr, nullptr,    ep_poll, nullptr,
                          nullptr, nullptr, ep_release, nullptr};

Result<void> insert(Instance& ep, int fd, vfs::File& target, const Event& ev) {
    Item* it = TRY(mm::make<Item>());
    it->ep = &ep;
    it->file = &target;
    it->fd = fd;
    it->events = ev.events | vfs::POLLERR | vfs::POLLHUP;
    it->data = ev.data;
    it->pw.queue = hook_add;
    it->pw.item = it;
    {
        SpinLockGuard g(items_lock);
        it->file_next = static_cast<Item*>(target.epoll_items);
        target.epoll_items = it;
    }
    {
        SpinLockGuard g(ep.lock);
        ep.items.push_back(*it);
    }
    if (poll_item(*it, &it->pw)) {
        SpinLockGuard g(ep.lock);
        make_ready(ep, *it);
    }
    return {};
}

void modify(Instance& ep, Item& it, const Event& ev) {
    {
        SpinLockGuard g(ep.lock);
        it.events = ev.events | vfs::POLLERR | vfs::POLLHUP;
        it.data = ev.data;
    }
    if (poll_item(it, nullptr)) {
        SpinLockGuard g(ep.lock);
        make_ready(ep, it);
    }
}

// One pass over the ready list: up to @p max events; items taken off and, when still
// ready and level-triggered, put back at the tail.
usize collect(Instance& ep, Event* out, usize max) {
    constexpr usize BATCH = 64;
    Item* batch[BATCH];
    usize n = 0, done = 0;
    {
        SpinLockGuard g(ep.lock);
        while (n < BATCH && n < max) {
            Item* it = ep.ready.pop_front();
            if (!it) break;
            if (!file_try_get(it->file)) continue;  // its File is going away
            it->refs.fetch_add(1);
            batch[n++] = it;
        }
    }
    for (usize i = 0; i < n; ++i) {
        Item* it = batch[i];
        u32 got = poll_item(*it, nullptr);
        SpinLockGuard g(ep.lock);
        if (it->dead || !got) continue;
        if (!(it->events & ~PRIVATE_BITS)) continue;  // disabled meanwhile
        out[done].events = got;
        out[done].data = it->data;
        ++done;
        if (it->events & EPOLLONESHOT) it->events &= PRIVATE_BITS;
        else if (!(it->events & EPOLLET) && !it->ready_node.linked()) ep.ready.push_back(*it);
    }
    for (usize i = 0; i < n; ++i) {
        vfs::file_put(batch[i]->file);
        item_put(batch[i]);
    }
    return done;
}

}  // namespace

bool is_epoll(const vfs::File& f) { return f.ops == &ep_ops; }

Result<vfs::File*> create() {
    Instance* ep = TRY(mm::make<Instance>());
    auto f = anon::make_file(&ep_ops, vfs::O_RDWR, ep);
    if (f.is_error()) mm::destroy(ep);
    return f;
}

Result<void> ctl(vfs::File& epf, int op, int fd, vfs::File& target, const Event& ev) {
    if (!target.ops || !target.ops->poll) return Error(EPERM);
    if (&epf == &target || !is_epoll(epf)) return Error(EINVAL);
    bool has_event = op != CTL_DEL;
    if (has_event && (ev.events & EPOLLEXCLUSIVE)) {
        if (op == CTL_MOD) return Error(EINVAL);
        if (op == CTL_ADD && (is_epoll(target) || (ev.events & ~EXCLUSIVE_OK)))
            return Error(EINVAL);
    }
    Event e = ev;
    e.events &= ~EPOLLWAKEUP;  // needs CAP_BLOCK_SUSPEND; nothing suspends here anyway
    Instance& ep = *instance_of(epf);
    MutexGuard g(graph_mutex);
    MutexGuard m(ep.mtx);
    Item* it = find(ep, &target, fd);
    switch (op) {
    case CTL_ADD:
        if (it) return Error(EEXIST);
        if (is_epoll(target) && loop_or_too_deep(*instance_of(target), ep, 0)) return Error(ELOOP);
        return insert(ep, fd, target, e);
    case CTL_DEL:
        if (!it) return Error(ENOENT);
        file_list_remove(it);
        remove(it);
        return {};
    case CTL_MOD:
        if (!it) return Error(ENOENT);
        if (it->events & EPOLLEXCLUSIVE) return Error(EINVAL);
        modify(ep, *it, e);
        return {};
    default:
        return Error(EINVAL);
    }
}

Result<usize> wait(vfs::File& epf, Event* out, usize max, u64 deadline_ns) {
    Instance& ep = *instance_of(epf);
    constexpr u64 NO_WAIT = ~u64(0);
    for (;;) {
        usize n = collect(ep, out, max);
        if (n) return n;
        SpinLockGuard g(ep.lock);
        while (ep.ready.empty()) {
            if (deadline_ns == NO_WAIT) return usize(0);
            if (deadline_ns && ktime::now_ns() >= deadline_ns) return usize(0);
            if (proc::signal_pending()) return Error(proc::ERESTARTNOHAND);
            proc::sleep_on_until(ep.waiters, ep.lock, deadline_ns, true);
        }
    }
}

}  // namespace epoll

namespace vfs {

void eventpoll_release(File& f) {
    using namespace epoll;
    MutexGuard g(graph_mutex);
    for (;;) {
        Item* it;
        {
            SpinLockGuard l(items_lock);
            it = static_cast<Item*>(f.epoll_items);
            if (!it) return;
            f.epoll_items = it->file_next;
        }
        MutexGuard m(it->ep->mtx);
        remove(it);
    }
}

}  // namespace vfs
