// kernel/net/socket/socket.hh — a socket: what a socket File points at (AF_INET over lwIP).
//
//   Socket* s = TRY(make_inet_socket(SOCK_STREAM));
//   TRY(s->bind({htonl(INADDR_LOOPBACK), 8080}));
//   TRY(s->listen(16));
//   Socket* c = TRY(s->accept(/*nonblock=*/false));
//
// One subclass per kind (tcp.cc: SOCK_STREAM on lwIP's raw TCP API, udp.cc: SOCK_DGRAM
// on raw UDP). Every operation runs under lwIP's core lock (CoreLock), and so do lwIP's
// callbacks, which change the socket's state and call notify(): the lock guards the
// state, and `events` tells a waiter that something happened between its look and its
// sleep (wait() below), so no wake-up is lost and nothing polls.
#pragma once

#include <atomic>

#include "fs/vfs/file.hh"
#include "lib/result.hh"
#include "lib/spinlock.hh"
#include "proc/wait_queue.hh"

namespace net {

/// An IPv4 address and port: the address in network byte order, the port in host order.
struct InetAddr {
    u32 ip = 0;
    u16 port = 0;
};

/// Linux's socket constants (the ABI; lwIP's own numbers never reach user space).
constexpr int SOCK_STREAM = 1, SOCK_DGRAM = 2;
constexpr int MSG_PEEK = 0x2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_WAITALL = 0x100,
              MSG_NOSIGNAL = 0x4000;
constexpr int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
constexpr int SOL_SOCKET = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17, IPPROTO_IP = 0;
constexpr int SO_REUSEADDR = 2, SO_TYPE = 3, SO_ERROR = 4, SO_BROADCAST = 6, SO_SNDBUF = 7,
              SO_RCVBUF = 8, SO_KEEPALIVE = 9, SO_REUSEPORT = 15, SO_ACCEPTCONN = 30,
              SO_PROTOCOL = 38, SO_DOMAIN = 39;
constexpr int TCP_NODELAY = 1;

/// Holds lwIP's core lock for a scope (a sleeping lock: the holder may sleep).
class [[nodiscard]] CoreLock {
public:
    CoreLock();
    ~CoreLock();
    CoreLock(const CoreLock&) = delete;
    CoreLock& operator=(const CoreLock&) = delete;
};

class Socket {
public:
    virtual ~Socket() = default;
    /// SOCK_STREAM or SOCK_DGRAM.
    virtual int type() const = 0;
    virtual Result<void> bind(const InetAddr& a) = 0;
    virtual Result<void> listen(int backlog);
    /// A connected socket from the queue (EAGAIN when empty and @p nonblock).
    virtual Result<Socket*> accept(bool nonblock);
    /// EINPROGRESS for a TCP connect with @p nonblock.
    virtual Result<void> connect(const InetAddr& a, bool nonblock) = 0;
    /// Sends @p buf (to @p to for a datagram socket, null: the connected peer).
    virtual Result<u64> send(const vfs::IoBuf& buf, const InetAddr* to, int flags,
                             bool nonblock) = 0;
    /// Receives into @p buf; @p from gets the sender; *@p truncated is set when a
    /// datagram was longer than @p buf. Returns the bytes stored (or, with MSG_TRUNC on a
    /// datagram socket, the datagram's length).
    virtual Result<u64> recv(const vfs::IoBuf& buf, InetAddr* from, int flags, bool nonblock,
                             bool* truncated) = 0;
    virtual Result<void> shutdown(int how) = 0;
    virtual Result<InetAddr> local_addr() = 0;
    virtual Result<InetAddr> peer_addr() = 0;
    /// poll(2)'s bits now (vfs::POLLIN...).
    virtual u32 poll_bits() = 0;
    /// setsockopt/getsockopt of an int-valued option; ENOPROTOOPT for an unknown one.
    /// Called with the core lock held (the other operations take it themselves).
    virtual Result<void> set_option(int level, int name, int value);
    virtual Result<int> get_option(int level, int name);
    /// Closes the socket (last reference to its File): lwIP lets go of it, then it is freed.
    virtual void close() = 0;

    /// Wakes every waiter (core lock held; lwIP callbacks and state changes).
    void notify();
    /// Runs @p op under the core lock until it gives something other than EAGAIN,
    /// sleeping on this socket's queue between tries; EAGAIN at once with @p nonblock,
    /// EINTR when the task must die.
    template <typename T, typename Op>
    Result<T> wait(bool nonblock, Op op);
    /// The queue poll/epoll wait on (their entries sit on it; guarded by wait_lock).
    proc::WaitQueue& wait_queue() { return waiters_; }
    SpinLock& wait_lock() { return wait_lock_; }

protected:
    /// The error SO_ERROR reports (and clears); a pending error also ends waits.
    int pending_error_ = 0;
    bool reuse_addr_ = false;
    int rcvbuf_ = 212992, sndbuf_ = 212992;

    /// Sleeps until an event newer than @p seen (or a signal that ends the task).
    void sleep_since(u64 seen);
    u64 events() const { return events_.load(std::memory_order_acquire); }

private:
    SpinLock wait_lock_{"socket-wait", lock_rank::SLEEP};
    proc::WaitQueue waiters_;
    std::atomic<u64> events_{0};
};

bool task_must_stop();

template <typename T, typename Op>
Result<T> Socket::wait(bool nonblock, Op op) {
    for (;;) {
        u64 seen;
        {
            CoreLock c;
            seen = events();
            Result<T> r = op();
            if (!r.is_error() || r.error() != EAGAIN) return r;
        }
        if (nonblock) return Error(EAGAIN);
        if (task_must_stop()) return Error(EINTR);
        sleep_since(seen);
    }
}

/// A new TCP (SOCK_STREAM) or UDP (SOCK_DGRAM) socket. ENOMEM, ESOCKTNOSUPPORT.
Result<Socket*> make_inet_socket(int type);
/// Makes a TCP socket (tcp.cc) / UDP socket (udp.cc).
Result<Socket*> make_tcp_socket();
Result<Socket*> make_udp_socket();

}  // namespace net
