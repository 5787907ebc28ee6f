// labs/06-ext4/ktests/page_cache.cc — the page cache on a disk larger than memory.
//
// page_cache_pressure (labs/06-ext4/lab.toml: 128 MiB of RAM, a zeroed 192 MiB drive
// "cache"): a kernel thread writes every page of the disk through the block device's
// mapping (fs/cache/bdev.hh), then reads it all back and checks it. The disk does not
// fit in memory, so the cache must write back (the dirty limit holds the writer), and
// give clean pages back when memory runs short (reclaim); none of it may fail or hang.
// First, 64 dirty pages left alone must reach the disk by the writeback thread once
// they are older than the (shortened) expiry. After the boot the host reads the image
// and compares every page with the pattern (labs/06-ext4/checks/page_pattern.py).
// Values: pages, mismatches, write_kib_s, read_kib_s (through the cache, from disk),
// raw_kib_s (the device directly), reclaimed, throttled, readahead, by_thread.
#include <atomic>

#include "drivers/block/registry.hh"
#include "drivers/timer/clock.hh"
#include "fs/block/buffer.hh"
#include "fs/cache/bdev.hh"
#include "mm/shrink.hh"
#include "proc/kthread.hh"
#include "proc/sched.hh"
#include "proc/table.hh"
#include "test/ktest.hh"

namespace {

constexpr u64 MS = 1000000;

// The 16-byte record that fills page @p i (the host check computes the same).
void fill_page(u8* p, u64 i) {
    u64 rec[2] = {i, i * 0x9E3779B97F4A7C15ull};
    for (usize off = 0; off < cache::PAGE_SIZE; off += 16) __builtin_memcpy(p + off, rec, 16);
}

bool page_matches(const u8* p, u64 i) {
    const auto* w = reinterpret_cast<const u64*>(p);
    u64 a = i, b = i * 0x9E3779B97F4A7C15ull, diff = 0;
    for (usize k = 0; k < cache::PAGE_SIZE / 8; k += 2) diff |= (w[k] ^ a) | (w[k + 1] ^ b);
    return diff == 0;
}

// Sleeps about @p ns (a kernel thread).
void nap(u64 ns) {
    SpinLock l{"ktest-nap"};
    proc::WaitQueue wq;
    SpinLockGuard g(l);
    proc::sleep_on_until(wq, l, ktime::now_ns() + ns);
}

u64 kib_per_s(u64 bytes, u64 ns) { return ns ? bytes * 1000000000ull / 1024 / ns : 0; }

struct Job {
    ktest::Context* t;
    const block::Device* disk;
    std::atomic<int> done{0};
};

// Writes pages [first, first + n) with the pattern (dirty, not written back).
bool write_pattern(ktest::Context& t, cache::Mapping& m, u64 first, u64 n) {
    for (u64 i = first; i < first + n; ++i) {
        auto p = cache::grab_page(m, i, true);
        if (p.is_error()) {
            t.fail("grab_page({}) failed: errno {}", i, p.error());
            return false;
        }
        fill_page(p.value()->data, i);
        cache::mark_dirty(p.value());
        cache::put_page(p.value());
        cache::balance_dirty(m);
    }
    return true;
}

void workload(ktest::Context& t, const block::Device& d) {
    auto bm = cache::bdev_mapping(*d.dev);
    if (bm.is_error()) return t.fail("no mapping for the disk: errno {}", bm.error());
    cache::Mapping& m = bm.value()->mapping;
    u64 pages = d.sectors / fs::PAGE_SECTORS;
    t.value("pages", pages);

    // 1. The writeback thread: dirty pages older than the expiry reach the disk alone.
    cache::set_dirty_expire_ns(200 * MS);
    cache::set_writeback_period_ns(100 * MS);
    u64 before = cache::stats().written_by_thread;
    if (!write_pattern(t, m, 0, 64)) return;
    u64 end = ktime::now_ns() + 5000 * MS;
    // (A page is clean from when its write starts; the count moves when it ends.)
    while ((cache::stats().dirty || cache::stats().written_by_thread - before < 64) &&
           ktime::now_ns() < end)
        nap(20 * MS);
    t.value("by_thread", cache::stats().written_by_thread - before);
    t.expect(cache::stats().dirty == 0, "the writeback thread left dirty pages past the expiry");
    cache::set_dirty_expire_ns(30000 * MS);
    cache::set_writeback_period_ns(5000 * MS);

    // 2. The whole disk, written through the cache: more than memory holds.
    u64 t0 = ktime::now_ns();
    if (!write_pattern(t, m, 0, pages)) return;
    if (auto r = cache::write_back(m, 0, cache::WHOLE); r.is_error())
        return t.fail("write_back failed: errno {}", r.error());
    if (auto r = d.dev->flush(); r.is_error()) return t.fail("flush failed: errno {}", r.error());
    t.value("write_kib_s", kib_per_s(pages * cache::PAGE_SIZE, ktime::now_ns() - t0));

    // 3. Read back through the cache (mostly from the disk again: it did not fit).
    u64 bad = 0;
    t0 = ktime::now_ns();
    for (u64 i = 0; i < pages; ++i) {
        auto p = cache::get_page(m, i);
        if (p.is_error()) return t.fail("get_page({}) failed: errno {}", i, p.error());
        if (!page_matches(p.value()->data, i)) {
            if (!bad) t.note("page {} differs", i);
            ++bad;
        }
        cache::put_page(p.value());
    }
    t.value("read_kib_s", kib_per_s(pages * cache::PAGE_SIZE, ktime::now_ns() - t0));
    t.value("mismatches", bad);

    // 4. The device itself, for comparison: 256 KiB reads over 64 MiB.
    auto buf = fs::Buffer::zeroed(256 * 1024);
    if (buf.is_error()) return t.fail("no memory for the raw buffer");
    u64 raw = 64ull << 20;
    t0 = ktime::now_ns();
    for (u64 off = 0; off < raw; off += 256 * 1024)
        if (d.dev->read(off / 512, 512, buf.value().data()).is_error())
            return t.fail("raw read at {} failed", off);
    t.value("raw_kib_s", kib_per_s(raw, ktime::now_ns() - t0));

    cache::Stats s = cache::stats();
    t.value("reclaimed", s.reclaimed);
    t.value("throttled", s.throttled);
    t.value("readahead", s.readahead);
    t.note("cache: {} pages, {} dirty, {} hits, {} misses, {} written, allocator reclaim {}",
           s.pages, s.dirty, s.hits, s.misses, s.written, mm::pages_reclaimed());
    t.expect(s.reclaimed > 0, "nothing was reclaimed on a disk larger than memory");
    t.expect(s.throttled > 0, "the dirty limit never held the writer");
}

void run_job(void* arg) {
    auto* job = static_cast<Job*>(arg);
    workload(*job->t, *job->disk);
    job->done.store(1);
}

}  // namespace

KTEST("06-ext4", page_cache_pressure) {
    block::probe();
    const block::Device* d = block::find_by_serial("cache");
    if (!d) return t.fail("no virtio-blk disk with serial 'cache'");
    static Job job;
    job.t = &t;
    job.disk = d;
    job.done = 0;
    auto k = proc::kthread_create("ktest-cache", run_job, &job);
    if (k.is_error()) return t.fail("kthread_create failed");
    proc::TaskRef ref(k.value());
    u64 end = ktime::now_ns() + 240000 * MS;
    while (!job.done.load() && ktime::now_ns() < end) proc::yield();
    if (!job.done.load()) t.fail("the cache workload did not finish in 240 s");
}
