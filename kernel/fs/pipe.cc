// kernel/fs/pipe.cc — pipes and FIFOs (pipe.hh).
#include "fs/pipe.hh"

#include "fs/tmpfs/tmpfs.hh"
#include "fs/vfs/open.hh"
#include "fs/vfs/poll.hh"
#include "mm/heap.hh"
#include "proc/process.hh"
#include "proc/sched.hh"

namespace pipes {

class Pipe {
public:
    SpinLock lock{"pipe", lock_rank::SLEEP};
    u8* buf = nullptr;
    usize head = 0;  // next byte to read
    usize used = 0;
    u32 readers = 0, writers = 0;
    u32 opens = 0;  // a FIFO's: counts every open, to free the pipe at the last close
    proc::WaitQueue read_wait, write_wait, open_wait;
};

namespace {

vfs::Superblock* pipefs = nullptr;
vfs::Dentry* pipefs_root = nullptr;

Result<Pipe*> new_pipe() {
    Pipe* p = TRY(mm::make<Pipe>());
    auto buf = mm::kmalloc(PIPE_SIZE);
    if (buf.is_error()) {
        mm::destroy(p);
        return Error(ENOMEM);
    }
    p->buf = static_cast<u8*>(buf.value());
    return p;
}

void free_pipe(Pipe* p) {
    mm::kfree(p->buf);
    mm::destroy(p);
}

Pipe* pipe_of(vfs::File& f) { return static_cast<Pipe*>(f.priv); }

bool interrupted() { return proc::must_die(); }

Result<u64> pipe_read(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    Pipe& p = *pipe_of(f);
    if (buf.size() == 0) return 0;
    SpinLockGuard g(p.lock);
    while (p.used == 0) {
        if (p.writers == 0) return 0;
        if (f.flags & vfs::O_NONBLOCK) return Error(EAGAIN);
        if (interrupted()) return Error(EINTR);
        proc::sleep_on(p.read_wait, p.lock);
    }
    u64 n = buf.size() < p.used ? buf.size() : p.used;
    u64 done = 0;
    while (done < n) {
        usize step = PIPE_SIZE - p.head < n - done ? PIPE_SIZE - p.head : usize(n - done);
        if (auto r = buf.fill(done, p.buf + p.head, step); r.is_error()) {
            if (done) break;
            return Error(r.error());
        }
        p.head = (p.head + step) % PIPE_SIZE;
        p.used -= step;
        done += step;
    }
    proc::wake_all(p.write_wait);
    return done;
}

// The write itself, under the pipe's lock; @p broken says it found no reader.
Result<u64> write_locked(vfs::File& f, const vfs::IoBuf& buf, bool& broken) {
    Pipe& p = *pipe_of(f);
    u64 n = buf.size();
    if (n == 0) return 0;
    bool atomic = n <= PIPE_BUF;
    u64 done = 0;
    SpinLockGuard g(p.lock);
    while (done < n) {
        if (p.readers == 0) {
            if (done) return done;
            broken = true;
            return Error(EPIPE);
        }
        usize space = PIPE_SIZE - p.used;
        if (space == 0 || (atomic && space < n)) {
            if (f.flags & vfs::O_NONBLOCK) return done ? Result<u64>(done) : Error(EAGAIN);
            if (interrupted()) return done ? Result<u64>(done) : Error(EINTR);
            proc::sleep_on(p.write_wait, p.lock);
            continue;
        }
        usize tail = (p.head + p.used) % PIPE_SIZE;
        usize step = PIPE_SIZE - tail < space ? PIPE_SIZE - tail : space;
        if (step > n - done) step = usize(n - done);
        if (auto r = buf.drain(p.buf + tail, done, step); r.is_error()) {
            if (done) break;
            return Error(r.error());
        }
        p.used += step;
        done += step;
        proc::wake_all(p.read_wait);
    }
    return done;
}

// SIGPIPE goes through kill, which takes the process tree's lock: after the pipe's.
Result<u64> pipe_write(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    bool broken = false;
    Result<u64> r = write_locked(f, buf, broken);
    if (broken) (void)proc::kill(proc::current()->tgid, proc::SIGPIPE);
    return r;
}

// A reader waits on read_wait (writes and the last writer's close wake it), a writer
// on write_wait (reads and the last reader's close).
u32 pipe_poll(vfs::File& f, vfs::PollWait* pw) {
    Pipe& p = *pipe_of(f);
    SpinLockGuard g(p.lock);
    if (f.readable()) vfs::poll_wait(pw, p.read_wait, p.lock);
    if (f.writable()) vfs::poll_wait(pw, p.write_wait, p.lock);
    u32 r = 0;
    if (f.readable()) {
        if (p.used) r |= vfs::POLLIN | vfs::POLLRDNORM;
        if (!p.writers) r |= vfs::POLLHUP;
    }
    if (f.writable()) {
        if (PIPE_SIZE - p.used >= PIPE_BUF) r |= vfs::POLLOUT | vfs::POLLWRNORM;
        if (!p.readers) r |= vfs::POLLERR;
    }
    return r;
}

// Drops this File's end; true when nobody holds the pipe any more.
bool drop_end(vfs::File& f, Pipe& p) {
    SpinLockGuard g(p.lock);
    if (f.readable()) --p.readers;
    if (f.writable()) --p.writers;
    proc::wake_all(p.read_wait);
    proc::wake_all(p.write_wait);
    return p.readers == 0 && p.writers == 0;
}

void pipe_release(vfs::File& f) {
    Pipe* p = pipe_of(f);
    if (drop_end(f, *p)) free_pipe(p);
}

// A FIFO's pipe is the inode's while any File has it open.
void fifo_release(vfs::File& f) {
    Pipe* p = pipe_of(f);
    bool last;
    {
        SpinLockGuard t(vfs::tree_lock());
        drop_end(f, *p);
        last = --p->opens == 0;
        if (last) f.inode->pipe = nullptr;
    }
    if (last) free_pipe(p);
}

Result<void> fifo_open(vfs::File& f) {
    Pipe* p;
    {
        SpinLockGuard t(vfs::tree_lock());
        if (!f.inode->pipe) {
            auto made = new_pipe();
            if (made.is_error()) return Error(made.error());
            f.inode->pipe = made.value();
        }
        p = f.inode->pipe;
        ++p->opens;
    }
    f.priv = p;
    SpinLockGuard g(p->lock);
    bool rd = f.readable(), wr = f.writable();
    if (wr && !rd && p->readers == 0 && (f.flags & vfs::O_NONBLOCK)) {
        f.flags = (f.flags & ~vfs::O_ACCMODE) | vfs::O_PATH;  // neither end for fifo_release
        return Error(ENXIO);
    }
    if (rd) ++p->readers;
    if (wr) ++p->writers;
    proc::wake_all(p->open_wait);
    if (rd && wr) return {};
    if (f.flags & vfs::O_NONBLOCK) return {};
    while ((rd && p->writers == 0) || (wr && p->readers == 0)) {  // wait for the other end
        if (interrupted()) return Error(EINTR);
        proc::sleep_on(p->open_wait, p->lock);
    }
    return {};
}

const vfs::FileOps pipe_ops{pipe_read, pipe_write, nullptr,      pipe_poll, nullptr,
                            nullptr,   nullptr,    pipe_release, nullptr};
const vfs::FileOps fifo_ops{pipe_read, pipe_write, nullptr,      pipe_poll, nullptr,
                            nullptr,   nullptr,    fifo_release, fifo_open};

}  // namespace

Result<void> init() {
    pipefs = TRY(tmpfs::make("pipefs", 0700, &pipefs_root));
    vfs::set_fifo_ops(&fifo_ops);
    return {};
}

Result<void> make_pipe(vfs::File* ends[2], u32 flags) {
    if (!pipefs) return Error(ENFILE);
    Pipe* p = TRY(new_pipe());
    vfs::Inode* inode;
    {
        SpinLockGuard t(vfs::tree_lock());
        auto made = pipefs->ops->alloc_inode(*pipefs, vfs::S_IFIFO | 0600);
        if (made.is_error()) {
            free_pipe(p);
            return Error(made.error());
        }
        inode = made.value();
    }
    u32 nonblock = flags & vfs::O_NONBLOCK;
    auto r = vfs::file_alloc({}, inode, &pipe_ops, vfs::O_RDONLY | nonblock);
    auto w = r.is_error() ? Result<vfs::File*>(Error(r.error()))
                          : vfs::file_alloc({}, inode, &pipe_ops, vfs::O_WRONLY | nonblock);
    {
        SpinLockGuard t(vfs::tree_lock());
        vfs::iput(inode);  // the Files hold it now
    }
    if (w.is_error()) {
        if (!r.is_error()) {
            r.value()->ops = nullptr;  // no end was counted: nothing to release
            vfs::file_put(r.value());
        }
        free_pipe(p);
        return Error(w.error());
    }
    p->readers = p->writers = 1;
    r.value()->priv = w.value()->priv = p;
    inode->pipe = p;
    ends[0] = r.value();
    ends[1] = w.value();
    return {};
}

}  // namespace pipes
