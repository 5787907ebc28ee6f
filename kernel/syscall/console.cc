// kernel/syscall/console.cc — the console device: /dev/console, /dev/tty, /dev/ttyS0.
//
// The serial console (COM1) is a character device of devfs, and PID 1's fds 0, 1 and 2
// are /dev/console opened once; every process inherits them. It behaves as a freshly
// opened terminal would: output goes through OPOST/ONLCR ("\n" becomes "\r\n", done by
// the serial driver), input comes from the UART's interrupt-driven ring buffer, TCGETS
// and TIOCGWINSZ answer like a pseudo-terminal of 24x80. The read, write and ioctl
// system calls reach it through the File's operations (syscall/file_rw.cc).
#include "drivers/serial/input.hh"
#include "fs/devfs/devfs.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "proc/process.hh"
#include "proc/task.hh"
#include "syscall/handlers.hh"

// LAB_BEGIN(03-processes, 2): the console device: write and read through the user copies, TCGETS, TIOCGWINSZ
namespace syscalls {
namespace {

constexpr usize CHUNK = 2048;  // Linux's tty write chunk: a fault inside it writes nothing

struct KernelTermios {  // struct termios as the TCGETS ioctl passes it
    u32 iflag, oflag, cflag, lflag;
    u8 line;
    u8 cc[19];
};
static_assert(sizeof(KernelTermios) == 36);

struct Winsize {
    u16 rows, cols, xpixel, ypixel;
};

// A pseudo-terminal slave as Linux opens it (tty_std_termios, pts cflag).
Guarded<KernelTermios> termios("console-termios",
                               KernelTermios{
                                   0x500,   // ICRNL | IXON
                                   0x5,     // OPOST | ONLCR
                                   0xbf,    // B38400 | CS8 | CREAD
                                   0x8a3b,  // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
                                   0,
                                   {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027,
                                    026, 0, 0, 0},
                               });
Guarded<Winsize> winsize("console-winsize", Winsize{24, 80, 0, 0});
SpinLock output_lock("console-output");

// The serial sink itself turns "\n" into "\r\n" (what OPOST|ONLCR asks for).
void console_out(const char* s, usize n) {
    fmt::Sink* sink = console::sink();
    if (!sink) return;
    SpinLockGuard g(output_lock);
    sink->write(s, n);
}

// The terminal takes a write as one stream of bytes, however many iovecs carry it:
// 2048-byte chunks gathered across them, each copied whole before it is printed. A
// chunk that faults is dropped; the call returns what went out before it, or EFAULT.
Result<u64> console_write(vfs::File&, const vfs::IoBuf& buf, u64*) {
    char chunk[CHUNK];
    u64 done = 0;
    while (done < buf.size()) {
        usize n = buf.size() - done < CHUNK ? usize(buf.size() - done) : CHUNK;
        if (buf.drain(chunk, done, n).is_error()) {
            if (done) return done;
            return Error(EFAULT);
        }
        console_out(chunk, n);
        done += n;
    }
    return done;
}

// A terminal read returns what came, into the first segment that has room.
Result<u64> console_read(vfs::File&, const vfs::IoBuf& buf, u64*) {
    if (buf.size() == 0) return 0;
    u64 room = 0;
    for (int i = 0; i < buf.count() && !room; ++i) room = buf.segment(i).len;
    char chunk[256];
    usize want = room < sizeof chunk ? usize(room) : sizeof chunk;
    for (;;) {
        auto r = serial::read(chunk, want, 100'000'000);  // 100 ms, then look for signals
        if (!r.is_error()) {
            TRY(buf.fill(0, chunk, r.value()));
            return r.value();
        }
        if (r.error() != ETIMEDOUT) return Error(r.error());
        if (proc::must_die()) return Error(proc::ERESTARTSYS);
    }
}

//! [sys_ioctl]
Result<u64> console_ioctl(vfs::File&, u32 request, vm::UserAddr arg) {
    constexpr u32 TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404,
                  TIOCGPGRP = 0x540f, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
    switch (request) {
    case TCGETS: {
        KernelTermios t = *termios.lock();
        TRY(arg.as<KernelTermios>().write(t));
        return 0;
    }
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
        KernelTermios t = TRY(arg.as<const KernelTermios>().read());
        *termios.lock() = t;
        return 0;
    }
    case TIOCGWINSZ: {
        Winsize w = *winsize.lock();
        TRY(arg.as<Winsize>().write(w));
        return 0;
    }
    case TIOCSWINSZ: {
        Winsize w = TRY(arg.as<const Winsize>().read());
        *winsize.lock() = w;
        return 0;
    }
    case TIOCGPGRP: {
        i32 pgrp = proc::current()->pgid;
        TRY(arg.as<i32>().write(pgrp));
        return 0;
    }
    default:
        return Error(ENOTTY);
    }
}
//! [sys_ioctl]

}  // namespace
}  // namespace syscalls
// LAB_FALLBACK
// namespace syscalls {
// namespace {
// Result<u64> console_write(vfs::File&, const vfs::IoBuf&, u64*) { return Error(ENOSYS); }
// Result<u64> console_read(vfs::File&, const vfs::IoBuf&, u64*) { return Error(ENOSYS); }
// Result<u64> console_ioctl(vfs::File&, u32, vm::UserAddr) { return Error(ENOTTY); }
// }  // namespace
// }  // namespace syscalls
// LAB_END

namespace syscalls {
namespace {

// Output never blocks; input is ready when the UART's ring holds bytes.
u32 console_poll(vfs::File&, vfs::PollWait* pw) {
    u32 r = vfs::POLLOUT | vfs::POLLWRNORM;
    if (serial::poll_input(pw)) r |= vfs::POLLIN | vfs::POLLRDNORM;
    return r;
}

const vfs::FileOps console_ops{console_read, console_write, nullptr, console_poll, console_ioctl};

}  // namespace

void register_console() {
    // /dev/console (5:1), /dev/tty (5:0, the controlling terminal: the console until
    // terminals come), /dev/ttyS0 (4:64, the UART itself).
    const struct {
        const char* name;
        u64 rdev;
        u32 mode;
    } nodes[] = {{"console", vfs::make_dev(5, 1), 0600},
                 {"tty", vfs::make_dev(5, 0), 0666},
                 {"ttyS0", vfs::make_dev(4, 64), 0660}};
    for (const auto& n : nodes)
        if (auto r = devfs::add_device(n.name, n.rdev, n.mode, &console_ops); r.is_error())
            klog::error("console: cannot add /dev/{} ({})", n.name, errno_name(r.error()));
}

}  // namespace syscalls
