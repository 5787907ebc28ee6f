// kernel/arch/x86_64/guard.hh — looking up pages in the current page tables, for guard pages.
//
// register_guard_page() and guard_pages() are declared in cpu_tables.hh; these are the
// helpers that the exception report and the lab tests use to ask about one address.
#pragma once

#include <optional>

#include "lib/types.hh"

namespace arch {

/// The physical address that @p va maps to in the page tables CR3 points at, walked
/// through the direct map; nullopt when @p va is non-canonical or not mapped.
std::optional<paddr_t> lookup_mapping(vaddr_t va);

/// True when @p va lies in a registered guard page.
bool in_guard_page(vaddr_t va);

/// True when @p va is canonical (bits 63..47 all equal).
constexpr bool is_canonical(u64 va) {
    u64 top = va >> 47;
    return top == 0 || top == 0x1ffff;
}

}  // namespace arch
