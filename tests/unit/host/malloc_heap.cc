// tests/unit/host/malloc_heap.cc — mm::kmalloc and friends over libc's malloc, for host tests of
// kernel code that allocates (the file systems) without the kernel's page allocator underneath.
#include <cstdlib>
#include <cstring>

#include "mm/heap.hh"

namespace mm {

Result<void*> kmalloc_at(usize size, const void*) {
    if (size == 0 || size > (usize{1} << 32)) return Error(EINVAL);
    void* p = std::aligned_alloc(16, (size + 15) & ~usize{15});
    if (!p) return Error(ENOMEM);
    return p;
}
void kfree_at(void* ptr, const void*) { std::free(ptr); }
Result<void*> kmalloc(usize size) { return kmalloc_at(size, nullptr); }
Result<void*> kzalloc(usize size) {
    void* p = TRY(kmalloc_at(size, nullptr));
    std::memset(p, 0, size);
    return p;
}
void kfree(void* ptr) { std::free(ptr); }

}  // namespace mm
