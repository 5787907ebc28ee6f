// kernel/mm/heap_pages.cc — the kernel heap's page source: the page allocator and the
// direct map; and heap_init, which also reads `heap_debug` from the command line.
#include "boot/cmdline.hh"
#include "lib/log.hh"
#include "mm/heap.hh"
#include "mm/physmem.hh"

namespace mm {
namespace {

class KernelPageSource final : public PageSource {
public:
    Result<Page*> alloc(unsigned order) override {
        paddr_t pa = TRY(alloc_pages(order));
        return page_of_phys(pa);
    }
    void free(Page* page, unsigned order) override { free_pages(page_phys(page), order); }
    void* address(const Page* page) override { return page_address(page); }
    Page* page_of(const void* address) override {
        return is_direct_map(reinterpret_cast<vaddr_t>(address)) ? page_of_address(address)
                                                                 : nullptr;
    }
};

KernelPageSource kernel_pages;

}  // namespace

void heap_init() {
    heap_init_with(kernel_pages);
    if (cmdline::boot().has("heap_debug")) {
        heap_set_debug(true);
        klog::info("mm: debug heap on (red zones, poison, quarantine, allocation sites)");
    }
}

}  // namespace mm
