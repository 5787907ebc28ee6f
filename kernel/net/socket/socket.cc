// kernel/net/socket/socket.cc — what every socket shares: the core lock, waiting, options.
#include "net/socket/socket.hh"

#include "net/stack.hh"

#include "proc/process.hh"
#include "proc/sched.hh"

extern "C" {
#include "lwip/tcpip.h"
}

namespace net {

CoreLock::CoreLock() { LOCK_TCPIP_CORE(); }
CoreLock::~CoreLock() { UNLOCK_TCPIP_CORE(); }

bool task_must_stop() { return proc::must_die(); }

void Socket::notify() {
    SpinLockGuard g(wait_lock_);
    events_.fetch_add(1, std::memory_order_release);
    proc::wake_all(waiters_);
}

void Socket::sleep_since(u64 seen) {
    SpinLockGuard g(wait_lock_);
    if (events() == seen) proc::sleep_on(waiters_, wait_lock_);
}

Result<void> Socket::listen(int) { return Error(EOPNOTSUPP); }

Result<Socket*> Socket::accept(bool) { return Error(EOPNOTSUPP); }

Result<void> Socket::set_option(int level, int name, int value) {
    if (level != SOL_SOCKET) return Error(ENOPROTOOPT);
    switch (name) {
    case SO_REUSEADDR:
        reuse_addr_ = value != 0;
        return {};
    case SO_REUSEPORT:
        return Error(ENOPROTOOPT);
    case SO_RCVBUF:
    case SO_SNDBUF: {
        // Linux doubles the value (for its bookkeeping) and has a floor.
        int v = value < 0 || value > (1 << 29) ? (1 << 30) : value * 2;
        if (name == SO_RCVBUF) rcvbuf_ = v < 2304 ? 2304 : v;
        else sndbuf_ = v < 4608 ? 4608 : v;
        return {};
    }
    case SO_BROADCAST:
        return {};
    default:
        return Error(ENOPROTOOPT);
    }
}

Result<int> Socket::get_option(int level, int name) {
    if (level != SOL_SOCKET) return Error(ENOPROTOOPT);
    switch (name) {
    case SO_REUSEADDR:
        return int(reuse_addr_);
    case SO_TYPE:
        return type();
    case SO_ERROR: {
        int e = pending_error_;
        pending_error_ = 0;
        return e;
    }
    case SO_RCVBUF:
        return rcvbuf_;
    case SO_SNDBUF:
        return sndbuf_;
    case SO_DOMAIN:
        return 2;  // AF_INET
    case SO_PROTOCOL:
        return type() == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
    default:
        return Error(ENOPROTOOPT);
    }
}

Result<Socket*> make_inet_socket(int type) {
    start();
    if (type == SOCK_STREAM) return make_tcp_socket();
    if (type == SOCK_DGRAM) return make_udp_socket();
    return Error(ESOCKTNOSUPPORT);
}

}  // namespace net
