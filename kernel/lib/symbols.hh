// kernel/lib/symbols.hh — kernel addresses to function names, for backtraces.
//
// The build links the kernel twice: the second link embeds, in the .ksyms section,
// a table made from the first link's symbols by tools/mksyms.py:
//   header {u32 magic "KSYM", u32 count, u32 strtab_offset, u32 total_size}
//   count entries {u64 address, u32 size, u32 name_offset}, sorted by address
//   the names (demangled C++), NUL-terminated
// A table is rejected when its sizes disagree, its names do not end in a NUL or its
// addresses are out of order; lookups check every name offset against the table's
// size, so a damaged name yields "?". The table may sit at any alignment.
#pragma once

#include "lib/format.hh"

namespace symbols {

constexpr u32 MAGIC = 0x4d59534b;  // "KSYM" little-endian

struct Symbol {
    const char* name;
    u64 address;
    u64 size;
};

/// Parses a table (the embedded one by default); false when malformed.
bool set_table(const void* data, usize size);
void use_embedded_table();

/// The function containing @p address; name is null when none does.
Symbol lookup(u64 address);
/// The address of the function named @p name, or 0.
u64 address_of(const char* name);

/// Formats as "name+0x1f" (or "?" when unknown).
struct Location {
    u64 address;
};

}  // namespace symbols

namespace fmt {
void format_value(Sink& sink, const symbols::Location& loc, const Spec& spec);
}
