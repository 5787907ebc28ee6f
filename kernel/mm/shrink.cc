// kernel/mm/shrink.cc — the registry of shrinkable caches (shrink.hh).
#include "mm/shrink.hh"

#include <atomic>

#include "arch/x86_64/percpu.hh"

namespace mm {
namespace {

std::atomic<Shrinker*> shrinkers{nullptr};
std::atomic<u64> reclaimed{0};
// Set while a CPU runs the shrinkers: an allocation they make (they should not) or one
// from an interrupt on the same CPU does not recurse into them.
std::atomic<bool> shrinking[arch::MAX_CPUS];

}  // namespace

void register_shrinker(Shrinker& s) {
    Shrinker* head = shrinkers.load();
    do {
        s.next = head;
    } while (!shrinkers.compare_exchange_weak(head, &s));
}

u64 shrink_caches(u64 want) {
    unsigned cpu = arch::cpu_index();
    if (shrinking[cpu].exchange(true)) return 0;
    u64 freed = 0;
    for (Shrinker* s = shrinkers.load(); s && freed < want; s = s->next)
        freed += s->scan(want - freed);
    shrinking[cpu].store(false);
    reclaimed.fetch_add(freed);
    return freed;
}

u64 pages_reclaimed() { return reclaimed.load(); }

}  // namespace mm
