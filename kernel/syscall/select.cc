// kernel/syscall/select.cc — select(2) and pselect6(2): poll over three descriptor bitmaps.
//
// The bitmaps (read, write, except; each may be null) cover descriptors 0..nfds-1, as
// many 64-bit words as that needs. nfds past the table's size is cut down to it (bits
// beyond are ignored, as Linux does); a set bit for a descriptor that is not open is
// EBADF. Readiness maps onto poll bits as Linux's: readable is POLLIN|POLLHUP|POLLERR
// (and the RD variants), writable POLLOUT|POLLERR, exceptional POLLPRI. The result
// bitmaps replace the arguments and the call returns the number of bits set.
#include "fs/poll/poll_table.hh"
#include "mm/heap.hh"
#include "syscall/file_util.hh"
#include "syscall/handlers.hh"
#include "syscall/poll_wait.hh"

namespace syscalls {
namespace {

constexpr u32 IN_SET =
    vfs::POLLRDNORM | vfs::POLLRDBAND | vfs::POLLIN | vfs::POLLHUP | vfs::POLLERR;
constexpr u32 OUT_SET = vfs::POLLWRBAND | vfs::POLLWRNORM | vfs::POLLOUT | vfs::POLLERR;
constexpr u32 EX_SET = vfs::POLLPRI;

// The three input and three output bitmaps, words of 64 descriptors each.
struct Sets {
    u64* in[3];
    u64* out[3];
    usize words;
};

bool test(const u64* set, usize fd) { return set && (set[fd / 64] >> (fd % 64)) & 1; }

// One pass: the bits set in the outputs.
Result<u64> scan(Sets& s, usize n, vfs::PollWait* pw) {
    u64 count = 0;
    for (int k = 0; k < 3; ++k)
        if (s.out[k]) memset(s.out[k], 0, s.words * 8);
    for (usize fd = 0; fd < n; ++fd) {
        bool r = test(s.in[0], fd), w = test(s.in[1], fd), x = test(s.in[2], fd);
        if (!r && !w && !x) continue;
        auto f = file_at(int(fd));
        if (f.is_error()) return Error(EBADF);
        // An O_PATH descriptor is open but cannot be polled: never ready.
        u32 mask = f.value()->flags & vfs::O_PATH ? vfs::POLLNVAL : vfs::file_poll(*f.value(), pw);
        const u32 sets[3] = {IN_SET, OUT_SET, EX_SET};
        const bool asked[3] = {r, w, x};
        for (int k = 0; k < 3; ++k) {
            if (asked[k] && (mask & sets[k])) {
                s.out[k][fd / 64] |= u64(1) << (fd % 64);
                ++count;
            }
        }
    }
    return count;
}

Result<u64> do_select(int nfds, vm::UserAddr ufds[3], u64 deadline) {
    if (nfds < 0) return Error(EINVAL);
    usize n = usize(nfds);
    u32 cap = fd_table().capacity();
    if (n > cap) n = cap;
    Sets s{};
    s.words = (n + 63) / 64;
    usize bytes = s.words * 8;
    u64* mem = nullptr;
    if (bytes) mem = static_cast<u64*>(TRY(mm::kzalloc(bytes * 6)));
    struct Free {
        void* p;
        ~Free() {
            if (p) mm::kfree(p);
        }
    } free_mem{mem};
    for (int k = 0; k < 3; ++k) {
        if (ufds[k].is_null() || !bytes) continue;
        s.in[k] = mem + k * s.words;
        s.out[k] = mem + (3 + k) * s.words;
        TRY(vm::copy_from_user(s.in[k], ufds[k].address(), bytes));
    }
    fs::PollTable table;
    u64 count;
    for (vfs::PollWait* pw = deadline == NO_WAIT ? nullptr : &table;; pw = nullptr) {
        count = TRY(scan(s, n, pw));
        if (table.failed()) return Error(ENOMEM);
        if (count || deadline == NO_WAIT) break;
        fs::Woken w = table.sleep(deadline);
        if (w == fs::Woken::Signal) return Error(proc::ERESTARTNOHAND);
        if (w == fs::Woken::Timeout) {
            count = TRY(scan(s, n, nullptr));
            break;
        }
    }
    for (int k = 0; k < 3; ++k)
        if (s.out[k]) TRY(vm::copy_to_user(ufds[k].address(), s.out[k], bytes));
    return count;
}

struct SigsetArg {  // pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }
    u64 ss;
    u64 len;
};

}  // namespace

Result<u64> sys_select(int nfds, vm::UserAddr rfds, vm::UserAddr wfds, vm::UserAddr xfds,
                       vm::UserAddr timeout) {
    u64 deadline = TRY(deadline_from_timeval(timeout));
    vm::UserAddr sets[3] = {rfds, wfds, xfds};
    Result<u64> r = do_select(nfds, sets, deadline);
    write_remaining_timeval(timeout, deadline);
    return r;
}

Result<u64> sys_pselect6(int nfds, vm::UserAddr rfds, vm::UserAddr wfds, vm::UserAddr xfds,
                         vm::UserAddr timeout, vm::UserAddr sig) {
    u64 deadline = TRY(deadline_from_timespec(timeout));
    SigmaskSwap swap;
    if (!sig.is_null()) {
        SigsetArg a = TRY(sig.as<const SigsetArg>().read());
        TRY(swap.install(vm::UserAddr(a.ss), a.len));
    }
    vm::UserAddr sets[3] = {rfds, wfds, xfds};
    Result<u64> r = swap.finish(do_select(nfds, sets, deadline));
    write_remaining_timespec(timeout, deadline);
    return r;
}

}  // namespace syscalls
