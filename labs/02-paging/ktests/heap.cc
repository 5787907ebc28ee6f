// labs/02-paging/ktests/heap.cc — lab 02's tests of the kernel heap and its debug mode.
//
//   heap_basic               sizes 1 .. 64 KiB: aligned, distinct, writable; statistics
//                            of each cache come back to where they were.
//   heap_use_after_free      (debug heap) a write into a freed object is reported by
//                            heap_check(): use after free, the byte offset, and the
//                            allocation and free sites naming this test.
//   heap_double_free         (debug heap) the second kfree is reported with both sites.
//   heap_redzone             (debug heap) a write one byte past the object is reported.
//   heap_double_free_panics  panic test (command line heap_debug): the default report
//                            handler panics with "heap: double free of ... allocated at
//                            ktest_fn_heap_double_free_panics...".
// The recoverable tests install their own report handler, so the kernel goes on.
#include "lib/string.hh"
#include "lib/symbols.hh"
#include "mm/heap.hh"
#include "test/ktest.hh"

namespace {

mm::HeapReport captured[4];
volatile usize captured_count = 0;

void capture(const mm::HeapReport& r) {
    if (captured_count < 4) captured[captured_count] = r;
    captured_count = captured_count + 1;
}

// Debug heap on and reports captured for the scope of a test.
class DebugScope {
public:
    DebugScope() : was_(mm::heap_debug()) {
        captured_count = 0;
        previous_ = mm::set_heap_report_handler(capture);
        mm::heap_set_debug(true);
    }
    ~DebugScope() {
        mm::heap_set_debug(was_);
        mm::set_heap_report_handler(previous_);
    }

private:
    bool was_;
    mm::HeapReportHandler previous_;
};

const char* site_name(const void* site) {
    const char* n = symbols::lookup(reinterpret_cast<u64>(site)).name;
    return n ? n : "?";
}

bool names(const void* site, const char* function) {
    const char* n = site_name(site);
    usize len = strlen(function);
    for (; *n; ++n)
        if (strncmp(n, function, len) == 0) return true;
    return false;
}

// kmalloc for a test: a failure ends the test with its reason, not the kernel.
#define TEST_KMALLOC(type, var, size)                                        \
    auto var##_r = mm::kmalloc(size);                                        \
    if (var##_r.is_error()) {                                                \
        t.fail("kmalloc({}): {}", usize(size), errno_name(var##_r.error())); \
        return;                                                              \
    }                                                                        \
    auto* var = static_cast<type*>(var##_r.value())

// Checks the one report the test expected and shows it in the TAP stream.
void check_report(ktest::Context& t, mm::HeapError want, const void* object, const char* fn,
                  bool want_free_site) {
    t.value("reports", usize(captured_count));
    if (captured_count != 1) {
        t.fail("{} heap reports, expected exactly 1", usize(captured_count));
        if (!captured_count) return;
    }
    const mm::HeapReport& r = captured[0];
    char text[300];
    fmt::BufferSink sink(text, sizeof text);
    mm::format_heap_report(sink, r);
    console::print("# {}\n", text);
    t.value("error", mm::heap_error_name(r.error));
    t.value("alloc_site", site_name(r.alloc_site));
    if (r.error != want)
        t.fail("reported '{}', expected '{}'", mm::heap_error_name(r.error),
               mm::heap_error_name(want));
    if (r.object != object) t.fail("report names object {:p}, expected {:p}", r.object, object);
    if (!names(r.alloc_site, fn))
        t.fail("allocation site {} is not in {}", site_name(r.alloc_site), fn);
    if (want_free_site && !names(r.free_site, fn))
        t.fail("free site {} is not in {}", site_name(r.free_site), fn);
}

}  // namespace

KTEST("02-paging", heap_basic) {
    constexpr usize N = 24;
    static const usize sizes[N] = {1,    8,    15,   16,   17,   31,   33,    64,
                                   100,  128,  200,  256,  300,  511,  512,   700,
                                   1024, 1500, 2048, 2049, 4096, 5000, 16384, 65536};
    u64 in_use_before[32] = {};
    usize caches = mm::heap_cache_count();
    if (!caches) {
        t.fail("the heap has no caches");
        return;
    }
    for (usize i = 0; i < caches && i < 32; ++i)
        in_use_before[i] = mm::heap_cache_stats(i).objects_in_use;
    void* p[N] = {};
    for (usize i = 0; i < N; ++i) {
        auto r = mm::kmalloc(sizes[i]);
        if (r.is_error()) {
            t.fail("kmalloc({}): {}", sizes[i], errno_name(r.error()));
            break;
        }
        p[i] = r.value();
        if (reinterpret_cast<uptr>(p[i]) % 16)
            t.fail("kmalloc({}) = {:p} is not 16-byte aligned", sizes[i], p[i]);
        if (mm::kmalloc_usable_size(p[i]) < sizes[i])
            t.fail("kmalloc({}) has room for {}", sizes[i], mm::kmalloc_usable_size(p[i]));
        memset(p[i], int(i + 1), sizes[i]);
    }
    for (usize i = 0; i < N; ++i) {
        if (!p[i]) continue;
        const u8* b = static_cast<const u8*>(p[i]);
        if (b[0] != i + 1 || b[sizes[i] - 1] != i + 1)
            t.fail("object {} ({} bytes) was overwritten", i, sizes[i]);
    }
    for (usize i = 0; i < N; ++i) mm::kfree(p[i]);
    for (usize i = 0; i < caches && i < 32; ++i) {
        mm::SlabCacheStats s = mm::heap_cache_stats(i);
        if (s.objects_in_use != in_use_before[i])
            t.fail("cache {}: {} objects in use, {} before", s.name, s.objects_in_use,
                   in_use_before[i]);
    }
    auto zero = mm::kzalloc(200);
    if (zero.is_error()) {
        t.fail("kzalloc failed");
        return;
    }
    for (usize i = 0; i < 200; ++i)
        if (static_cast<u8*>(zero.value())[i]) {
            t.fail("kzalloc memory is not zero");
            break;
        }
    mm::kfree(zero.value());
    if (!mm::kmalloc(1ull << 40).is_error()) t.fail("kmalloc(1 TiB) did not fail");
    t.value("caches", caches);
}

KTEST("02-paging", heap_use_after_free) {
    DebugScope debug;
    TEST_KMALLOC(u64, obj, 40);
    obj[0] = 1;
    mm::kfree(obj);
    static_cast<volatile u8*>(static_cast<void*>(obj))[9] = 0x41;  // the bug
    usize n = mm::heap_check();
    t.value("check_reports", n);
    check_report(t, mm::HeapError::UseAfterFree, obj, "ktest_fn_heap_use_after_free", true);
    if (captured_count && captured[0].offset != 9)
        t.fail("the report says byte {}, the write was at byte 9", captured[0].offset);
}

KTEST("02-paging", heap_double_free) {
    DebugScope debug;
    TEST_KMALLOC(void, obj, 100);
    mm::kfree(obj);
    mm::kfree(obj);  // the bug
    check_report(t, mm::HeapError::DoubleFree, obj, "ktest_fn_heap_double_free", true);
    if (captured_count && !names(captured[0].site, "ktest_fn_heap_double_free"))
        t.fail("the second free's site is not named");
}

KTEST("02-paging", heap_redzone) {
    DebugScope debug;
    TEST_KMALLOC(u8, obj, 24);
    static_cast<volatile u8*>(obj)[24] = 0;  // the bug: one byte past the end
    mm::kfree(obj);
    check_report(t, mm::HeapError::RedZone, obj, "ktest_fn_heap_redzone", false);
    if (captured_count && captured[0].offset != 24)
        t.fail("the report says byte {}, the write was at byte 24", captured[0].offset);
}

KTEST("02-paging", heap_double_free_panics) {
    if (!mm::heap_debug())
        t.note("the debug heap is off (no heap_debug on the command line); turning it on");
    mm::heap_set_debug(true);
    TEST_KMALLOC(void, obj, 48);
    mm::kfree(obj);
    t.note("freeing {:p} twice: expect a panic with the heap report", obj);
    mm::kfree(obj);
    t.fail("the double free was not reported");
}
