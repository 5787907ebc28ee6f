// labs/07-net/ktests/host_echo.cc — lab 07's KTESTs: TCP through virtio-net to a host server.
//
// The grader attaches a virtio-net card on QEMU's user network (restrict=on) and
// forwards guest connections to 10.0.2.100:7 to a TCP echo server on the host's
// 127.0.0.1 (lab.toml: netdev.guestfwd, fixtures). A kernel thread (KTESTs run in the
// idle context, which cannot sleep) waits for DHCP, connects through the socket layer,
// sends 1 MiB made from the boot's nonce in 64 KiB pieces and reads each piece back.
// The test reports the bytes echoed intact and the bandwidth of the round trips.
#include <atomic>

#include "arch/x86_64/irq.hh"
#include "boot/cmdline.hh"
#include "drivers/timer/clock.hh"
#include "mm/heap.hh"
#include "net/socket/socket.hh"
#include "net/stack.hh"
#include "proc/kthread.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "test/ktest.hh"

namespace {

constexpr u64 MS = 1000000;
constexpr usize TOTAL = 1 << 20, PIECE = 64 * 1024;

struct EchoRun {
    std::atomic<int> done{0};
    const char* failure = nullptr;
    int error = 0;
    u32 address = 0;
    u64 echoed = 0;
    u64 elapsed_ns = 0;
    u64 seed = 0;
};

u64 next(u64& s) {
    s += 0x9e3779b97f4a7c15ull;
    u64 z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void run_echo(EchoRun& r) {
    r.address = net::wait_for_address(10000);
    if (!r.address) {
        r.failure = "no DHCP address within 10 s";
        return;
    }
    auto made = net::make_inet_socket(net::SOCK_STREAM);
    if (made.is_error()) {
        r.failure = "socket";
        r.error = made.error();
        return;
    }
    net::Socket* s = made.value();
    auto out = mm::kmalloc(PIECE), in = mm::kmalloc(PIECE);
    if (out.is_error() || in.is_error()) {
        r.failure = "no memory";
    } else {
        u8* o = static_cast<u8*>(out.value());
        u8* i = static_cast<u8*>(in.value());
        net::InetAddr server{__builtin_bswap32(0x0a000264), 7};  // 10.0.2.100:7
        u64 start = ktime::now_ns();
        if (auto c = s->connect(server, false); c.is_error()) {
            r.failure = "connect to 10.0.2.100:7";
            r.error = c.error();
        }
        u64 seed = r.seed;
        for (usize done = 0; !r.failure && done < TOTAL; done += PIECE) {
            for (usize k = 0; k < PIECE; k += 8) {
                u64 v = next(seed);
                __builtin_memcpy(o + k, &v, 8);
            }
            vfs::IoSeg seg;
            auto w = s->send(vfs::IoBuf::kernel_range(seg, o, PIECE), nullptr, 0, false);
            if (w.is_error() || w.value() != PIECE) {
                r.failure = "send";
                r.error = w.is_error() ? w.error() : 0;
                break;
            }
            usize got = 0;
            while (got < PIECE) {
                vfs::IoSeg rs;
                auto g = s->recv(vfs::IoBuf::kernel_range(rs, i + got, PIECE - got), nullptr, 0,
                                 false, nullptr);
                if (g.is_error() || g.value() == 0) {
                    r.failure = "recv (the echo stopped)";
                    r.error = g.is_error() ? g.error() : 0;
                    break;
                }
                got += g.value();
            }
            if (r.failure) break;
            if (__builtin_memcmp(o, i, PIECE) != 0) {
                r.failure = "the echo differs from what was sent";
                break;
            }
            r.echoed += PIECE;
        }
        r.elapsed_ns = ktime::now_ns() - start;
    }
    if (!out.is_error()) mm::kfree(out.value());
    if (!in.is_error()) mm::kfree(in.value());
    s->close();
}

void echo_thread(void* p) {
    auto* r = static_cast<EchoRun*>(p);
    run_echo(*r);
    r->done.store(1, std::memory_order_release);
}

}  // namespace

KTEST("07-net", net_host_tcp_echo) {
    static EchoRun r;
    r.seed = cmdline::boot().get_u64("nonce", 1);
    auto th = proc::kthread_create("ktest-echo", echo_thread, &r);
    if (!t.expect(!th.is_error(), "kthread_create failed")) return;
    proc::task_put(th.value());
    u64 end = ktime::now_ns() + 60000 * MS;
    while (!r.done.load(std::memory_order_acquire)) {
        if (ktime::now_ns() > end) return t.fail("no answer within 60 s");
        proc::yield();
        arch::irq_enable();
        asm volatile("hlt");
    }
    if (r.failure) return t.fail("{} ({})", r.failure, r.error);
    t.value("echoed", r.echoed);
    u64 ms = r.elapsed_ns / MS ? r.elapsed_ns / MS : 1;
    t.value("echo_kib_per_s", r.echoed / 1024 * 1000 / ms);
    t.expect(net::card_count() == 1, "not exactly one network card");
}
