/* kernel/net/lwip/lwipopts.h — Larch's configuration of lwIP 2.1.3 (lab 07).
 *
 * The shape: an operating-system port (NO_SYS 0) with one tcpip thread and the core
 * lock (LWIP_TCPIP_CORE_LOCKING): the socket layer (net/socket/) calls the raw API under
 * the lock from the calling task, and lwIP's callbacks, run under the same lock, wake
 * the sockets' wait queues. lwIP's own sockets and netconns are not built.
 *
 * Memory: every pool and the heap come from the kernel heap (MEM_LIBC_MALLOC,
 * MEMP_MEM_MALLOC), so the MEMP_NUM_* counts below are not preallocated; they are set for
 * at least 1,000 concurrent TCP connections all the same. */
#ifndef LARCH_LWIPOPTS_H
#define LARCH_LWIPOPTS_H

/* --- operating system ----------------------------------------------------------- */
#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_TCPIP_CORE_LOCKING_INPUT 1
#define LWIP_TIMERS 1
#define TCPIP_THREAD_NAME "tcpip"
#define TCPIP_THREAD_STACKSIZE 16384
#define TCPIP_THREAD_PRIO 0
#define TCPIP_MBOX_SIZE 1024
#define DEFAULT_THREAD_STACKSIZE 16384
#define DEFAULT_RAW_RECVMBOX_SIZE 64
#define DEFAULT_UDP_RECVMBOX_SIZE 64
#define DEFAULT_TCP_RECVMBOX_SIZE 64
#define DEFAULT_ACCEPTMBOX_SIZE 64
#define LWIP_PROVIDE_ERRNO 1

#ifdef __cplusplus
extern "C" {
#endif
/** Panics unless the calling task holds lwIP's core lock (net/lwip/sys_arch.cc). */
void larch_lwip_assert_core_locked(void);
#ifdef __cplusplus
}
#endif
#define LWIP_ASSERT_CORE_LOCKED() larch_lwip_assert_core_locked()

/* --- memory: the kernel heap ------------------------------------------------------ */
#define MEM_LIBC_MALLOC 1
#define mem_clib_malloc larch_lwip_malloc
#define mem_clib_calloc larch_lwip_calloc
#define mem_clib_free larch_lwip_free
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
#define MEMP_NUM_TCP_PCB 1100
#define MEMP_NUM_TCP_PCB_LISTEN 256
#define MEMP_NUM_UDP_PCB 256
#define MEMP_NUM_RAW_PCB 64
#define MEMP_NUM_TCP_SEG 16384
#define MEMP_NUM_PBUF 4096
#define MEMP_NUM_REASSDATA 64
#define MEMP_NUM_FRAG_PBUF 256
#define MEMP_NUM_ARP_QUEUE 256
#define MEMP_NUM_TCPIP_MSG_API 256
#define MEMP_NUM_TCPIP_MSG_INPKT 1024
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 16)
#define PBUF_POOL_SIZE 1024

/* --- protocols ------------------------------------------------------------------- */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ARP_TABLE_SIZE 64
#define ARP_QUEUEING 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 1
#define IP_FORWARD 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 0
#define SO_REUSE 1
#define LWIP_TCP_KEEPALIVE 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_STATS 0

/* --- TCP: windows scaled past 64 KiB (lab 07's bandwidth goal) ------------------- */
#define TCP_MSS 1460
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 3
#define TCP_WND (256 * 1024)
#define TCP_SND_BUF (256 * 1024)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_SNDLOWAT (32 * 1024)
#define TCP_SNDQUEUELOWAT (TCP_SND_QUEUELEN / 2)
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 128
#define TCP_OVERSIZE TCP_MSS
#define LWIP_TCP_TIMESTAMPS 0
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_SACK_OUT 0

/* --- interfaces ------------------------------------------------------------------ */
#define LWIP_SINGLE_NETIF 0
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_NETIF_TX_SINGLE_PBUF 1
#define ETH_PAD_SIZE 0

/* --- checksums: in software (virtio-net's offloads are not negotiated) ----------- */
#define CHECKSUM_GEN_IP 1
#define CHECKSUM_GEN_UDP 1
#define CHECKSUM_GEN_TCP 1
#define CHECKSUM_GEN_ICMP 1
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_UDP 1
#define CHECKSUM_CHECK_TCP 1
#define CHECKSUM_CHECK_ICMP 1
#define LWIP_CHECKSUM_ON_COPY 1

#endif
