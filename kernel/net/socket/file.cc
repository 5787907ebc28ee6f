// kernel/net/socket/file.cc — the FileOps of a socket, and sockfs for its inodes (file.hh).
#include "net/socket/file.hh"

#include "fs/tmpfs/tmpfs.hh"
#include "fs/vfs/inode.hh"
#include "fs/vfs/mount.hh"
#include "fs/vfs/poll.hh"
#include "proc/process.hh"
#include "proc/task.hh"

namespace net {

namespace {

vfs::Superblock* sockfs = nullptr;

/// The socket of a File whose ops are socket_ops (so priv is set).
Socket& sock(vfs::File& f) { return *static_cast<Socket*>(f.priv); }
vfs::Dentry* sockfs_root = nullptr;

Result<u64> sock_read(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    return sock(f).recv(buf, nullptr, 0, f.flags & vfs::O_NONBLOCK, nullptr);
}

Result<u64> sock_write(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    return with_sigpipe(sock(f), sock(f).send(buf, nullptr, 0, f.flags & vfs::O_NONBLOCK), 0);
}

void sock_release(vfs::File& f) {
    if (Socket* s = socket_of(f)) s->close();
    f.priv = nullptr;
}

const vfs::FileOps socket_ops = {
    .read = sock_read,
    .write = sock_write,
    .llseek = nullptr,
    .poll = socket_poll,
    .ioctl = nullptr,
    .mmap = nullptr,
    .getdents = nullptr,
    .release = sock_release,
    .open = nullptr,
};

}  // namespace

Result<void> sockfs_init() {
    sockfs = TRY(tmpfs::make("sockfs", 0700, &sockfs_root));
    return {};
}

Socket* socket_of(vfs::File& f) {
    return f.ops == &socket_ops ? static_cast<Socket*>(f.priv) : nullptr;
}

Result<u64> with_sigpipe(Socket& s, Result<u64> sent, int flags) {
    if (sent.is_error() && sent.error() == EPIPE && s.type() == SOCK_STREAM &&
        !(flags & MSG_NOSIGNAL))
        (void)proc::kill(proc::current()->tgid, proc::SIGPIPE);
    return sent;
}

u32 socket_poll(vfs::File& f, vfs::PollWait* pw) {
    Socket& s = sock(f);
    {  // registered first: an event after this wakes the waiter, whatever the bits say
        SpinLockGuard g(s.wait_lock());
        vfs::poll_wait(pw, s.wait_queue(), s.wait_lock());
    }
    return s.poll_bits();
}

Result<vfs::File*> socket_file(Socket* s, u32 flags) {
    if (!sockfs) {
        s->close();
        return Error(ENFILE);
    }
    vfs::Inode* inode;
    {
        SpinLockGuard t(vfs::tree_lock());
        auto made = sockfs->ops->alloc_inode(*sockfs, vfs::S_IFSOCK | 0777);
        if (made.is_error()) {
            s->close();
            return Error(made.error());
        }
        inode = made.value();
    }
    auto f = vfs::file_alloc({}, inode, &socket_ops, vfs::O_RDWR | flags);
    {
        SpinLockGuard t(vfs::tree_lock());
        vfs::iput(inode);  // the File holds it now
    }
    if (f.is_error()) {
        s->close();
        return Error(f.error());
    }
    f.value()->priv = s;
    return f.value();
}

}  // namespace net
