// kernel/syscall/console.cc — the console device: /dev/console, /dev/tty, /dev/ttyS0.
//
// The serial console (COM1) is a character device of devfs, and PID 1's fds 0, 1 and 2
// are /dev/console opened once; every process inherits them. It is a terminal
// (drivers/tty): a line discipline over the UART, whose receive interrupt wakes its
// readers, with termios, a 24x80 window size and job control. The read, write and
// ioctl system calls reach it through the File's operations (syscall/file_rw.cc).
#include "drivers/tty/tty.hh"
#include "fs/devfs/devfs.hh"
#include "lib/log.hh"
#include "syscall/handlers.hh"

// LAB_BEGIN(03-processes, 2): the console device: write and read through the user copies, TCGETS, TIOCGWINSZ
namespace syscalls {
namespace {

// The terminal's line discipline does the work (drivers/tty): canonical reads with
// echo, OPOST output, the termios and job-control ioctls.
Result<u64> console_write(vfs::File& f, const vfs::IoBuf& buf, u64* pos) {
    return tty::file_write(f, buf, pos);
}

Result<u64> console_read(vfs::File& f, const vfs::IoBuf& buf, u64* pos) {
    return tty::file_read(f, buf, pos);
}

//! [sys_ioctl]
Result<u64> console_ioctl(vfs::File& f, u32 request, vm::UserAddr arg) {
    return tty::file_ioctl(f, request, arg);
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

// /dev/console never becomes a controlling terminal (as on Linux); /dev/ttyS0 does,
// opened by a session leader without O_NOCTTY; /dev/tty is the caller's own.
Result<void> open_console(vfs::File& f) {
    tty::Tty& t = tty::serial_console();
    TRY(tty::opened(t, true));
    f.priv = &t;
    return {};
}

Result<void> open_serial(vfs::File& f) {
    tty::Tty& t = tty::serial_console();
    TRY(tty::opened(t, f.flags & vfs::O_NOCTTY));
    f.priv = &t;
    return {};
}

const vfs::FileOps console_ops{console_read,   console_write,     nullptr,
                               tty::file_poll, console_ioctl,     nullptr,
                               nullptr,        tty::file_release, open_console};
const vfs::FileOps serial_ops{console_read,   console_write,     nullptr,
                              tty::file_poll, console_ioctl,     nullptr,
                              nullptr,        tty::file_release, open_serial};
const vfs::FileOps controlling_ops{console_read,   console_write,     nullptr,
                                   tty::file_poll, console_ioctl,     nullptr,
                                   nullptr,        tty::file_release, tty::open_controlling};

}  // namespace

void register_console() {
    // /dev/console (5:1), /dev/tty (5:0, the caller's controlling terminal), /dev/ttyS0
    // (4:64, the UART itself).
    const struct {
        const char* name;
        u64 rdev;
        u32 mode;
        const vfs::FileOps* ops;
    } nodes[] = {{"console", vfs::make_dev(5, 1), 0600, &console_ops},
                 {"tty", vfs::make_dev(5, 0), 0666, &controlling_ops},
                 {"ttyS0", vfs::make_dev(4, 64), 0660, &serial_ops}};
    for (const auto& n : nodes)
        if (auto r = devfs::add_device(n.name, n.rdev, n.mode, n.ops); r.is_error())
            klog::error("console: cannot add /dev/{} ({})", n.name, errno_name(r.error()));
    tty::register_ptys();
}

}  // namespace syscalls
