// kernel/net/socket/tcp.cc — SOCK_STREAM sockets on lwIP's raw TCP API.
//
// A TcpSocket owns one tcp_pcb (null before the first bind/connect/listen needs one is
// made at creation, and after lwIP freed it: an error, or close). lwIP's callbacks run
// under the core lock and only change the socket's state, then notify() its waiters:
//   recv      data queued on rx_ (a pbuf chain, rx_off_ bytes of its head already read),
//             or, with a null pbuf, the peer's FIN (rx_fin_)
//   sent      room in the send buffer again
//   connected the handshake finished
//   err       the pcb is gone (reset, refused, timed out): pending_error_
//   accept    (listening) a new connection: a TcpSocket queued on accept_q_
// Data is window-updated (tcp_recved) as the user reads it, so a slow reader slows the
// sender instead of filling the heap.
#include <utility>

#include "lib/errno.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "net/socket/socket.hh"

extern "C" {
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
}

namespace net {

namespace {

constexpr usize ACCEPT_MAX = 1024;
constexpr usize CHUNK = 16384;  // bytes copied from user memory per tcp_write

int errno_of(err_t e) {
    switch (e) {
    case ERR_RST:
        return ECONNRESET;
    case ERR_ABRT:
        return ECONNABORTED;
    case ERR_CLSD:
        return ENOTCONN;
    case ERR_TIMEOUT:
        return ETIMEDOUT;
    case ERR_MEM:
    case ERR_BUF:
        return ENOMEM;
    case ERR_RTE:
        return ENETUNREACH;
    case ERR_USE:
        return EADDRINUSE;
    case ERR_ISCONN:
        return EISCONN;
    case ERR_CONN:
        return ENOTCONN;
    case ERR_VAL:
        return EINVAL;
    default:
        return EIO;
    }
}

class TcpSocket final : public Socket {
public:
    ~TcpSocket() override = default;
    int type() const override { return SOCK_STREAM; }

    /// A socket with a fresh pcb. Core lock held.
    static Result<TcpSocket*> make() {
        TcpSocket* s = TRY(mm::make<TcpSocket>());
        s->pcb_ = tcp_new();
        if (!s->pcb_) {
            mm::destroy(s);
            return Error(ENOMEM);
        }
        s->attach(s->pcb_);
        return s;
    }

    Result<void> bind(const InetAddr& a) override {
        CoreLock c;
        if (!pcb_ || listening_ || state_ != State::Idle) return Error(EINVAL);
        if (pcb_->local_port) return Error(EINVAL);
        if (reuse_addr_) ip_set_option(pcb_, SOF_REUSEADDR);
        ip_addr_t ip = IPADDR4_INIT(a.ip);
        err_t e = tcp_bind(pcb_, &ip, a.port);
        if (e == ERR_USE) return Error(EADDRINUSE);
        if (e == ERR_VAL) return Error(EADDRNOTAVAIL);
        if (e != ERR_OK) return Error(errno_of(e));
        return {};
    }

    Result<void> listen(int backlog) override {
        CoreLock c;
        if (listening_) {
            backlog_ = clamp_backlog(backlog);
            return {};
        }
        if (!pcb_ || state_ != State::Idle) return Error(EINVAL);
        if (reuse_addr_) ip_set_option(pcb_, SOF_REUSEADDR);
        if (!pcb_->local_port) {
            err_t e = tcp_bind(pcb_, IP4_ADDR_ANY, 0);
            if (e != ERR_OK) return Error(errno_of(e));
        }
        err_t e = ERR_OK;
        tcp_pcb* l = tcp_listen_with_backlog_and_err(pcb_, 255, &e);
        if (!l) return Error(e == ERR_USE ? EADDRINUSE : ENOMEM);
        pcb_ = l;  // tcp_listen freed the old pcb
        listening_ = true;
        backlog_ = clamp_backlog(backlog);
        tcp_arg(l, this);
        tcp_accept(l, on_accept);
        return {};
    }

    Result<Socket*> accept(bool nonblock) override {
        return wait<Socket*>(nonblock, [&]() -> Result<Socket*> {
            if (!listening_) return Error(EINVAL);
            if (accept_count_ == 0) return Error(EAGAIN);
            TcpSocket* c = accept_q_[accept_head_];
            accept_head_ = (accept_head_ + 1) % ACCEPT_MAX;
            --accept_count_;
            return static_cast<Socket*>(c);
        });
    }

    Result<void> connect(const InetAddr& a, bool nonblock) override {
        {
            CoreLock c;
            if (listening_) return Error(EINVAL);
            if (state_ == State::Connected) {
                // Linux: the first connect after an EINPROGRESS one reports its success.
                if (!std::exchange(report_connected_, false)) return Error(EISCONN);
                return {};
            }
            if (state_ == State::Connecting) return Error(EALREADY);
            if (state_ == State::Closed || !pcb_) {
                int e = pending_error_ ? pending_error_ : EINVAL;
                pending_error_ = 0;
                return Error(e);
            }
            if (a.ip == 0 && a.port == 0) return Error(ECONNREFUSED);
            ip_addr_t ip = IPADDR4_INIT(a.ip);
            err_t e = tcp_connect(pcb_, &ip, a.port, on_connected);
            if (e != ERR_OK) return Error(e == ERR_RTE ? ENETUNREACH : errno_of(e));
            state_ = State::Connecting;
            if (nonblock) {
                report_connected_ = true;
                return Error(EINPROGRESS);
            }
        }
        auto r = wait<bool>(false, [&]() -> Result<bool> {
            if (state_ == State::Connected) return true;
            if (state_ == State::Connecting) return Error(EAGAIN);
            int e = pending_error_ ? pending_error_ : ECONNREFUSED;
            pending_error_ = 0;
            return Error(e);
        });
        if (r.is_error()) return Error(r.error());
        return {};
    }

    Result<u64> send(const vfs::IoBuf& buf, const InetAddr*, int flags, bool nonblock) override {
        if (flags & MSG_DONTWAIT) nonblock = true;
        u64 done = 0, total = buf.size();
        auto chunk = mm::kmalloc(CHUNK);
        if (chunk.is_error()) return Error(ENOMEM);
        u8* k = static_cast<u8*>(chunk.value());
        int error = 0;
        while (done < total || total == 0) {
            Result<u64> r = wait<u64>(nonblock, [&]() -> Result<u64> {
                if (pending_error_) {
                    int e = pending_error_;
                    pending_error_ = 0;
                    return Error(e);
                }
                if (state_ == State::Closed || tx_shut_) return Error(EPIPE);
                if (state_ != State::Connected) return Error(ENOTCONN);
                if (total == 0) return 0;
                u64 room = tcp_sndbuf(pcb_);
                if (room == 0 || tcp_sndqueuelen(pcb_) >= TCP_SND_QUEUELEN - 4)
                    return Error(EAGAIN);
                u64 n = total - done;
                if (n > room) n = room;
                if (n > CHUNK) n = CHUNK;
                TRY(buf.drain(k, done, n));
                u8 wflags = TCP_WRITE_FLAG_COPY | (done + n < total ? TCP_WRITE_FLAG_MORE : 0);
                err_t e = tcp_write(pcb_, k, u16_t(n), wflags);
                if (e == ERR_MEM) return Error(EAGAIN);
                if (e != ERR_OK) return Error(errno_of(e));
                tcp_output(pcb_);
                return n;
            });
            if (r.is_error()) {
                error = r.error();
                break;
            }
            if (total == 0) break;
            done += r.value();
        }
        mm::kfree(k);
        if (error && (done == 0 || error == EFAULT)) return Error(error);
        return done;
    }

    Result<u64> recv(const vfs::IoBuf& buf, InetAddr* from, int flags, bool nonblock,
                     bool*) override {
        if (flags & MSG_DONTWAIT) nonblock = true;
        u64 want = buf.size();
        u64 done = 0;
        for (;;) {
            auto r = wait<u64>(nonblock, [&]() -> Result<u64> {
                if (rx_) return take(buf, done, want - done, flags & MSG_PEEK);
                if (rx_fin_ || rx_shut_) return 0;
                if (pending_error_) {
                    int e = pending_error_;
                    pending_error_ = 0;
                    return Error(e);
                }
                if (state_ == State::Closed) return 0;
                if (state_ != State::Connected) return Error(ENOTCONN);
                return Error(EAGAIN);
            });
            if (r.is_error()) {
                if (done) break;
                return Error(r.error());
            }
            done += r.value();
            if (r.value() == 0 || !(flags & MSG_WAITALL) || done == want || (flags & MSG_PEEK))
                break;
        }
        if (from) *from = peer();
        return done;
    }

    Result<void> shutdown(int how) override {
        CoreLock c;
        if (how < SHUT_RD || how > SHUT_RDWR) return Error(EINVAL);
        if (state_ != State::Connected) return Error(ENOTCONN);
        if (how != SHUT_WR) rx_shut_ = true;
        if (how != SHUT_RD && !tx_shut_) {
            tx_shut_ = true;
            if (pcb_) tcp_shutdown(pcb_, 0, 1);
        }
        notify();
        return {};
    }

    Result<InetAddr> local_addr() override {
        CoreLock c;
        if (!pcb_) return local_;
        return InetAddr{ip4_addr_get_u32(ip_2_ip4(&pcb_->local_ip)), pcb_->local_port};
    }

    Result<InetAddr> peer_addr() override {
        CoreLock c;
        if (state_ != State::Connected) return Error(ENOTCONN);
        return peer();
    }

    u32 poll_bits() override {
        CoreLock c;
        u32 bits = 0;
        if (listening_) return accept_count_ ? vfs::POLLIN | vfs::POLLRDNORM : 0;
        if (rx_ || rx_fin_ || rx_shut_) bits |= vfs::POLLIN | vfs::POLLRDNORM;
        if (state_ == State::Connected && !tx_shut_ && pcb_ && tcp_sndbuf(pcb_) > 0)
            bits |= vfs::POLLOUT | vfs::POLLWRNORM;
        if (pending_error_) bits |= vfs::POLLERR;
        if (state_ == State::Closed) bits |= vfs::POLLHUP | vfs::POLLIN;
        if (rx_fin_ && tx_shut_) bits |= vfs::POLLHUP;
        return bits;
    }

    Result<void> set_option(int level, int name, int value) override {
        if (level == IPPROTO_TCP) {
            if (name != TCP_NODELAY) return Error(ENOPROTOOPT);
            nodelay_ = value != 0;
            if (pcb_ && !listening_) {
                if (nodelay_) tcp_nagle_disable(pcb_);
                else tcp_nagle_enable(pcb_);
            }
            return {};
        }
        if (level == SOL_SOCKET && name == SO_KEEPALIVE) {
            keepalive_ = value != 0;
            if (pcb_ && !listening_) {
                if (keepalive_) ip_set_option(pcb_, SOF_KEEPALIVE);
                else ip_reset_option(pcb_, SOF_KEEPALIVE);
            }
            return {};
        }
        return Socket::set_option(level, name, value);
    }

    Result<int> get_option(int level, int name) override {
        if (level == IPPROTO_TCP) {
            if (name != TCP_NODELAY) return Error(ENOPROTOOPT);
            return int(nodelay_);
        }
        if (level == SOL_SOCKET && name == SO_KEEPALIVE) return int(keepalive_);
        if (level == SOL_SOCKET && name == SO_ACCEPTCONN) return int(listening_);
        return Socket::get_option(level, name);
    }

    void close() override {
        {
            CoreLock c;
            if (pcb_) {
                detach(pcb_);
                // Unread data is thrown away with a reset, as Linux does; a close that
                // lwIP cannot queue (no memory) becomes a reset too.
                if (rx_ && !listening_) tcp_abort(pcb_);
                else if (tcp_close(pcb_) != ERR_OK) tcp_abort(pcb_);
                pcb_ = nullptr;
            }
            if (rx_) pbuf_free(rx_);
            rx_ = nullptr;
            while (accept_count_) {
                TcpSocket* q = accept_q_[accept_head_];
                accept_head_ = (accept_head_ + 1) % ACCEPT_MAX;
                --accept_count_;
                q->close();
            }
        }
        mm::kfree(accept_q_);
        mm::destroy(this);
    }

private:
    enum class State { Idle, Connecting, Connected, Closed };

    static int clamp_backlog(int b) {
        if (b <= 0) return 1;
        return b > int(ACCEPT_MAX) ? int(ACCEPT_MAX) : b;
    }

    InetAddr peer() const {
        if (!pcb_) return peer_;
        return InetAddr{ip4_addr_get_u32(ip_2_ip4(&pcb_->remote_ip)), pcb_->remote_port};
    }

    void attach(tcp_pcb* p) {
        tcp_arg(p, this);
        tcp_recv(p, on_recv);
        tcp_sent(p, on_sent);
        tcp_err(p, on_err);
    }

    static void detach(tcp_pcb* p) {
        tcp_arg(p, nullptr);
        if (p->state == LISTEN) {
            tcp_accept(p, nullptr);
            return;
        }
        tcp_recv(p, nullptr);
        tcp_sent(p, nullptr);
        tcp_err(p, nullptr);
    }

    /// Copies up to @p n bytes of rx_ into @p buf at @p at; consumes them unless @p peek.
    Result<u64> take(const vfs::IoBuf& buf, u64 at, u64 n, bool peek) {
        u64 copied = 0;
        u32 off = rx_off_;
        for (pbuf* q = rx_; q && copied < n; q = q->next) {
            if (off >= q->len) {
                off -= q->len;
                continue;
            }
            u64 len = q->len - off;
            if (len > n - copied) len = n - copied;
            TRY(buf.fill(at + copied, static_cast<u8*>(q->payload) + off, len));
            copied += len;
            off = 0;
        }
        if (peek) return copied;
        u64 left = copied;
        while (left && rx_) {
            u64 in_head = rx_->len - rx_off_;
            if (left < in_head) {
                rx_off_ += u32(left);
                break;
            }
            left -= in_head;
            pbuf* next = rx_->next;
            if (next) pbuf_ref(next);
            pbuf_free(rx_);
            rx_ = next;
            rx_off_ = 0;
        }
        for (u64 w = copied; w && pcb_;) {
            u16_t step = w > 0xffff ? 0xffff : u16_t(w);
            tcp_recved(pcb_, step);
            w -= step;
        }
        return copied;
    }

    void lost_pcb(int error) {
        if (pcb_) {
            local_ = InetAddr{ip4_addr_get_u32(ip_2_ip4(&pcb_->local_ip)), pcb_->local_port};
            peer_ = InetAddr{ip4_addr_get_u32(ip_2_ip4(&pcb_->remote_ip)), pcb_->remote_port};
        }
        pcb_ = nullptr;
        if (state_ == State::Connecting) {
            pending_error_ = error == ECONNRESET ? ECONNREFUSED : error;
        } else {
            pending_error_ = error;
        }
        state_ = State::Closed;
        notify();
    }

    static err_t on_recv(void* arg, tcp_pcb*, pbuf* p, err_t err) {
        auto* s = static_cast<TcpSocket*>(arg);
        if (!s) {
            if (p) pbuf_free(p);
            return ERR_OK;
        }
        if (!p || err != ERR_OK) {
            s->rx_fin_ = true;
        } else if (s->rx_shut_) {
            tcp_recved(s->pcb_, p->tot_len);  // SHUT_RD: Linux drops it too
            pbuf_free(p);
        } else if (s->rx_) {
            pbuf_cat(s->rx_, p);
        } else {
            s->rx_ = p;
            s->rx_off_ = 0;
        }
        s->notify();
        return ERR_OK;
    }

    static err_t on_sent(void* arg, tcp_pcb*, u16_t) {
        if (auto* s = static_cast<TcpSocket*>(arg)) s->notify();
        return ERR_OK;
    }

    static err_t on_connected(void* arg, tcp_pcb*, err_t) {
        auto* s = static_cast<TcpSocket*>(arg);
        if (!s) return ERR_OK;
        s->state_ = State::Connected;
        if (s->nodelay_) tcp_nagle_disable(s->pcb_);
        s->notify();
        return ERR_OK;
    }

    static void on_err(void* arg, err_t err) {
        if (auto* s = static_cast<TcpSocket*>(arg)) s->lost_pcb(errno_of(err));
    }

    static err_t on_accept(void* arg, tcp_pcb* newpcb, err_t err) {
        auto* l = static_cast<TcpSocket*>(arg);
        if (!newpcb || err != ERR_OK) return ERR_VAL;
        if (!l || usize(l->accept_count_) >= usize(l->backlog_) || !l->ensure_queue()) {
            tcp_abort(newpcb);
            return ERR_ABRT;
        }
        auto c = mm::make<TcpSocket>();
        if (c.is_error()) {
            tcp_abort(newpcb);
            return ERR_ABRT;
        }
        TcpSocket* s = c.value();
        s->pcb_ = newpcb;
        s->state_ = State::Connected;
        s->nodelay_ = l->nodelay_;
        s->reuse_addr_ = l->reuse_addr_;
        s->attach(newpcb);
        if (s->nodelay_) tcp_nagle_disable(newpcb);
        l->accept_q_[(l->accept_head_ + l->accept_count_) % ACCEPT_MAX] = s;
        ++l->accept_count_;
        l->notify();
        return ERR_OK;
    }

    bool ensure_queue() {
        if (accept_q_) return true;
        auto q = mm::kmalloc(sizeof(TcpSocket*) * ACCEPT_MAX);
        if (q.is_error()) return false;
        accept_q_ = static_cast<TcpSocket**>(q.value());
        return true;
    }

    tcp_pcb* pcb_ = nullptr;
    State state_ = State::Idle;
    bool listening_ = false;
    bool rx_fin_ = false, rx_shut_ = false, tx_shut_ = false;
    bool nodelay_ = false, keepalive_ = false;
    bool report_connected_ = false;  // a non-blocking connect is in progress or unreported
    int backlog_ = 1;
    pbuf* rx_ = nullptr;
    u32 rx_off_ = 0;
    InetAddr local_, peer_;  // kept when the pcb goes
    TcpSocket** accept_q_ = nullptr;
    usize accept_head_ = 0, accept_count_ = 0;
};

}  // namespace

Result<Socket*> make_tcp_socket() {
    CoreLock c;
    return static_cast<Socket*>(TRY(TcpSocket::make()));
}

}  // namespace net
