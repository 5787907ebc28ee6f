// kernel/lib/symbols.cc — lookups in the embedded symbol table (format in symbols.hh).
#include "lib/symbols.hh"

#include "lib/string.hh"

extern "C" char _ksyms_start[], _ksyms_end[];

namespace symbols {
namespace {

struct Header {
    u32 magic, count, strtab_offset, total_size;
};
struct Entry {
    u64 address;
    u32 size;
    u32 name_offset;
};

const u8* table = nullptr;
usize table_size = 0;
Header header;  // a copy: the table itself need not be aligned

// Entries are copied out, so a table at any alignment reads correctly.
Entry entry(usize i) {
    Entry e;
    memcpy(&e, table + sizeof(Header) + i * sizeof(Entry), sizeof e);
    return e;
}
const char* name_at(u32 off) {
    usize pos = usize(header.strtab_offset) + off;
    if (pos >= table_size) return "?";
    return reinterpret_cast<const char*>(table + pos);
}

}  // namespace

bool set_table(const void* data, usize size) {
    table = nullptr;
    table_size = 0;
    if (!data || size < sizeof(Header)) return false;
    Header h;
    memcpy(&h, data, sizeof h);
    if (h.magic != MAGIC || h.total_size > size) return false;
    if (u64(h.count) * sizeof(Entry) + sizeof(Header) > h.strtab_offset) return false;
    if (h.strtab_offset > h.total_size) return false;
    // The string table must end with a NUL so every name is terminated.
    if (h.total_size == h.strtab_offset || static_cast<const u8*>(data)[h.total_size - 1] != 0)
        return false;
    table = static_cast<const u8*>(data);
    table_size = h.total_size;
    header = h;
    // Lookups search by halves: the addresses must be in order.
    for (usize i = 1; i < h.count; ++i) {
        if (entry(i - 1).address > entry(i).address) {
            table = nullptr;
            table_size = 0;
            return false;
        }
    }
    return true;
}

void use_embedded_table() {
    set_table(_ksyms_start, static_cast<usize>(_ksyms_end - _ksyms_start));
}

Symbol lookup(u64 address) {
    if (!table) return {nullptr, 0, 0};
    usize lo = 0, hi = header.count;
    // The last entry whose address is <= the one we look for.
    while (lo < hi) {
        usize mid = lo + (hi - lo) / 2;
        if (entry(mid).address <= address) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return {nullptr, 0, 0};
    const Entry s = entry(lo - 1);
    if (s.size && address >= s.address + s.size) return {nullptr, 0, 0};
    return {name_at(s.name_offset), s.address, s.size};
}

u64 address_of(const char* name) {
    if (!table) return 0;
    for (u32 i = 0; i < header.count; ++i) {
        Entry e = entry(i);
        if (strcmp(name_at(e.name_offset), name) == 0) return e.address;
    }
    return 0;
}

}  // namespace symbols

void fmt::format_value(Sink& sink, const symbols::Location& loc, const Spec&) {
    symbols::Symbol s = symbols::lookup(loc.address);
    if (!s.name) {
        sink.put('?');
        return;
    }
    format(sink, "{}+{:#x}", s.name, loc.address - s.address);
}
