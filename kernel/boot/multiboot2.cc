// kernel/boot/multiboot2.cc — the multiboot2 information parser (see multiboot2.hh).
#include "boot/multiboot2.hh"

#include "lib/string.hh"

namespace boot {
namespace {

u32 load_u32(const u8* p) {
    u32 v;
    memcpy(&v, p, 4);
    return v;
}
u64 load_u64(const u8* p) {
    u64 v;
    memcpy(&v, p, 8);
    return v;
}

// Copies a NUL-terminated string that must end within [s, s + max).
Result<void> copy_string(const u8* s, usize max, char* dst, usize dst_size, u32& truncations) {
    usize n = 0;
    while (n < max && s[n]) ++n;
    if (n == max) return Error(EINVAL);  // no terminator inside the tag
    usize keep = n < dst_size - 1 ? n : dst_size - 1;
    if (keep < n) ++truncations;
    memcpy(dst, s, keep);
    dst[keep] = 0;
    return {};
}

//! [mb2_min_size]
// Minimum size of each tag type we read (header included).
u32 min_size(u32 type) {
    switch (type) {
    case mb2::Cmdline:
    case mb2::LoaderName:
        return 9;  // header + at least the NUL
    case mb2::Module:
        return 17;  // header + start + end + NUL
    case mb2::BasicMeminfo:
        return 16;
    case mb2::Mmap:
        return 16;
    case mb2::Framebuffer:
        return 31;
    case mb2::AcpiOld:
        return 8 + 20;
    case mb2::AcpiNew:
        return 8 + 36;
    case mb2::End:
        return 8;
    default:
        return 8;
    }
}
//! [mb2_min_size]

//! [mb2_mmap]
Result<void> parse_mmap(const u8* tag, u32 size, BootInfo& out) {
    u32 entry_size = load_u32(tag + 8);
    if (entry_size < 24 || entry_size % 8 != 0) return Error(EINVAL);
    if ((size - 16) % entry_size != 0) return Error(EINVAL);  // a partial entry at the end
    // LAB_BEGIN(01-boot, 1): record each memory map entry (base, length, type) in out.regions
    // entry_size <= size - off, not off + entry_size <= size: the sum can wrap around.
    for (u32 off = 16; off <= size && entry_size <= size - off; off += entry_size) {
        if (out.region_count == BootInfo::MAX_REGIONS) {
            ++out.truncations;
            break;
        }
        MemoryRegion& r = out.regions[out.region_count++];
        r.base = load_u64(tag + off);
        r.length = load_u64(tag + off + 8);
        u32 type = load_u32(tag + off + 16);
        r.type = type >= 1 && type <= 5 ? static_cast<MemoryType>(type) : MemoryType::Reserved;
    }
    // LAB_FALLBACK
    // (void)size, (void)out;
    // LAB_END
    return {};
}
//! [mb2_mmap]

}  // namespace

//! [mb2_walk]
Result<void> parse_multiboot2(const void* info, usize available, BootInfo& out) {
    const auto* base = static_cast<const u8*>(info);
    if (!base || reinterpret_cast<uptr>(base) % 8 != 0) return Error(EINVAL);
    if (available < 16) return Error(EINVAL);
    u32 total = load_u32(base);
    if (total < 16 || total > available) return Error(EINVAL);

    out.protocol = Protocol::Multiboot2;
    out.info_size = total;
    bool saw_end = false;
    for (u32 off = 8; off + 8 <= total;) {
        const u8* tag = base + off;
        u32 type = load_u32(tag);
        u32 size = load_u32(tag + 4);
        if (size < min_size(type) || size > total - off) return Error(EINVAL);
        switch (type) {
            //! [mb2_walk]
        case mb2::End:
            if (size != 8) return Error(EINVAL);
            saw_end = true;
            break;
        case mb2::Cmdline:
            TRY(copy_string(tag + 8, size - 8, out.cmdline, sizeof out.cmdline, out.truncations));
            break;
        case mb2::LoaderName:
            TRY(copy_string(tag + 8, size - 8, out.loader_name, sizeof out.loader_name,
                            out.truncations));
            break;
        case mb2::Module: {
            if (out.module_count == BootInfo::MAX_MODULES) {
                ++out.truncations;
                break;
            }
            Module& m = out.modules[out.module_count];
            m.start = load_u32(tag + 8);
            m.end = load_u32(tag + 12);
            if (m.end < m.start) return Error(EINVAL);
            TRY(copy_string(tag + 16, size - 16, m.name, sizeof m.name, out.truncations));
            ++out.module_count;
            break;
        }
        case mb2::Mmap:
            TRY(parse_mmap(tag, size, out));
            break;
        case mb2::Framebuffer:
            out.framebuffer.present = true;
            out.framebuffer.address = load_u64(tag + 8);
            out.framebuffer.pitch = load_u32(tag + 16);
            out.framebuffer.width = load_u32(tag + 20);
            out.framebuffer.height = load_u32(tag + 24);
            out.framebuffer.bpp = tag[28];
            out.framebuffer.type = tag[29];
            break;
        case mb2::AcpiOld:
        case mb2::AcpiNew: {
            // Prefer the ACPI 2.0+ RSDP when both are given.
            if (type == mb2::AcpiOld && out.rsdp_copy_len == 36) break;
            u32 n = type == mb2::AcpiNew ? 36 : 20;
            memcpy(out.rsdp_copy, tag + 8, n);
            out.rsdp_copy_len = n;
            break;
        }
        default:
            break;  // tags we do not use are skipped, not rejected
        }
        //! [mb2_next_tag]
        if (saw_end) break;
        u64 next = align_up(u64(off) + size, 8);
        if (next > total) break;
        off = static_cast<u32>(next);
    }
    if (!saw_end) return Error(EINVAL);
    return {};
}
//! [mb2_next_tag]

u64 BootInfo::usable_bytes() const {
    u64 sum = 0;
    for (usize i = 0; i < region_count; ++i)
        if (regions[i].type == MemoryType::Usable) sum += regions[i].length;
    return sum;
}

const char* memory_type_name(MemoryType t) {
    switch (t) {
    case MemoryType::Usable:
        return "usable";
    case MemoryType::Reserved:
        return "reserved";
    case MemoryType::AcpiReclaimable:
        return "ACPI reclaimable";
    case MemoryType::AcpiNvs:
        return "ACPI NVS";
    case MemoryType::Bad:
        return "bad";
    }
    return "?";
}

}  // namespace boot
