// kernel/syscall/file_rw.cc — read, write and their vector and positioned forms, lseek, ioctl.
//
// Each finds the File behind the descriptor (EBADF; an O_PATH descriptor too), checks
// the access mode it was opened with (EBADF), checks the whole user buffer (EFAULT
// before anything is transferred), and hands an IoBuf to the File's operations. The
// file offset is the File's, shared by every descriptor dup or fork made from it.
#include "lib/string.hh"
#include "mm/heap.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"

namespace syscalls {

struct Iovec {  // struct iovec
    u64 base;
    u64 len;
};
static_assert(sizeof(Iovec) == sizeof(vfs::IoSeg));

namespace {

constexpr int IOV_MAX = 1024;
constexpr u64 MAX_RW_COUNT = 0x7ffff000;  // INT_MAX rounded down to a page, as Linux caps
constexpr u32 FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIONBIO = 0x5421;

// The iovec array, copied in and checked as Linux does before any transfer: a length
// negative as ssize_t is EINVAL (checked while copying, so before any EFAULT), a
// buffer outside user space is EFAULT; the total is capped at MAX_RW_COUNT.
class IovecArray {
public:
    Result<void> load(vm::UserPtr<const Iovec> iov, int iovcnt) {
        if (iovcnt < 0 || iovcnt > IOV_MAX) return Error(EINVAL);
        if (iovcnt > int(sizeof local_ / sizeof local_[0]))
            v_ = static_cast<vfs::IoSeg*>(TRY(mm::kmalloc(usize(iovcnt) * sizeof(vfs::IoSeg))));
        count_ = iovcnt;
        TRY(vm::copy_n_from_user(reinterpret_cast<Iovec*>(v_), iov, usize(iovcnt)));
        u64 total = 0;
        for (int i = 0; i < iovcnt; ++i) {
            if (i64(v_[i].len) < 0) return Error(EINVAL);
            if (v_[i].len > MAX_RW_COUNT - total) v_[i].len = MAX_RW_COUNT - total;
            total += v_[i].len;
        }
        for (int i = 0; i < iovcnt; ++i)
            if (!vm::access_ok(v_[i].base, v_[i].len)) return Error(EFAULT);
        return {};
    }
    ~IovecArray() {
        if (v_ != local_) mm::kfree(v_);
    }
    vfs::IoBuf buf() const { return vfs::IoBuf(v_, count_, false); }

private:
    vfs::IoSeg local_[16];
    vfs::IoSeg* v_ = local_;
    int count_ = 0;
};

bool seekable(const vfs::File& f) { return f.ops->llseek != nullptr; }

// Reads or writes @p io at the File's offset (or at @p at when not null: pread).
Result<u64> transfer(vfs::File& f, const vfs::IoBuf& io, bool write, const i64* at) {
    if (write ? !f.writable() : !f.readable()) return Error(EBADF);
    auto op = write ? f.ops->write : f.ops->read;
    if (!op) return Error(EINVAL);
    if (at) {
        if (!seekable(f)) return Error(ESPIPE);
        if (*at < 0) return Error(EINVAL);
        u64 pos = u64(*at);
        return op(f, io, &pos);
    }
    u64 pos = f.pos.load();
    u64 n = TRY(op(f, io, &pos));
    if (seekable(f)) f.pos.store(pos);
    return n;
}

Result<u64> one_buffer(int fd, u64 address, usize len, bool write, const i64* at) {
    FileRef f = TRY(usable_file_at(fd));
    if (write ? !f->writable() : !f->readable()) return Error(EBADF);
    if (len > MAX_RW_COUNT) len = MAX_RW_COUNT;
    if (!vm::access_ok(address, len)) return Error(EFAULT);
    vfs::IoSeg seg{address, len};
    return transfer(*f, vfs::IoBuf(&seg, 1, false), write, at);
}

Result<u64> vector(int fd, vm::UserPtr<const Iovec> iov, int iovcnt, bool write, const i64* at) {
    FileRef f = TRY(usable_file_at(fd));
    if (write ? !f->writable() : !f->readable()) return Error(EBADF);
    IovecArray v;
    TRY(v.load(iov, iovcnt));
    return transfer(*f, v.buf(), write, at);
}

}  // namespace

Result<u64> sys_read(int fd, vm::UserPtr<char> buf, usize len) {
    return one_buffer(fd, buf.address(), len, false, nullptr);
}

Result<u64> sys_write(int fd, vm::UserPtr<const char> buf, usize len) {
    return one_buffer(fd, buf.address(), len, true, nullptr);
}

Result<u64> sys_pread64(int fd, vm::UserPtr<char> buf, usize len, i64 offset) {
    return one_buffer(fd, buf.address(), len, false, &offset);
}

Result<u64> sys_pwrite64(int fd, vm::UserPtr<const char> buf, usize len, i64 offset) {
    return one_buffer(fd, buf.address(), len, true, &offset);
}

Result<u64> sys_readv(int fd, vm::UserPtr<const Iovec> iov, int iovcnt) {
    return vector(fd, iov, iovcnt, false, nullptr);
}

Result<u64> sys_writev(int fd, vm::UserPtr<const Iovec> iov, int iovcnt) {
    return vector(fd, iov, iovcnt, true, nullptr);
}

Result<u64> sys_lseek(int fd, i64 offset, u32 whence) {
    FileRef f = TRY(usable_file_at(fd));
    if (!f->ops->llseek) return Error(ESPIPE);
    if (whence > u32(vfs::SEEK_HOLE)) return Error(EINVAL);
    u64 pos = TRY(f->ops->llseek(*f, offset, int(whence)));
    if (i64(pos) < 0) return Error(EOVERFLOW);
    f->pos.store(pos);
    return pos;
}

Result<u64> sys_ioctl(int fd, u32 request, vm::UserAddr arg) {
    FileRef f = TRY(usable_file_at(fd));
    switch (request) {
    case FIOCLEX:
    case FIONCLEX:
        TRY(fd_table().set_cloexec(fd, request == FIOCLEX));
        return 0;
    case FIONBIO: {
        int on = TRY(arg.as<const int>().read());
        if (on) f->flags |= vfs::O_NONBLOCK;
        else f->flags &= ~vfs::O_NONBLOCK;
        return 0;
    }
    default:
        if (!f->ops->ioctl) return Error(ENOTTY);
        return f->ops->ioctl(*f, request, arg);
    }
}

}  // namespace syscalls
