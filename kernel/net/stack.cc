// kernel/net/stack.cc — starting lwIP and the network cards (stack.hh).
#include "net/stack.hh"

#include <atomic>

#include "drivers/pci/pci.hh"
#include "drivers/timer/clock.hh"
#include "drivers/virtio/net.hh"
#include "lib/completion.hh"
#include "lib/errno.hh"
#include "lib/format.hh"
#include "lib/log.hh"
#include "lib/mutex.hh"
#include "net/socket/file.hh"
#include "net/virtio_netif.hh"

extern "C" {
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
}

namespace net {

namespace {

constexpr usize MAX_CARDS = 4;
virtio::Net* cards[MAX_CARDS];
usize cards_found = 0;
netif* first_card = nullptr;
std::atomic<bool> stack_ready{false};
std::atomic<bool> started{false};
Mutex start_lock{"net-start"};
Completion address_bound;  // complete_all once the first card has an address

void on_status(netif* nif) {
    if (nif != first_card || ip4_addr_isany_val(*netif_ip4_addr(nif))) return;
    char ip[16];
    ip4addr_ntoa_r(netif_ip4_addr(nif), ip, sizeof ip);
    klog::info("net: {}{}: address {}", nif->name[0] == 'e' ? "en" : "?", nif->num, ip);
    address_bound.complete_all();
}

/// tcpip_init's callback: runs in the tcpip thread, core lock held.
void on_tcpip_ready(void*) {
    for (usize i = 0; i < cards_found; ++i) {
        auto nif = add_virtio_netif(cards[i], u8(i), on_status);
        if (nif.is_error()) {
            klog::warn("net: {}: no interface: {}", cards[i]->name(), errno_name(nif.error()));
            continue;
        }
        if (!first_card) {
            first_card = nif.value();
            netif_set_default(first_card);
        }
    }
    stack_ready.store(true, std::memory_order_release);
}

// Probes the cards and makes sockfs, once (start(), under start_lock).
void probe() {
    if (!pci::init().is_error()) {
        for (usize i = 0; i < pci::device_count() && cards_found < MAX_CARDS; ++i) {
            pci::Device* d = pci::device(i);
            if (virtio::device_type(*d) != 1) continue;
            char name[16];
            fmt::format_to(name, sizeof name, "en{}", cards_found);
            auto nic = virtio::Net::probe(*d, name);
            if (nic.is_error()) continue;
            cards[cards_found++] = nic.value();
        }
    }
    if (Result<void> r = sockfs_init(); r.is_error())
        klog::warn("net: no sockfs ({}): socket() will fail", errno_name(r.error()));
}

}  // namespace

void start() {
    if (started.load(std::memory_order_acquire)) return;
    MutexGuard g(start_lock);
    if (started.load(std::memory_order_relaxed)) return;
    probe();
    tcpip_init(on_tcpip_ready, nullptr);
    started.store(true, std::memory_order_release);
    klog::info("net: lwIP {} started, loopback 127.0.0.1, {} card(s)", LWIP_VERSION_STRING,
               cards_found);
}

bool ready() { return stack_ready.load(std::memory_order_acquire); }

usize card_count() { return cards_found; }

u32 wait_for_address(u64 timeout_ms) {
    start();  // the cards are probed there
    if (cards_found == 0) return 0;
    if (!address_bound.wait_until(ktime::now_ns() + timeout_ms * 1000000)) return 0;
    LOCK_TCPIP_CORE();
    u32 ip = first_card ? ip4_addr_get_u32(netif_ip4_addr(first_card)) : 0;
    UNLOCK_TCPIP_CORE();
    return ip;
}

}  // namespace net
