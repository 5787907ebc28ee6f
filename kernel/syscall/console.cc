// kernel/syscall/console.cc — file descriptors 0, 1 and 2: the console, until lab 05.
//
// Every process has the serial console (COM1) as stdin, stdout and stderr, and it
// behaves as a freshly opened terminal would: output goes through OPOST/ONLCR ("\n"
// becomes "\r\n", done by the serial driver), input comes from the UART's interrupt-driven ring buffer, TCGETS
// and TIOCGWINSZ answer like a pseudo-terminal of 24x80, fstat calls it a character
// device. Any other fd is EBADF. Lab 05 replaces this file with real file tables.
#include "drivers/serial/input.hh"
#include "exec/initramfs.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "proc/process.hh"
#include "proc/task.hh"
#include "syscall/handlers.hh"
#include "vm/user_path.hh"

// LAB_BEGIN(03-processes, 2): the console as fds 0-2: write/read/readv/writev through the user copies, TCGETS, TIOCGWINSZ, fstat
namespace syscalls {

struct Iovec {  // struct iovec: where one piece of a readv/writev buffer lies
    u64 base;
    u64 len;
};

struct Stat {  // struct stat on x86_64
    u64 dev, ino, nlink;
    u32 mode, uid, gid, pad0;
    u64 rdev;
    i64 size, blksize, blocks;
    u64 atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
    i64 reserved[3];
};
static_assert(sizeof(Stat) == 144);

namespace {

constexpr usize CHUNK = 2048;  // Linux's tty write chunk: a fault inside it writes nothing
constexpr int IOV_MAX = 1024;
constexpr int AT_FDCWD = -100;
constexpr int AT_SYMLINK_NOFOLLOW = 0x100, AT_NO_AUTOMOUNT = 0x800, AT_EMPTY_PATH = 0x1000;

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

bool is_console(int fd) { return fd >= 0 && fd <= 2; }

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
// The caller has checked every range with access_ok.
Result<u64> write_stream(const Iovec* v, int count) {
    char chunk[CHUNK];
    u64 done = 0;
    usize fill = 0;
    for (int i = 0; i < count; ++i) {
        for (u64 off = 0; off < v[i].len;) {
            usize n = v[i].len - off < CHUNK - fill ? usize(v[i].len - off) : CHUNK - fill;
            if (vm::copy_from_user(chunk + fill, v[i].base + off, n).is_error()) {
                if (done) return done;
                return Error(EFAULT);
            }
            fill += n;
            off += n;
            if (fill == CHUNK) {
                console_out(chunk, fill);
                done += fill;
                fill = 0;
            }
        }
    }
    if (fill) console_out(chunk, fill);
    return done + fill;
}

Result<u64> read_user(const vm::UserBuffer& buf) {
    if (buf.size() == 0) return 0;
    char chunk[256];
    usize want = buf.size() < sizeof chunk ? buf.size() : sizeof chunk;
    for (;;) {
        auto r = serial::read(chunk, want, 100'000'000);  // 100 ms, then look for signals
        if (!r.is_error()) {
            TRY(buf.write(0, chunk, r.value()));
            return r.value();
        }
        if (r.error() != ETIMEDOUT) return Error(r.error());
        if (proc::must_die()) return Error(proc::ERESTARTSYS);
    }
}

// Copies the iovec array in and checks it as Linux does before any transfer: a length
// negative as ssize_t is EINVAL (checked while copying, so before any EFAULT below), a
// buffer outside user space is EFAULT. Lengths are then small enough not to overflow.
Result<void> iov_load(vm::UserPtr<const Iovec> iov, int iovcnt, Iovec* out) {
    if (iovcnt < 0 || iovcnt > IOV_MAX) return Error(EINVAL);
    TRY(vm::copy_n_from_user(out, iov, usize(iovcnt)));
    for (int i = 0; i < iovcnt; ++i)
        if (i64(out[i].len) < 0) return Error(EINVAL);
    for (int i = 0; i < iovcnt; ++i)
        if (!vm::access_ok(out[i].base, out[i].len)) return Error(EFAULT);
    return {};
}

Stat console_stat() {
    Stat st{};
    st.dev = 0x18;  // devpts
    st.ino = 3;
    st.nlink = 1;
    st.mode = 0020620;          // S_IFCHR | rw--w----
    st.rdev = (136u << 8) | 0;  // /dev/pts/0
    st.blksize = 1024;
    return st;
}

}  // namespace

// Both check the whole buffer first (access_ok): a kernel address or a length that
// wraps is EFAULT at once, before the terminal blocks for input or prints anything.
Result<u64> sys_write(int fd, vm::UserPtr<const char> buf, usize len) {
    if (!is_console(fd)) return Error(EBADF);
    vm::UserBuffer b = TRY(vm::UserBuffer::checked(buf, len));
    Iovec one{b.address(), b.size()};
    return write_stream(&one, 1);
}

Result<u64> sys_read(int fd, vm::UserPtr<char> buf, usize len) {
    if (!is_console(fd)) return Error(EBADF);
    return read_user(TRY(vm::UserBuffer::checked(buf, len)));
}

// The iovec array, copied in: on the stack when small, else from the heap.
class IovecArray {
public:
    Result<void> load(vm::UserPtr<const Iovec> iov, int iovcnt) {
        if (iovcnt < 0 || iovcnt > IOV_MAX) return Error(EINVAL);
        if (iovcnt > int(sizeof local_ / sizeof local_[0]))
            v_ = static_cast<Iovec*>(TRY(mm::kmalloc(usize(iovcnt) * sizeof(Iovec))));
        count_ = iovcnt;
        TRY(iov_load(iov, iovcnt, v_));
        return {};
    }
    ~IovecArray() {
        if (v_ != local_) mm::kfree(v_);
    }
    const Iovec& operator[](int i) const { return v_[i]; }
    int count() const { return count_; }

private:
    Iovec local_[16];
    Iovec* v_ = local_;
    int count_ = 0;
};

Result<u64> sys_writev(int fd, vm::UserPtr<const Iovec> iov, int iovcnt) {
    if (!is_console(fd)) return Error(EBADF);
    IovecArray v;
    TRY(v.load(iov, iovcnt));
    return write_stream(&v[0], v.count());
}

Result<u64> sys_readv(int fd, vm::UserPtr<const Iovec> iov, int iovcnt) {
    if (!is_console(fd)) return Error(EBADF);
    IovecArray v;
    TRY(v.load(iov, iovcnt));
    for (int i = 0; i < v.count(); ++i)
        if (v[i].len)  // a terminal returns what came
            return read_user(TRY(vm::UserBuffer::checked(vm::UserPtr<char>(v[i].base), v[i].len)));
    return 0;
}

//! [sys_ioctl]
Result<u64> sys_ioctl(int fd, u32 request, vm::UserAddr arg) {
    constexpr u32 TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404,
                  TIOCGPGRP = 0x540f, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;
    if (!is_console(fd)) return Error(EBADF);
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

Result<u64> sys_fstat(int fd, vm::UserPtr<Stat> statbuf) {
    if (!is_console(fd)) return Error(EBADF);
    TRY(statbuf.write(console_stat()));
    return 0;
}

// Paths name initramfs members (absolute, or relative to "/"); lab 05 brings the VFS.
Result<u64> sys_newfstatat(int dirfd, vm::UserPtr<const char> path, vm::UserPtr<Stat> statbuf,
                           int flags) {
    vm::UserPath copy;
    StrView name = TRY(copy.load(path));
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH)) return Error(EINVAL);
    if (name.empty()) {
        if (!(flags & AT_EMPTY_PATH)) return Error(ENOENT);
        if (dirfd == AT_FDCWD) return Error(ENOENT);
        return sys_fstat(dirfd, statbuf);
    }
    if (name[0] != '/' && dirfd != AT_FDCWD && !is_console(dirfd)) return Error(EBADF);
    if (name[0] != '/' && is_console(dirfd)) return Error(ENOTDIR);
    cpio::Entry e = TRY(initramfs::lookup(name));
    Stat st{};
    st.dev = 1;
    st.ino = e.ino;
    st.nlink = e.nlink ? e.nlink : 1;
    st.mode = e.mode;
    st.uid = e.uid;
    st.gid = e.gid;
    st.size = i64(e.data.size());
    st.blksize = 4096;
    st.blocks = i64((e.data.size() + 511) / 512);
    st.atime = st.mtime = st.ctime = e.mtime;
    TRY(statbuf.write(st));
    return 0;
}

}  // namespace syscalls
// LAB_FALLBACK
// LAB_END
