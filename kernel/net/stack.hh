// kernel/net/stack.hh — the network stack's life: lwIP, loopback and the network cards.
//
//   net::start();                          // first use (a task): the cards, sockfs, the
//                                          // tcpip thread, lo
//   u32 ip = net::wait_for_address(5000);  // a task: the first card's DHCP address
//
// lwIP runs with one tcpip thread and its core lock (net/lwip/lwipopts.h). Loopback
// (127.0.0.1/8) exists with or without a card; each virtio-net card becomes an lwIP
// netif ("en0", "en1", ...) configured by DHCP, the first one the default route.
#pragma once

#include "lib/types.hh"

namespace net {

/// Starts the network once: probes the virtio-net cards (PCI) and makes sockfs, then
/// lwIP (the tcpip thread, loopback, then the cards' interfaces and DHCP);
/// later calls return at once. Every socket calls it. A task; may sleep.
void start();
/// Whether start() has finished bringing the interfaces up (cards included).
bool ready();
/// The number of network cards found.
usize card_count();
/// Sleeps until the first card has an IPv4 address (network byte order), at most
/// @p timeout_ms; 0 when there is no card or no address came. May sleep.
u32 wait_for_address(u64 timeout_ms);

}  // namespace net
