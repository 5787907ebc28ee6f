// kernel/net/socket/udp.cc — SOCK_DGRAM sockets on lwIP's raw UDP API.
//
// lwIP's recv callback (core lock held) queues each datagram with its sender; the queue
// holds at most the receive buffer's bytes (SO_RCVBUF), past which datagrams are
// dropped, as on Linux. recv hands out one datagram per call, cut to the buffer (the
// rest is lost; MSG_TRUNC says so).
#include "lib/errno.hh"
#include "mm/heap.hh"
#include "net/socket/socket.hh"

extern "C" {
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
}

namespace net {

namespace {

constexpr u64 MAX_DATAGRAM = 65507;  // 65535 - IP header - UDP header

struct Datagram {
    Datagram* next;
    pbuf* p;
    InetAddr from;
};

class UdpSocket final : public Socket {
public:
    ~UdpSocket() override = default;
    int type() const override { return SOCK_DGRAM; }

    static Result<UdpSocket*> make() {
        UdpSocket* s = TRY(mm::make<UdpSocket>());
        s->pcb_ = udp_new();
        if (!s->pcb_) {
            mm::destroy(s);
            return Error(ENOMEM);
        }
        udp_recv(s->pcb_, on_recv, s);
        return s;
    }

    Result<void> bind(const InetAddr& a) override {
        CoreLock c;
        if (pcb_->local_port) return Error(EINVAL);
        if (reuse_addr_) ip_set_option(pcb_, SOF_REUSEADDR);
        ip_addr_t ip = IPADDR4_INIT(a.ip);
        err_t e = udp_bind(pcb_, &ip, a.port);
        if (e == ERR_USE) return Error(EADDRINUSE);
        if (e != ERR_OK) return Error(EADDRNOTAVAIL);
        return {};
    }

    Result<void> connect(const InetAddr& a, bool) override {
        CoreLock c;
        if (a.ip == 0 && a.port == 0) {  // AF_UNSPEC-like: dissolve the association
            udp_disconnect(pcb_);
            connected_ = false;
            return {};
        }
        ip_addr_t ip = IPADDR4_INIT(a.ip);
        if (udp_connect(pcb_, &ip, a.port) != ERR_OK) return Error(ENOMEM);
        connected_ = true;
        return {};
    }

    Result<u64> send(const vfs::IoBuf& buf, const InetAddr* to, int, bool) override {
        u64 n = buf.size();
        if (n > MAX_DATAGRAM) return Error(EMSGSIZE);
        CoreLock c;
        if (tx_shut_) return Error(EPIPE);
        if (!to && !connected_) return Error(EDESTADDRREQ);
        pbuf* p = pbuf_alloc(PBUF_TRANSPORT, u16_t(n), PBUF_RAM);
        if (!p) return Error(ENOMEM);
        if (Result<void> r = buf.drain(p->payload, 0, n); r.is_error()) {
            pbuf_free(p);
            return Error(EFAULT);
        }
        err_t e;
        if (to) {
            ip_addr_t ip = IPADDR4_INIT(to->ip);
            e = udp_sendto(pcb_, p, &ip, to->port);
        } else {
            e = udp_send(pcb_, p);
        }
        pbuf_free(p);
        if (e == ERR_RTE) return Error(ENETUNREACH);
        if (e == ERR_MEM) return Error(ENOBUFS);
        if (e != ERR_OK) return Error(EINVAL);
        return n;
    }

    Result<u64> recv(const vfs::IoBuf& buf, InetAddr* from, int flags, bool nonblock,
                     bool* truncated) override {
        if (flags & MSG_DONTWAIT) nonblock = true;
        return wait<u64>(nonblock, [&]() -> Result<u64> {
            if (!head_) {
                if (rx_shut_) return 0;
                if (pending_error_) {
                    int e = pending_error_;
                    pending_error_ = 0;
                    return Error(e);
                }
                return Error(EAGAIN);
            }
            Datagram* d = head_;
            u64 len = d->p->tot_len;
            u64 n = len < buf.size() ? len : buf.size();
            u64 copied = 0;
            for (pbuf* q = d->p; q && copied < n; q = q->next) {
                u64 step = q->len < n - copied ? q->len : n - copied;
                TRY(buf.fill(copied, q->payload, step));
                copied += step;
            }
            if (from) *from = d->from;
            if (truncated) *truncated = n < len;
            if (!(flags & MSG_PEEK)) {
                head_ = d->next;
                if (!head_) tail_ = nullptr;
                queued_ -= len;
                pbuf_free(d->p);
                mm::kfree(d);
            }
            return (flags & MSG_TRUNC) ? len : n;
        });
    }

    Result<void> shutdown(int how) override {
        CoreLock c;
        if (how < SHUT_RD || how > SHUT_RDWR) return Error(EINVAL);
        if (!connected_) return Error(ENOTCONN);
        if (how != SHUT_WR) rx_shut_ = true;
        if (how != SHUT_RD) tx_shut_ = true;
        notify();
        return {};
    }

    Result<InetAddr> local_addr() override {
        CoreLock c;
        return InetAddr{ip4_addr_get_u32(ip_2_ip4(&pcb_->local_ip)), pcb_->local_port};
    }

    Result<InetAddr> peer_addr() override {
        CoreLock c;
        if (!connected_) return Error(ENOTCONN);
        return InetAddr{ip4_addr_get_u32(ip_2_ip4(&pcb_->remote_ip)), pcb_->remote_port};
    }

    u32 poll_bits() override {
        CoreLock c;
        u32 bits = vfs::POLLOUT | vfs::POLLWRNORM;
        if (head_ || rx_shut_) bits |= vfs::POLLIN | vfs::POLLRDNORM;
        if (pending_error_) bits |= vfs::POLLERR;
        return bits;
    }

    void close() override {
        {
            CoreLock c;
            udp_remove(pcb_);
            while (head_) {
                Datagram* d = head_;
                head_ = d->next;
                pbuf_free(d->p);
                mm::kfree(d);
            }
        }
        mm::destroy(this);
    }

private:
    static void on_recv(void* arg, udp_pcb*, pbuf* p, const ip_addr_t* addr, u16_t port) {
        auto* s = static_cast<UdpSocket*>(arg);
        if (s->rx_shut_ || s->queued_ + p->tot_len > u64(s->rcvbuf_)) {
            pbuf_free(p);
            return;
        }
        auto d = mm::kmalloc(sizeof(Datagram));
        if (d.is_error()) {
            pbuf_free(p);
            return;
        }
        auto* dg = static_cast<Datagram*>(d.value());
        *dg = {nullptr, p, InetAddr{ip4_addr_get_u32(ip_2_ip4(addr)), port}};
        if (s->tail_) s->tail_->next = dg;
        else s->head_ = dg;
        s->tail_ = dg;
        s->queued_ += p->tot_len;
        s->notify();
    }

    udp_pcb* pcb_ = nullptr;
    bool connected_ = false, rx_shut_ = false, tx_shut_ = false;
    Datagram *head_ = nullptr, *tail_ = nullptr;
    u64 queued_ = 0;
};

}  // namespace

Result<Socket*> make_udp_socket() {
    CoreLock c;
    return static_cast<Socket*>(TRY(UdpSocket::make()));
}

}  // namespace net
