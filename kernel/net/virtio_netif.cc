// kernel/net/virtio_netif.cc — a virtio-net card as an lwIP network interface (virtio_netif.hh).
#include "net/virtio_netif.hh"

#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"

extern "C" {
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
}

namespace net {

namespace {

/// A card's interface: lwIP's netif and the driver behind it.
struct VirtioNetif {
    struct netif nif;
    virtio::Net* nic;
    bool link_up;
};

err_t link_output(struct netif* nif, struct pbuf* p) {
    auto* vn = static_cast<VirtioNetif*>(nif->state);
    constexpr usize MAX_PARTS = 8;
    virtio::FramePart parts[MAX_PARTS];
    usize n = 0;
    struct pbuf* q = p;
    for (; q && n < MAX_PARTS; q = q->next) parts[n++] = {q->payload, q->len};
    u8 frame[virtio::Net::MAX_FRAME];
    if (q) {  // a longer chain: gather it first
        if (p->tot_len > sizeof frame) return ERR_BUF;
        pbuf_copy_partial(p, frame, p->tot_len, 0);
        parts[0] = {frame, p->tot_len};
        n = 1;
    }
    Result<void> r = vn->nic->send(parts, n);
    if (r.is_error()) return r.error() == EMSGSIZE ? ERR_BUF : ERR_IF;
    return ERR_OK;
}

err_t netif_setup(struct netif* nif) {
    auto* vn = static_cast<VirtioNetif*>(nif->state);
    nif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(nif->hwaddr, vn->nic->mac(), ETH_HWADDR_LEN);
    nif->mtu = 1500;
    nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    nif->output = etharp_output;
    nif->linkoutput = link_output;
    nif->name[0] = 'e';
    nif->name[1] = 'n';
    return ERR_OK;
}

/// The card's receive thread: one frame into a pbuf, up to the stack.
void on_frame(void* ctx, const u8* frame, usize len) {
    auto* vn = static_cast<VirtioNetif*>(ctx);
    struct pbuf* p = pbuf_alloc(PBUF_RAW, u16_t(len), PBUF_RAM);
    if (!p) return;  // out of memory: the frame is lost, as on a full ring
    pbuf_take(p, frame, u16_t(len));
    if (vn->nif.input(p, &vn->nif) != ERR_OK) pbuf_free(p);
    // The link state follows the device's STATUS (read at each interrupt).
    bool up = vn->nic->link_up();
    if (up != vn->link_up) {
        vn->link_up = up;
        LOCK_TCPIP_CORE();
        if (up) netif_set_link_up(&vn->nif);
        else netif_set_link_down(&vn->nif);
        UNLOCK_TCPIP_CORE();
        klog::info("net: {} link {}", vn->nic->name(), up ? "up" : "down");
    }
}

}  // namespace

Result<netif*> add_virtio_netif(virtio::Net* nic, u8 index, void (*on_status)(netif*)) {
    VirtioNetif* vn = TRY(mm::make<VirtioNetif>());
    vn->nic = nic;
    vn->link_up = nic->link_up();
    if (!netif_add(&vn->nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, vn, netif_setup,
                   tcpip_input)) {
        mm::destroy(vn);
        return Error(ENOMEM);
    }
    vn->nif.num = index;
    netif_set_status_callback(&vn->nif, on_status);
    netif_set_up(&vn->nif);
    if (vn->link_up) netif_set_link_up(&vn->nif);
    if (Result<void> r = nic->start(on_frame, vn); r.is_error()) {
        netif_remove(&vn->nif);
        mm::destroy(vn);
        return Error(r.error());
    }
    if (dhcp_start(&vn->nif) != ERR_OK) klog::warn("net: {}: DHCP did not start", nic->name());
    return &vn->nif;
}

}  // namespace net
