// kernel/syscall/socket.cc — the socket system calls (lab 07): Linux's ABI onto net::Socket.
//
// Linux's layouts and numbers are translated here and nowhere else: struct sockaddr_in
// (family, port and address in network byte order, 8 bytes of zero; no sin_len as in
// lwIP's), SOL_SOCKET = 1 and Linux's SO_* numbers (net/socket/socket.hh). Only AF_INET
// is served yet: other families are EAFNOSUPPORT.
#include "lib/string.hh"
#include "mm/heap.hh"
#include "net/socket/file.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct MsgHdr {  // struct msghdr
    u64 name;
    u32 namelen;
    u32 pad;
    u64 iov;
    u64 iovlen;
    u64 control;
    u64 controllen;
    i32 flags;
    u32 pad2;
};
static_assert(sizeof(MsgHdr) == 56);

namespace {

constexpr int AF_UNSPEC = 0, AF_INET = 2;
constexpr u32 SOCK_TYPE_MASK = 0xf, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000;

struct SockaddrIn {  // struct sockaddr_in
    u16 family;
    u16 port;  // network byte order
    u32 addr;  // network byte order
    u8 zero[8];
};
static_assert(sizeof(SockaddrIn) == 16);

u16 swap16(u16 v) { return __builtin_bswap16(v); }

/// The address at @p addr (@p len bytes). EINVAL for a short length, EAFNOSUPPORT for
/// another family (AF_UNSPEC only where @p unspec_ok: connect dissolving a UDP peer).
Result<net::InetAddr> read_addr(vm::UserAddr addr, u32 len, bool unspec_ok = false) {
    if (len < sizeof(u16) || i32(len) < 0) return Error(EINVAL);
    SockaddrIn sa{};
    TRY(vm::copy_from_user(&sa, addr.address(), len < sizeof sa ? len : sizeof sa));
    if (sa.family == AF_UNSPEC && unspec_ok) return net::InetAddr{};
    if (len < sizeof sa) return Error(EINVAL);
    if (sa.family != AF_INET) return Error(EAFNOSUPPORT);
    return net::InetAddr{sa.addr, swap16(sa.port)};
}

/// Stores @p a at @p addr, at most *@p lenp bytes of it, and the full length in *@p lenp.
Result<void> write_addr(const net::InetAddr& a, vm::UserAddr addr, vm::UserPtr<u32> lenp) {
    if (addr.is_null()) return {};
    u32 len = TRY(lenp.read());
    if (i32(len) < 0) return Error(EINVAL);
    SockaddrIn sa{AF_INET, swap16(a.port), a.ip, {}};
    TRY(vm::copy_to_user(addr.address(), &sa, len < sizeof sa ? len : sizeof sa));
    return lenp.write(sizeof sa);
}

/// The socket at @p fd, with a reference on its File: EBADF, ENOTSOCK.
struct SocketAt {
    FileRef file;
    net::Socket* sock;
    bool nonblock() const { return file->flags & vfs::O_NONBLOCK; }
};

Result<SocketAt> socket_at(int fd) {
    FileRef f = TRY(usable_file_at(fd));
    net::Socket* s = net::socket_of(*f);
    if (!s) return Error(ENOTSOCK);
    return SocketAt{std::move(f), s};
}

Result<u64> install_socket(net::Socket* s, u32 flags) {
    vfs::File* f = TRY(net::socket_file(s, (flags & SOCK_NONBLOCK) ? vfs::O_NONBLOCK : 0));
    return install_fd(FileRef(f), flags & SOCK_CLOEXEC);
}

Result<u64> one_range(vm::UserAddr buf, usize len, vfs::IoSeg& seg) {
    if (len > 0x7ffff000) len = 0x7ffff000;
    if (!vm::access_ok(buf.address(), len)) return Error(EFAULT);
    seg = {buf.address(), len};
    return len;
}

/// A message's iovec array, checked as readv's (EMSGSIZE past UIO_MAXIOV, EINVAL for a
/// negative length, EFAULT outside user space).
class MsgIov {
public:
    Result<void> load(const MsgHdr& m) {
        if (m.iovlen > 1024) return Error(EMSGSIZE);
        count_ = int(m.iovlen);
        if (count_ > int(sizeof local_ / sizeof local_[0]))
            v_ = static_cast<vfs::IoSeg*>(TRY(mm::kmalloc(usize(count_) * sizeof(vfs::IoSeg))));
        TRY(vm::copy_from_user(v_, m.iov, usize(count_) * sizeof(vfs::IoSeg)));
        u64 total = 0;
        for (int i = 0; i < count_; ++i) {
            if (i64(v_[i].len) < 0) return Error(EINVAL);
            if (v_[i].len > 0x7ffff000 - total) v_[i].len = 0x7ffff000 - total;
            total += v_[i].len;
            if (!vm::access_ok(v_[i].base, v_[i].len)) return Error(EFAULT);
        }
        return {};
    }
    ~MsgIov() {
        if (v_ != local_) mm::kfree(v_);
    }
    vfs::IoBuf buf() const { return vfs::IoBuf(v_, count_, false); }

private:
    vfs::IoSeg local_[8];
    vfs::IoSeg* v_ = local_;
    int count_ = 0;
};

}  // namespace

Result<u64> sys_socket(int family, int type, int protocol) {
    u32 kind = u32(type) & SOCK_TYPE_MASK;
    if (u32(type) & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) return Error(EINVAL);
    if (family != AF_INET) return Error(EAFNOSUPPORT);
    if (kind == net::SOCK_STREAM && protocol != 0 && protocol != net::IPPROTO_TCP)
        return Error(EPROTONOSUPPORT);
    if (kind == net::SOCK_DGRAM && protocol != 0 && protocol != net::IPPROTO_UDP)
        return Error(EPROTONOSUPPORT);
    net::Socket* s = TRY(net::make_inet_socket(int(kind)));
    return install_socket(s, u32(type));
}

Result<u64> sys_bind(int fd, vm::UserAddr addr, u32 addrlen) {
    SocketAt s = TRY(socket_at(fd));
    net::InetAddr a = TRY(read_addr(addr, addrlen));
    TRY(s.sock->bind(a));
    return 0;
}

Result<u64> sys_listen(int fd, int backlog) {
    SocketAt s = TRY(socket_at(fd));
    TRY(s.sock->listen(backlog));
    return 0;
}

Result<u64> sys_accept4(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen, int flags) {
    if (u32(flags) & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) return Error(EINVAL);
    SocketAt s = TRY(socket_at(fd));
    net::Socket* c = TRY(s.sock->accept(s.nonblock()));
    if (!addr.is_null()) {
        auto peer = c->peer_addr();
        net::InetAddr a = peer.is_error() ? net::InetAddr{} : peer.value();
        if (auto w = write_addr(a, addr, addrlen); w.is_error()) {
            c->close();
            return Error(w.error());
        }
    }
    return install_socket(c, u32(flags));
}

Result<u64> sys_accept(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen) {
    return sys_accept4(fd, addr, addrlen, 0);
}

Result<u64> sys_connect(int fd, vm::UserAddr addr, u32 addrlen) {
    SocketAt s = TRY(socket_at(fd));
    net::InetAddr a = TRY(read_addr(addr, addrlen, s.sock->type() == net::SOCK_DGRAM));
    TRY(s.sock->connect(a, s.nonblock()));
    return 0;
}

Result<u64> sys_sendto(int fd, vm::UserAddr buf, usize len, int flags, vm::UserAddr addr,
                       u32 addrlen) {
    SocketAt s = TRY(socket_at(fd));
    vfs::IoSeg seg;
    TRY(one_range(buf, len, seg));
    net::InetAddr to;
    bool has_to = !addr.is_null() && s.sock->type() == net::SOCK_DGRAM;
    if (has_to) to = TRY(read_addr(addr, addrlen));
    return net::with_sigpipe(
        *s.sock,
        s.sock->send(vfs::IoBuf(&seg, 1, false), has_to ? &to : nullptr, flags, s.nonblock()),
        flags);
}

Result<u64> sys_recvfrom(int fd, vm::UserAddr buf, usize len, int flags, vm::UserAddr addr,
                         vm::UserPtr<u32> addrlen) {
    SocketAt s = TRY(socket_at(fd));
    vfs::IoSeg seg;
    TRY(one_range(buf, len, seg));
    net::InetAddr from;
    bool truncated = false;
    u64 n = TRY(s.sock->recv(vfs::IoBuf(&seg, 1, false), &from, flags, s.nonblock(), &truncated));
    if (!addr.is_null()) TRY(write_addr(from, addr, addrlen));
    return n;
}

Result<u64> sys_sendmsg(int fd, vm::UserPtr<const MsgHdr> msg, int flags) {
    SocketAt s = TRY(socket_at(fd));
    MsgHdr m = TRY(msg.read());
    MsgIov iov;
    TRY(iov.load(m));
    net::InetAddr to;
    bool has_to = m.name && s.sock->type() == net::SOCK_DGRAM;
    if (has_to) to = TRY(read_addr(vm::UserAddr(m.name), m.namelen));
    return net::with_sigpipe(
        *s.sock, s.sock->send(iov.buf(), has_to ? &to : nullptr, flags, s.nonblock()), flags);
}

Result<u64> sys_recvmsg(int fd, vm::UserPtr<MsgHdr> msg, int flags) {
    SocketAt s = TRY(socket_at(fd));
    MsgHdr m = TRY(msg.read());
    MsgIov iov;
    TRY(iov.load(m));
    net::InetAddr from;
    bool truncated = false;
    u64 n = TRY(s.sock->recv(iov.buf(), &from, flags, s.nonblock(), &truncated));
    MsgHdr out = m;
    if (m.name) {
        SockaddrIn sa{AF_INET, swap16(from.port), from.ip, {}};
        u32 len = m.namelen < sizeof sa ? m.namelen : u32(sizeof sa);
        TRY(vm::copy_to_user(m.name, &sa, len));
        out.namelen = sizeof sa;
    }
    out.controllen = 0;
    out.flags = truncated ? net::MSG_TRUNC : 0;
    TRY(msg.write(out));
    return n;
}

Result<u64> sys_shutdown(int fd, int how) {
    SocketAt s = TRY(socket_at(fd));
    TRY(s.sock->shutdown(how));
    return 0;
}

Result<u64> sys_getsockname(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen) {
    SocketAt s = TRY(socket_at(fd));
    net::InetAddr a = TRY(s.sock->local_addr());
    if (addr.is_null()) return Error(EFAULT);
    TRY(write_addr(a, addr, addrlen));
    return 0;
}

Result<u64> sys_getpeername(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen) {
    SocketAt s = TRY(socket_at(fd));
    net::InetAddr a = TRY(s.sock->peer_addr());
    if (addr.is_null()) return Error(EFAULT);
    TRY(write_addr(a, addr, addrlen));
    return 0;
}

Result<u64> sys_setsockopt(int fd, int level, int name, vm::UserAddr value, u32 len) {
    SocketAt s = TRY(socket_at(fd));
    if (len < sizeof(int)) return Error(EINVAL);
    int v = TRY(value.as<const int>().read());
    net::CoreLock c;
    TRY(s.sock->set_option(level, name, v));
    return 0;
}

Result<u64> sys_getsockopt(int fd, int level, int name, vm::UserAddr value, vm::UserPtr<u32> lenp) {
    SocketAt s = TRY(socket_at(fd));
    u32 len = TRY(lenp.read());
    if (i32(len) < 0) return Error(EINVAL);
    int v;
    {
        net::CoreLock c;
        v = TRY(s.sock->get_option(level, name));
    }
    u32 n = len < sizeof v ? len : sizeof v;
    TRY(vm::copy_to_user(value.address(), &v, n));
    TRY(lenp.write(n));
    return 0;
}

}  // namespace syscalls
