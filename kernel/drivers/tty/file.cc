// kernel/drivers/tty/file.cc — a File open on a terminal: the FileOps entries every
// terminal node shares (File::priv is its Tty), and /dev/tty's open.
#include "drivers/tty/tty.hh"
#include "proc/process.hh"

namespace tty {
namespace {

Tty& tty_of(vfs::File& f) { return *static_cast<Tty*>(f.priv); }

}  // namespace

Result<u64> file_read(vfs::File& f, const vfs::IoBuf& buf, u64*) { return read(tty_of(f), f, buf); }

Result<u64> file_write(vfs::File& f, const vfs::IoBuf& buf, u64*) {
    return write(tty_of(f), f, buf);
}

u32 file_poll(vfs::File& f, vfs::PollWait* pw) { return poll_mask(tty_of(f), pw); }

Result<u64> file_ioctl(vfs::File& f, u32 request, vm::UserAddr arg) {
    return ioctl(tty_of(f), f, request, arg);
}

void file_release(vfs::File& f) {
    if (f.priv) closed(tty_of(f));
}

Result<void> open_controlling(vfs::File& f) {
    Tty* t = controlling_tty(proc::current()->sid);
    if (!t) return Error(ENXIO);
    TRY(opened(*t, true));
    f.priv = t;
    return {};
}

}  // namespace tty
