// labs/02-paging/ktests/smp.cc — lab 02's tests that need every CPU at once.
//
//   heap_stress_all_cpus  every CPU runs random kmalloc/kfree (16 B .. 16 KiB) at the same
//                         time, each object filled with a pattern naming its CPU and slot
//                         and checked before it is freed; at the end every cache's
//                         in-use count is back where it was. Values: cpus, ops.
//   tlb_shootdown         a vmap page read by every CPU is remapped to another frame on
//                         this one; afterwards every CPU reads the new frame (the unmap's
//                         shootdown reached their TLBs). Values: cpus_checked, stale.
//   mm_bench              not graded: pages/s and 64-byte objects/s on one CPU and on all.
#include <atomic>

#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/smp.hh"
#include "drivers/timer/clock.hh"
#include "mm/heap.hh"
#include "mm/kernel_tables.hh"
#include "mm/physmem.hh"
#include "mm/tlb.hh"
#include "mm/vmap.hh"
#include "test/ktest.hh"

namespace {

// --- heap stress -----------------------------------------------------------------------

constexpr unsigned SLOTS = 128;
constexpr unsigned OPS_PER_CPU = 12000;

std::atomic<unsigned> stress_done{0};
std::atomic<unsigned> stress_errors{0};
std::atomic<u64> stress_ops{0};

u64 xorshift(u64& s) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

usize random_size(u64& seed) {
    u64 r = xorshift(seed) % 100;
    if (r < 70) return 1 + xorshift(seed) % 256;
    if (r < 95) return 257 + xorshift(seed) % (2048 - 256);
    return 2049 + xorshift(seed) % (16384 - 2048);
}

u64 pattern(unsigned cpu, unsigned slot, u64 gen) {
    return (u64(cpu) << 56) | (u64(slot) << 40) | gen;
}

void fill(u64* p, usize size, u64 v) {
    usize words = size / 8;
    usize n = words < 8 ? words : 8;
    for (usize i = 0; i < n; ++i) p[i] = v + i;
    if (words) p[words - 1] = ~v;
}

bool intact(const u64* p, usize size, u64 v) {
    usize words = size / 8;
    usize n = words < 8 ? words : 8;
    if (words && p[words - 1] != ~v) return false;
    for (usize i = 0; i < n; ++i)
        if (i != words - 1 && p[i] != v + i) return false;
    return true;
}

void stress(void*) {
    unsigned cpu = arch::cpu_index();
    u64 seed = 0x9e3779b97f4a7c15ull * (cpu + 1);
    u64* obj[SLOTS] = {};
    usize size[SLOTS] = {};
    u64 gen[SLOTS] = {};
    unsigned errors = 0;
    for (unsigned op = 0; op < OPS_PER_CPU; ++op) {
        unsigned s = xorshift(seed) % SLOTS;
        if (obj[s]) {
            if (!intact(obj[s], size[s], pattern(cpu, s, gen[s]))) ++errors;
            mm::kfree(obj[s]);
            obj[s] = nullptr;
        } else {
            size[s] = random_size(seed);
            auto r = mm::kmalloc(size[s]);
            if (r.is_error()) {
                ++errors;
                continue;
            }
            obj[s] = static_cast<u64*>(r.value());
            gen[s] = op;
            fill(obj[s], size[s], pattern(cpu, s, gen[s]));
        }
    }
    for (unsigned s = 0; s < SLOTS; ++s)
        if (obj[s]) {
            if (!intact(obj[s], size[s], pattern(cpu, s, gen[s]))) ++errors;
            mm::kfree(obj[s]);
        }
    stress_errors.fetch_add(errors);
    stress_ops.fetch_add(OPS_PER_CPU);
    stress_done.fetch_add(1, std::memory_order_release);
}

// Runs fn on every CPU at once (the others from the IPI) and waits for all.
void on_all_cpus(void (*fn)(void*), std::atomic<unsigned>& done, void* arg = nullptr) {
    done.store(0);
    unsigned cpus = smp::cpu_count();
    smp::call_on_others(fn, arg, false);
    fn(arg);
    while (done.load(std::memory_order_acquire) < cpus) asm volatile("pause");
}

// --- TLB shootdown ---------------------------------------------------------------------

volatile vaddr_t probe_va = 0;
u64 seen[arch::MAX_CPUS];

void read_probe(void*) { seen[arch::cpu_index()] = *reinterpret_cast<volatile u64*>(probe_va); }

// --- bench ----------------------------------------------------------------------------

constexpr unsigned BENCH_PAGES = 4096;
constexpr unsigned BENCH_OBJECTS = 8192;
std::atomic<unsigned> bench_done{0};
std::atomic<u64> bench_page_ops{0}, bench_obj_ops{0};

void bench_pages(void*) {
    static paddr_t pages[arch::MAX_CPUS][256];
    paddr_t* mine = pages[arch::cpu_index()];
    for (unsigned round = 0; round < BENCH_PAGES / 256; ++round) {
        for (unsigned i = 0; i < 256; ++i) mine[i] = mm::alloc_pages(0).value_or(0);
        for (unsigned i = 0; i < 256; ++i)
            if (mine[i]) mm::free_pages(mine[i], 0);
    }
    bench_page_ops.fetch_add(BENCH_PAGES);
    bench_done.fetch_add(1, std::memory_order_release);
}

void bench_objects(void*) {
    static void* objs[arch::MAX_CPUS][256];
    void** mine = objs[arch::cpu_index()];
    for (unsigned round = 0; round < BENCH_OBJECTS / 256; ++round) {
        for (unsigned i = 0; i < 256; ++i) mine[i] = mm::kmalloc(64).value_or(nullptr);
        for (unsigned i = 0; i < 256; ++i) mm::kfree(mine[i]);
    }
    bench_obj_ops.fetch_add(BENCH_OBJECTS);
    bench_done.fetch_add(1, std::memory_order_release);
}

// Operations (an alloc and its free) per second, over @p ops done in [t0, t1).
u64 rate(u64 ops, u64 t0, u64 t1) { return t1 > t0 ? ops * 1000000000ull / (t1 - t0) : 0; }

}  // namespace

KTEST("02-paging", heap_stress_all_cpus) {
    unsigned cpus = smp::cpu_count();
    usize caches = mm::heap_cache_count();
    u64 before[32] = {};
    for (usize i = 0; i < caches && i < 32; ++i) before[i] = mm::heap_cache_stats(i).objects_in_use;
    u64 large_before = mm::heap_large_stats().live;
    stress_errors.store(0);
    stress_ops.store(0);
    on_all_cpus(stress, stress_done);
    t.value("cpus", stress_done.load());
    t.value("ops", stress_ops.load());
    if (stress_done.load() != cpus) t.fail("{} of {} CPUs finished", stress_done.load(), cpus);
    if (stress_errors.load())
        t.fail("{} objects were corrupted or not allocated", stress_errors.load());
    for (usize i = 0; i < caches && i < 32; ++i) {
        mm::SlabCacheStats s = mm::heap_cache_stats(i);
        if (s.objects_in_use != before[i])
            t.fail("cache {}: {} objects in use after, {} before", s.name, s.objects_in_use,
                   before[i]);
    }
    if (mm::heap_large_stats().live != large_before)
        t.fail("{} large allocations leaked", mm::heap_large_stats().live - large_before);
    for (usize i = 0; i < caches / 2; ++i) {  // the caches' own statistics, for the log of the run
        mm::SlabCacheStats s = mm::heap_cache_stats(i);
        t.note("{}: {} slabs of {} pages, {} in use, {} allocs, {} frees", s.name, s.slabs,
               s.slab_pages, s.objects_in_use, s.allocs, s.frees);
    }
}

KTEST("02-paging", tlb_shootdown) {
    unsigned cpus = smp::cpu_count();
    if (cpus < 2) {
        t.fail("needs at least 2 CPUs (-smp 2)");
        return;
    }
    auto vr = mm::vmap_reserve(mm::PAGE_SIZE);
    auto ar = mm::alloc_pages_zeroed(0);
    auto br = mm::alloc_pages_zeroed(0);
    if (vr.is_error() || ar.is_error() || br.is_error()) {
        t.fail("no vmap address or no pages (vmap_reserve, alloc_pages_zeroed)");
        return;
    }
    vaddr_t va = vr.value();
    paddr_t a = ar.value(), b = br.value();
    *mm::phys_to_virt<u64>(a) = 0xaaaaaaaa;
    *mm::phys_to_virt<u64>(b) = 0xbbbbbbbb;
    probe_va = va;
    if (auto r = mm::kernel_map(va, a, mm::PAGE_SIZE, mm::PG_WRITE | mm::PG_GLOBAL); r.is_error()) {
        t.fail("kernel_map: {}", errno_name(r.error()));
        return;
    }
    for (u64& s : seen) s = 0;
    read_probe(nullptr);
    smp::call_on_others(read_probe, nullptr, true);  // every CPU now caches va -> a
    unsigned warm = 0;
    for (unsigned i = 0; i < cpus; ++i) warm += seen[i] == 0xaaaaaaaa;
    u64 shootdowns = mm::tlb_shootdowns();
    mm::kernel_unmap(va, mm::PAGE_SIZE).value();  // flushes va everywhere
    mm::kernel_map(va, b, mm::PAGE_SIZE, mm::PG_WRITE | mm::PG_GLOBAL).value();
    for (u64& s : seen) s = 0;
    read_probe(nullptr);
    smp::call_on_others(read_probe, nullptr, true);
    unsigned stale = 0, fresh = 0;
    for (unsigned i = 0; i < cpus; ++i) {
        if (seen[i] == 0xaaaaaaaa) ++stale;
        if (seen[i] == 0xbbbbbbbb) ++fresh;
    }
    t.value("cpus_checked", cpus);
    t.value("stale", stale);
    t.value("shootdowns", mm::tlb_shootdowns() - shootdowns);
    if (warm != cpus) t.fail("only {} of {} CPUs read the first mapping", warm, cpus);
    if (stale)
        t.fail("{} CPUs still read the old frame after the remap (stale TLB entries)", stale);
    else if (fresh != cpus) t.fail("{} of {} CPUs read the new frame", fresh, cpus);
    mm::kernel_unmap(va, mm::PAGE_SIZE).value();
    mm::free_pages(a, 0);
    mm::free_pages(b, 0);
}

KTEST("02-paging", mm_bench) {
    unsigned cpus = smp::cpu_count();
    // Warm up first: under TCG the first run of any code includes translating it.
    bench_pages(nullptr);
    bench_objects(nullptr);
    on_all_cpus(bench_pages, bench_done);
    on_all_cpus(bench_objects, bench_done);
    u64 t0 = ktime::now_ns();
    for (int i = 0; i < 4; ++i) bench_pages(nullptr);
    u64 t1 = ktime::now_ns();
    for (int i = 0; i < 4; ++i) bench_objects(nullptr);
    u64 t2 = ktime::now_ns();
    t.value("pages_per_s_1cpu", rate(4 * BENCH_PAGES, t0, t1));
    t.value("objects64_per_s_1cpu", rate(4 * BENCH_OBJECTS, t1, t2));
    bench_page_ops.store(0);
    bench_obj_ops.store(0);
    u64 t3 = ktime::now_ns();
    for (int i = 0; i < 4; ++i) on_all_cpus(bench_pages, bench_done);
    u64 t4 = ktime::now_ns();
    bench_page_ops.store(0);
    bench_obj_ops.store(0);
    for (int i = 0; i < 4; ++i) on_all_cpus(bench_objects, bench_done);
    u64 t5 = ktime::now_ns();
    t.value("cpus", cpus);
    t.value("pages_per_s_all", rate(4ull * cpus * BENCH_PAGES, t3, t4));
    t.value("objects64_per_s_all", rate(4ull * cpus * BENCH_OBJECTS, t4, t5));
}
