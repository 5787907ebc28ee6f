// kernel/fs/devfs/memory.cc — the memory devices: null, zero, full, random, urandom.
//
// As in Linux (drivers/char/mem.c, random.c): /dev/null reads end of file and takes
// every write; /dev/zero reads zeros; /dev/full reads zeros and refuses writes with
// ENOSPC; random and urandom read the kernel's random bytes and take writes (which do
// not feed the pool here). None of them has an offset: lseek succeeds and returns 0.
#include "fs/devfs/devfs.hh"

#include "fs/vfs/file.hh"
#include "lib/string.hh"
#include "proc/process.hh"
#include "proc/random.hh"

namespace devfs {
namespace {

constexpr usize CHUNK = 512;

Result<u64> read_null(vfs::File&, const vfs::IoBuf&, u64*) { return 0; }
Result<u64> write_all(vfs::File&, const vfs::IoBuf& buf, u64*) { return buf.size(); }
Result<u64> write_full(vfs::File&, const vfs::IoBuf& buf, u64*) {
    if (buf.size() == 0) return 0;
    return Error(ENOSPC);
}

// Fills the buffer from @p source, CHUNK bytes at a time; a fault ends it.
Result<u64> fill_from(const vfs::IoBuf& buf, void (*source)(u8*, usize)) {
    u8 chunk[CHUNK];
    u64 done = 0;
    while (done < buf.size()) {
        usize n = buf.size() - done < CHUNK ? usize(buf.size() - done) : CHUNK;
        source(chunk, n);
        if (auto r = buf.fill(done, chunk, n); r.is_error()) {
            if (done) break;
            return Error(r.error());
        }
        done += n;
        if (proc::must_die()) break;
    }
    return done;
}

void zero_source(u8* p, usize n) { memset(p, 0, n); }
void random_source(u8* p, usize n) { proc::random_bytes(p, n); }

Result<u64> read_zero(vfs::File&, const vfs::IoBuf& buf, u64*) {
    return fill_from(buf, zero_source);
}
Result<u64> read_random(vfs::File&, const vfs::IoBuf& buf, u64*) {
    return fill_from(buf, random_source);
}
Result<u64> seek_none(vfs::File&, i64, int) { return 0; }

// No poll: always ready (vfs::file_poll's default); epoll refuses them (EPERM), as Linux.
const vfs::FileOps null_ops{read_null, write_all, seek_none};
const vfs::FileOps zero_ops{read_zero, write_all, seek_none};
const vfs::FileOps full_ops{read_zero, write_full, seek_none};
const vfs::FileOps random_ops{read_random, write_all, seek_none};

}  // namespace

const Device memory_devices[] = {
    {"null", 3, &null_ops},     {"zero", 5, &zero_ops},      {"full", 7, &full_ops},
    {"random", 8, &random_ops}, {"urandom", 9, &random_ops},
};
const usize memory_device_count = sizeof memory_devices / sizeof memory_devices[0];

}  // namespace devfs
