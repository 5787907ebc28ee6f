// kernel/drivers/tty/pty.cc — pseudo-terminals: /dev/ptmx makes a pair, /dev/pts/N is
// its slave.
//
//   master fd ──write──> receive(slave) ──> line discipline ──read──> slave fd
//   master fd <──read── output buffer <──Driver::write── OPOST <──write── slave fd
//
// The slave is an ordinary Tty (same line discipline as the console); its driver is
// the master's output buffer. Opening /dev/ptmx allocates the pair and the node
// /dev/pts/N (major 136), locked until TIOCSPTLCK unlocks it (glibc's and musl's
// unlockpt); TIOCGPTN gives N (ptsname). Closing the master hangs the slave up (a read
// that waits gets EIO, later reads 0, writes EIO); once every slave fd is closed too,
// a master read with nothing buffered gets EIO. The pair is freed when both are closed.
#include "drivers/tty/tty.hh"
#include "fs/devfs/devfs.hh"
#include "fs/vfs/namespace.hh"
#include "fs/vfs/poll.hh"
#include "lib/format.hh"
#include "lib/log.hh"
#include "mm/heap.hh"
#include "proc/sched.hh"
#include "proc/signal.hh"

namespace tty {
namespace {

constexpr u32 PTS_MAJOR = 136;
constexpr usize MAX_PTYS = 64;
constexpr usize OUTPUT_SIZE = 4096;

struct Pty {
    u32 index;
    char name[16];  ///< "pts/N"
    Tty slave;
    // --- slave.lock guards the rest ---
    char output[OUTPUT_SIZE];  ///< what the slave wrote, for the master to read
    usize out_head = 0, out_len = 0;
    proc::WaitQueue master_readers;
    bool locked = true;  ///< TIOCSPTLCK: the slave cannot be opened yet
    bool master_open = true;
    bool slave_closed = false;  ///< every slave fd was closed after one was opened
    vfs::Dentry* node = nullptr;

    Pty(u32 i, const Driver* d) : index(i), slave("pts", d) {}
};

SpinLock table_lock("pty-table");
Pty* table[MAX_PTYS];

Pty& pty_of(Tty& t) { return *static_cast<Pty*>(t.driver_data); }

// The slave's output into the master's buffer (slave lock held). write() waits for room
// (slave_room); an echo that does not fit is dropped.
void slave_write(Tty& t, const char* s, usize n) {
    Pty& p = pty_of(t);
    for (usize i = 0; i < n && p.out_len < OUTPUT_SIZE; ++i)
        p.output[(p.out_head + p.out_len++) % OUTPUT_SIZE] = s[i];
    proc::wake_all(p.master_readers);
}

usize slave_pending(Tty& t) { return pty_of(t).out_len; }
usize slave_room(Tty& t) { return OUTPUT_SIZE - pty_of(t).out_len; }

void free_pty(Pty* p) {
    {
        SpinLockGuard g(table_lock);
        table[p->index] = nullptr;
    }
    unregister_tty(p->slave);
    mm::destroy(p);
}

void slave_last_close(Tty& t) {
    Pty& p = pty_of(t);
    bool gone;
    {
        SpinLockGuard g(t.lock);
        p.slave_closed = true;
        proc::wake_all(p.master_readers);
        gone = !p.master_open;
    }
    if (gone) free_pty(&p);
}

const Driver slave_driver{slave_write, slave_pending, slave_last_close, slave_room};

Pty& master_of(vfs::File& f) { return *static_cast<Pty*>(f.priv); }

// --- the master: /dev/ptmx ---

Result<void> master_open(vfs::File& f) {
    Pty* p = nullptr;
    {
        SpinLockGuard g(table_lock);
        for (u32 i = 0; i < MAX_PTYS && !p; ++i) {
            if (table[i]) continue;
            table[i] = TRY(mm::make<Pty>(i, &slave_driver));
            p = table[i];
        }
    }
    if (!p) return Error(ENOSPC);
    p->slave.driver_data = p;
    fmt::BufferSink name(p->name, sizeof p->name);
    fmt::format(name, "{}", p->index);
    {
        SpinLockGuard g(vfs::tree_lock());
        auto node = vfs::create(devfs::pts_dir(), StrView(p->name), vfs::S_IFCHR | 0620,
                                vfs::make_dev(PTS_MAJOR, p->index), vfs::Creator{});
        if (node.is_error()) {
            SpinLockGuard t(table_lock);
            table[p->index] = nullptr;
            mm::destroy(p);
            return Error(node.error());
        }
        p->node = node.value();
    }
    register_tty(p->slave);
    f.priv = p;
    return {};
}

Result<u64> master_read(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    Pty& p = master_of(f);
    if (buf.size() == 0) return 0;
    SpinLockGuard g(p.slave.lock);
    for (;;) {
        if (p.out_len) {
            usize n = buf.size() < p.out_len ? usize(buf.size()) : p.out_len;
            usize first = OUTPUT_SIZE - p.out_head < n ? OUTPUT_SIZE - p.out_head : n;
            TRY(buf.fill(0, p.output + p.out_head, first));
            if (n > first) TRY(buf.fill(first, p.output, n - first));
            p.out_head = (p.out_head + n) % OUTPUT_SIZE;
            p.out_len -= n;
            proc::wake_all(p.slave.readers);  // slave writers waiting for room
            return n;
        }
        if (p.slave_closed) return Error(EIO);
        if (f.flags & vfs::O_NONBLOCK) return Error(EAGAIN);
        if (proc::signal_pending()) return Error(proc::ERESTARTSYS);
        proc::sleep_on(p.master_readers, p.slave.lock);
    }
}

Result<u64> master_write(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    Pty& p = master_of(f);
    char chunk[2048];  // Linux's tty write chunk, as for the slave
    u64 done = 0;
    while (done < buf.size()) {
        usize n = buf.size() - done < sizeof chunk ? usize(buf.size() - done) : sizeof chunk;
        if (buf.drain(chunk, done, n).is_error()) return done ? Result<u64>(done) : Error(EFAULT);
        receive(p.slave, chunk, n);
        done += n;
    }
    return done;
}

u32 master_poll(vfs::File& f, vfs::PollWait* pw) {
    Pty& p = master_of(f);
    SpinLockGuard g(p.slave.lock);
    vfs::poll_wait(pw, p.master_readers, p.slave.lock);
    u32 mask = vfs::POLLOUT | vfs::POLLWRNORM;
    if (p.out_len) mask |= vfs::POLLIN | vfs::POLLRDNORM;
    if (p.slave_closed) mask |= vfs::POLLHUP;
    return mask;
}

Result<u64> master_ioctl(vfs::File& f, u32 request, vm::UserAddr arg) {
    constexpr u32 TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCGPTLCK = 0x80045439,
                  FIONREAD = 0x541b;
    Pty& p = master_of(f);
    switch (request) {
    case TIOCGPTN:
        TRY(arg.as<u32>().write(p.index));
        return 0;
    case TIOCSPTLCK: {
        i32 v = TRY(arg.as<const i32>().read());
        SpinLockGuard g(p.slave.lock);
        p.locked = v != 0;
        return 0;
    }
    case TIOCGPTLCK: {
        i32 v;
        {
            SpinLockGuard g(p.slave.lock);
            v = p.locked;
        }
        TRY(arg.as<i32>().write(v));
        return 0;
    }
    case FIONREAD: {
        i32 n;
        {
            SpinLockGuard g(p.slave.lock);
            n = i32(p.out_len);
        }
        TRY(arg.as<i32>().write(n));
        return 0;
    }
    default:  // termios and window size are the slave's
        return ioctl(p.slave, f, request, arg);
    }
}

void master_release(vfs::File& f) {
    Pty* p = static_cast<Pty*>(f.priv);
    if (!p) return;
    {
        SpinLockGuard g(vfs::tree_lock());
        if (p->node) (void)vfs::unlink(p->node);
    }
    hangup(p->slave);
    bool gone;
    {
        SpinLockGuard g(p->slave.lock);
        p->master_open = false;
        gone = p->slave.opens == 0;
    }
    if (gone) free_pty(p);
}

const vfs::FileOps master_ops{master_read, master_write, nullptr,        master_poll, master_ioctl,
                              nullptr,     nullptr,      master_release, master_open};

// --- the slave: /dev/pts/N ---

Result<void> slave_open(vfs::File& f) {
    u32 index = f.inode ? u32(f.inode->rdev & 0xff) : MAX_PTYS;
    Pty* p = nullptr;
    {
        SpinLockGuard g(table_lock);
        if (index < MAX_PTYS) p = table[index];
    }
    if (!p) return Error(EIO);
    {
        SpinLockGuard g(p->slave.lock);
        if (p->locked || !p->master_open) return Error(EIO);
        p->slave_closed = false;
    }
    TRY(opened(p->slave, f.flags & vfs::O_NOCTTY));
    f.priv = &p->slave;
    return {};
}

const vfs::FileOps slave_ops{file_read, file_write, nullptr,      file_poll, file_ioctl,
                             nullptr,   nullptr,    file_release, slave_open};

}  // namespace

void register_ptys() {
    if (auto r = devfs::add_device("ptmx", vfs::make_dev(5, 2), 0666, &master_ops); r.is_error())
        klog::error("pty: cannot add /dev/ptmx ({})", errno_name(r.error()));
    if (auto r = vfs::register_chrdev_major(PTS_MAJOR, &slave_ops); r.is_error())
        klog::error("pty: no device number for /dev/pts ({})", errno_name(r.error()));
}

}  // namespace tty
