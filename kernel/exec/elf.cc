// kernel/exec/elf.cc — the ELF64 parser behind execve (see elf.hh for the rules).
//
// Every read goes through read_at(), which checks offset and size against the file
// before copying; every sum of two numbers from the file goes through add(), which
// fails on overflow. A header is copied out before it is looked at, so the file may be
// unaligned and is never written.
#include "exec/elf.hh"

#include "lib/string.hh"

namespace elf {
namespace {

constexpr u8 ELFCLASS64 = 2;
constexpr u8 ELFDATA2LSB = 1;
/// Linux refuses to map the lowest 64 KiB (vm.mmap_min_addr); an ET_EXEC that asks
/// for it could not be loaded there either.
constexpr u64 MIN_USER_ADDR = 0x10000;

/// a + b, or false when the sum does not fit in 64 bits.
bool add(u64 a, u64 b, u64& out) { return !__builtin_add_overflow(a, b, &out); }

/// True when [offset, offset+size) lies inside @p file.
bool in_file(std::span<const u8> file, u64 offset, u64 size) {
    u64 end;
    return add(offset, size, end) && end <= file.size();
}

template <typename T>
bool read_at(std::span<const u8> file, u64 offset, T& out) {
    if (!in_file(file, offset, sizeof(T))) return false;
    memcpy(&out, file.data() + offset, sizeof(T));
    return true;
}

bool is_power_of_two_or_zero(u64 x) { return (x & (x - 1)) == 0; }

Result<void> check_file_header(const FileHeader& h, std::span<const u8> file) {
    if (h.ident[0] != 0x7f || h.ident[1] != 'E' || h.ident[2] != 'L' || h.ident[3] != 'F')
        return Error(ENOEXEC);
    if (h.ident[4] != ELFCLASS64 || h.ident[5] != ELFDATA2LSB) return Error(ENOEXEC);
    if (h.type != ET_EXEC && h.type != ET_DYN) return Error(ENOEXEC);
    if (h.machine != EM_X86_64) return Error(ENOEXEC);
    if (h.phentsize != PHDR_SIZE) return Error(ENOEXEC);
    if (h.phnum == 0 || h.phnum > MAX_PHDRS) return Error(ENOEXEC);
    if (!in_file(file, h.phoff, u64(h.phnum) * PHDR_SIZE)) return Error(ENOEXEC);
    return {};
}

/// Checks one PT_LOAD on its own: sizes, file range, address range, alignment.
Result<void> check_load(const ProgramHeader& ph, u16 type, std::span<const u8> file) {
    if (ph.filesz > ph.memsz) return Error(ENOEXEC);
    if (!in_file(file, ph.offset, ph.filesz)) return Error(ENOEXEC);
    u64 end;
    if (!add(ph.vaddr, ph.memsz, end) || end > USER_LIMIT) return Error(ENOEXEC);
    if (type == ET_EXEC && align_down(ph.vaddr, PAGE_SIZE) < MIN_USER_ADDR) return Error(ENOEXEC);
    if (!is_power_of_two_or_zero(ph.align)) return Error(ENOEXEC);
    // The loader maps whole pages of the file: a byte's page offset in memory and in
    // the file must agree. The ELF spec asks the same modulo p_align.
    if (ph.vaddr % PAGE_SIZE != ph.offset % PAGE_SIZE) return Error(ENOEXEC);
    if (ph.align > 1 && ph.vaddr % ph.align != ph.offset % ph.align) return Error(ENOEXEC);
    return {};
}

Result<void> check_interp(const ProgramHeader& ph, std::span<const u8> file, Image& image) {
    if (image.has_interp) return Error(ENOEXEC);
    if (ph.filesz < 2 || ph.filesz > MAX_INTERP) return Error(ENOEXEC);
    if (!in_file(file, ph.offset, ph.filesz)) return Error(ENOEXEC);
    const u8* path = file.data() + ph.offset;
    if (path[ph.filesz - 1] != 0) return Error(ENOEXEC);  // not a C string
    u64 len = strnlen(reinterpret_cast<const char*>(path), ph.filesz);
    if (len == 0) return Error(ENOEXEC);
    image.has_interp = true;
    image.interp_offset = ph.offset;
    image.interp_size = len;
    return {};
}

Result<void> check_tls(const ProgramHeader& ph, std::span<const u8> file, Image& image) {
    if (image.has_tls) return Error(ENOEXEC);
    if (ph.filesz > ph.memsz || !in_file(file, ph.offset, ph.filesz)) return Error(ENOEXEC);
    if (!is_power_of_two_or_zero(ph.align)) return Error(ENOEXEC);
    image.has_tls = true;
    image.tls = {ph.vaddr, ph.memsz, ph.offset, ph.filesz, ph.align, ph.flags};
    return {};
}

/// The PT_LOAD whose file-backed bytes are [offset, offset+size) of the file, mapped
/// at the address that returns in @p vaddr; false when no segment maps all of them.
bool find_mapping(const Image& image, u64 offset, u64 size, u64& vaddr) {
    for (const Segment& s : image.load_segments()) {
        if (offset >= s.offset && offset - s.offset <= s.filesz &&
            size <= s.filesz - (offset - s.offset)) {
            vaddr = s.vaddr + (offset - s.offset);
            return true;
        }
    }
    return false;
}

/// PT_PHDR must describe the table e_phoff points at, as it appears in memory.
Result<void> check_phdr(const ProgramHeader& ph, Image& image) {
    u64 table = u64(image.phnum) * PHDR_SIZE;
    if (ph.offset != image.phoff || ph.filesz < table || ph.filesz > ph.memsz)
        return Error(ENOEXEC);
    u64 mapped_at;
    if (!find_mapping(image, ph.offset, table, mapped_at) || mapped_at != ph.vaddr)
        return Error(ENOEXEC);
    image.has_phdr_vaddr = true;
    image.phdr_vaddr = ph.vaddr;
    return {};
}

}  // namespace

Result<Image> parse(std::span<const u8> file) {
    FileHeader h;
    if (!read_at(file, 0, h)) return Error(ENOEXEC);
    TRY(check_file_header(h, file));

    Image image;
    image.type = h.type;
    image.entry = h.entry;
    image.phoff = h.phoff;
    image.phnum = h.phnum;
    image.phentsize = h.phentsize;

    bool seen_phdr = false;
    ProgramHeader phdr{};
    for (u16 i = 0; i < h.phnum; ++i) {
        ProgramHeader ph;
        if (!read_at(file, h.phoff + u64(i) * PHDR_SIZE, ph)) return Error(ENOEXEC);
        switch (ph.type) {
        case PT_LOAD: {
            TRY(check_load(ph, h.type, file));
            if (ph.memsz == 0) break;  // maps nothing
            if (image.load_count == MAX_LOADS) return Error(ENOEXEC);
            if (image.load_count > 0 && ph.vaddr < image.loads[image.load_count - 1].end())
                return Error(ENOEXEC);  // out of order, or overlapping the previous one
            image.loads[image.load_count++] = {ph.vaddr,  ph.memsz, ph.offset,
                                               ph.filesz, ph.align, ph.flags};
            break;
        }
        case PT_INTERP:
            TRY(check_interp(ph, file, image));
            break;
        case PT_PHDR:
            // The spec puts PT_PHDR before every loadable segment, at most once.
            if (seen_phdr || image.load_count > 0) return Error(ENOEXEC);
            seen_phdr = true;
            phdr = ph;
            break;
        case PT_TLS:
            TRY(check_tls(ph, file, image));
            break;
        case PT_GNU_STACK:
            image.executable_stack = (ph.flags & PF_X) != 0;
            break;
        default:
            break;  // PT_DYNAMIC, PT_NOTE, PT_GNU_RELRO, ...: nothing to check here
        }
    }
    if (image.load_count == 0) return Error(ENOEXEC);

    image.span_start = align_down(image.loads[0].vaddr, PAGE_SIZE);
    image.span_end = align_up(image.loads[image.load_count - 1].end(), PAGE_SIZE);

    if (seen_phdr) {
        TRY(check_phdr(phdr, image));
    } else {
        u64 vaddr;
        if (find_mapping(image, image.phoff, u64(image.phnum) * PHDR_SIZE, vaddr)) {
            image.has_phdr_vaddr = true;
            image.phdr_vaddr = vaddr;
        }
    }
    return image;
}

StrView interp_path(const Image& image, std::span<const u8> file) {
    if (!image.has_interp || !in_file(file, image.interp_offset, image.interp_size)) return {};
    return {reinterpret_cast<const char*>(file.data() + image.interp_offset), image.interp_size};
}

}  // namespace elf
