// labs/06-ext4/ktests/block_node.cc — /dev/vdX: a block special file over the page cache.
//
// block_node_fsync (labs/06-ext4/lab.toml, a zeroed 8 MiB drive "bnode"): a kernel
// thread opens the disk's node in devfs through the VFS (open_at, as open(2) does),
// writes 1 MiB + 5 bytes at the unaligned offset 4099, fsyncs (its FileOps::fsync:
// writeback and a disk flush), reads it back, and checks the ends: a read at the end
// gives 0 bytes, a write there ENOSPC, O_DIRECT EINVAL. After the boot the host
// compares the image with the pattern (labs/06-ext4/checks/bnode_pattern.py), so the
// bytes must have reached the disk through fsync, not a later writeback.
#include <atomic>

#include "drivers/block/registry.hh"
#include "drivers/timer/clock.hh"
#include "fs/block/buffer.hh"
#include "fs/cache/page_cache.hh"
#include "fs/vfs/open.hh"
#include "fs/vfs/root.hh"
#include "lib/format.hh"
#include "proc/kthread.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "test/ktest.hh"

namespace {

constexpr u64 OFFSET = 4099, LEN = (1u << 20) + 5;

u8 pattern(u64 k) { return u8(((k * 13 + (k >> 8)) & 0xff) ^ 0x3c); }

struct Job {
    ktest::Context* t;
    const block::Device* disk;
    std::atomic<int> done{0};
};

void check(ktest::Context& t, const block::Device& d) {
    vfs::FsContext ctx;
    ctx.root = ctx.cwd = vfs::root_path();
    if (ctx.root.empty()) return t.fail("no root file system");
    vfs::Origin origin{&ctx};
    char path[32];
    fmt::format_to(path, sizeof path, "/dev/{}", d.name);
    auto direct = vfs::open_at(origin, path, vfs::O_RDWR | vfs::O_DIRECT, 0, 0, vfs::Creator{});
    t.expect(direct.is_error() && direct.error() == EINVAL,
             "O_DIRECT on a block node was not EINVAL");
    auto opened = vfs::open_at(origin, path, vfs::O_RDWR, 0, 0, vfs::Creator{});
    if (opened.is_error()) return t.fail("open {}: errno {}", path, opened.error());
    vfs::File* f = opened.value();
    auto out = fs::Buffer::zeroed(LEN);
    auto in = fs::Buffer::zeroed(LEN);
    if (out.is_error() || in.is_error()) {
        vfs::file_put(f);
        return t.fail("no memory for the buffers");
    }
    for (u64 k = 0; k < LEN; ++k) out.value().data()[k] = pattern(k);
    vfs::IoSeg seg;
    u64 pos = OFFSET;
    auto w = f->ops->write(*f, vfs::IoBuf::kernel_range(seg, out.value().data(), LEN), &pos);
    t.value("written", w.is_error() ? 0 : w.value());
    u64 before = cache::stats().written;
    auto s = f->ops->fsync(*f, false);
    t.expect(!s.is_error(), "fsync failed");
    t.value("fsync_pages", cache::stats().written - before);
    pos = OFFSET;
    auto r = f->ops->read(*f, vfs::IoBuf::kernel_range(seg, in.value().data(), LEN), &pos);
    t.expect(!r.is_error() && r.value() == LEN, "reading back gave a short count");
    t.expect(__builtin_memcmp(in.value().data(), out.value().data(), LEN) == 0,
             "read back differs from what was written");
    u64 size = d.sectors * fs::SECTOR_SIZE;
    pos = size;
    auto end_read = f->ops->read(*f, vfs::IoBuf::kernel_range(seg, in.value().data(), 512), &pos);
    t.expect(!end_read.is_error() && end_read.value() == 0, "a read at the end gave bytes");
    pos = size;
    auto end_write =
        f->ops->write(*f, vfs::IoBuf::kernel_range(seg, out.value().data(), 512), &pos);
    t.expect(end_write.is_error() && end_write.error() == ENOSPC,
             "a write at the end was not ENOSPC");
    auto seek = f->ops->llseek(*f, 0, vfs::SEEK_END);
    t.value("size", seek.is_error() ? 0 : seek.value());
    vfs::file_put(f);
}

void run_job(void* arg) {
    auto* job = static_cast<Job*>(arg);
    check(*job->t, *job->disk);
    job->done.store(1);
}

}  // namespace

KTEST("06-ext4", block_node_fsync) {
    block::probe();
    const block::Device* d = block::find_by_serial("bnode");
    if (!d) return t.fail("no virtio-blk disk with serial 'bnode'");
    static Job job;
    job.t = &t;
    job.disk = d;
    job.done = 0;
    auto k = proc::kthread_create("ktest-bnode", run_job, &job);
    if (k.is_error()) return t.fail("kthread_create failed");
    proc::TaskRef ref(k.value());
    u64 end = ktime::now_ns() + 60000ull * 1000000;
    while (!job.done.load() && ktime::now_ns() < end) proc::yield();
    if (!job.done.load()) t.fail("the block node test did not finish in 60 s");
}
