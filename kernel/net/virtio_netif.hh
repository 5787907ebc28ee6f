// kernel/net/virtio_netif.hh — a virtio-net card as an lwIP network interface.
//
// The glue between drivers/virtio/net.hh and lwIP: lwIP's linkoutput hands each frame
// to Net::send; the card's receive thread copies each frame into a pbuf and gives it to
// tcpip_input, which runs Ethernet input under lwIP's core lock.
#pragma once

#include "drivers/virtio/net.hh"

struct netif;

namespace net {

/// Adds @p nic as lwIP interface number @p index ("en<index>"), brings it up and starts
/// DHCP on it; @p on_status runs (core lock held) whenever its address changes.
/// Core lock held. ENOMEM.
Result<netif*> add_virtio_netif(virtio::Net* nic, u8 index, void (*on_status)(netif*));

}  // namespace net
