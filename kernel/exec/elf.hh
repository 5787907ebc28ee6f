// kernel/exec/elf.hh — reading and validating an ELF64 executable before execve maps it.
//
//   auto image = TRY(elf::parse(file_bytes));            // ENOEXEC when malformed
//   for (const elf::Segment& s : image.load_segments()) map(s.vaddr + bias, ...);
//
// The parser is pure: it reads only the bytes it is given, through bounds-checked
// copies, and never trusts a size or an offset from the file before checking that it
// stays inside those bytes without overflowing. It accepts what Linux's binfmt_elf
// would load for x86_64: ET_EXEC and ET_DYN (a static PIE, or a dynamic program whose
// PT_INTERP the caller decides about), little-endian ELFCLASS64, EM_X86_64. Everything
// else, and every inconsistent header, is ENOEXEC. The same code builds in the kernel
// and on the host (tests/unit/elf_*_test.cc and the libFuzzer target); host code that
// includes this header must not include <elf.h>, whose macros share these names.
#pragma once

#include <span>

#include "lib/result.hh"
#include "lib/strview.hh"
#include "lib/types.hh"

namespace elf {

/// e_type values the loader accepts.
enum : u16 { ET_EXEC = 2, ET_DYN = 3 };
/// p_type values the parser looks at (others are skipped).
enum : u32 {
    PT_NULL = 0,
    PT_LOAD = 1,
    PT_DYNAMIC = 2,
    PT_INTERP = 3,
    PT_NOTE = 4,
    PT_PHDR = 6,
    PT_TLS = 7,
    PT_GNU_STACK = 0x6474e551,
};
/// p_flags bits.
enum : u32 { PF_X = 1, PF_W = 2, PF_R = 4 };

constexpr u16 EM_X86_64 = 62;
constexpr usize EHDR_SIZE = 64;  ///< sizeof(Elf64_Ehdr)
constexpr usize PHDR_SIZE = 56;  ///< sizeof(Elf64_Phdr), the only e_phentsize accepted
constexpr u64 PAGE_SIZE = 4096;

/// Program headers beyond this many are refused (Linux refuses a table over 64 KiB;
/// real static programs have about ten).
constexpr u16 MAX_PHDRS = 128;
/// PT_LOAD segments beyond this many are refused (static musl/glibc programs have 4).
constexpr usize MAX_LOADS = 16;
/// The PT_INTERP path, NUL included, may be at most this long (PATH_MAX).
constexpr u64 MAX_INTERP = 4096;
/// Every byte of a loaded image must lie below this address (x86_64 user space ends at
/// 2^47; the top page stays unmapped as Linux keeps it).
constexpr u64 USER_LIMIT = 0x0000'7fff'ffff'f000;

/// The ELF file header as the file stores it (Elf64_Ehdr).
struct FileHeader {
    u8 ident[16];
    u16 type;
    u16 machine;
    u32 version;
    u64 entry;
    u64 phoff;
    u64 shoff;
    u32 flags;
    u16 ehsize;
    u16 phentsize;
    u16 phnum;
    u16 shentsize;
    u16 shnum;
    u16 shstrndx;
};
static_assert(sizeof(FileHeader) == EHDR_SIZE);

/// One program header as the file stores it (Elf64_Phdr).
struct ProgramHeader {
    u32 type;
    u32 flags;
    u64 offset;
    u64 vaddr;
    u64 paddr;
    u64 filesz;
    u64 memsz;
    u64 align;
};
static_assert(sizeof(ProgramHeader) == PHDR_SIZE);

/// A validated segment: file bytes [offset, offset+filesz) go to [vaddr, vaddr+filesz),
/// the rest up to vaddr+memsz is zero (bss). For ET_DYN, vaddr is relative to the
/// load bias the loader chooses.
struct Segment {
    u64 vaddr = 0;
    u64 memsz = 0;
    u64 offset = 0;
    u64 filesz = 0;
    u64 align = 0;  ///< 0 or a power of two
    u32 flags = 0;  ///< PF_R | PF_W | PF_X

    bool readable() const { return flags & PF_R; }
    bool writable() const { return flags & PF_W; }
    bool executable() const { return flags & PF_X; }
    /// First byte past the segment in memory.
    u64 end() const { return vaddr + memsz; }
};

/// What execve needs to know about a program, all of it checked against the file size.
struct Image {
    u16 type = 0;       ///< ET_EXEC or ET_DYN
    u64 entry = 0;      ///< e_entry (relative to the bias for ET_DYN)
    u64 phoff = 0;      ///< e_phoff
    u16 phnum = 0;      ///< e_phnum (AT_PHNUM)
    u16 phentsize = 0;  ///< always PHDR_SIZE (AT_PHENT)

    Segment loads[MAX_LOADS];  ///< PT_LOAD segments in ascending vaddr order
    usize load_count = 0;

    /// Lowest and highest page-aligned addresses covered by the PT_LOAD segments:
    /// the span the loader reserves (for ET_DYN it places this span at its bias).
    u64 span_start = 0;
    u64 span_end = 0;

    /// Where the program headers are in memory (AT_PHDR minus the bias): PT_PHDR's
    /// p_vaddr when present, otherwise computed from the PT_LOAD that maps e_phoff.
    /// has_phdr_vaddr is false when no loaded segment contains them (then AT_PHDR
    /// has no honest value; Linux passes a computed one anyway).
    bool has_phdr_vaddr = false;
    u64 phdr_vaddr = 0;

    /// PT_INTERP: the program wants a dynamic loader (lab 08). interp_offset and
    /// interp_size (NUL excluded) locate the path inside the file.
    bool has_interp = false;
    u64 interp_offset = 0;
    u64 interp_size = 0;

    /// PT_TLS, if any (the initial thread-local image; libc sets it up itself).
    bool has_tls = false;
    Segment tls;

    /// PT_GNU_STACK without PF_X means a non-executable stack (the default for
    /// modern toolchains); an executable stack is only honoured when asked for.
    bool executable_stack = false;

    std::span<const Segment> load_segments() const { return {loads, load_count}; }
};

/// Parses and validates an ELF64 executable held in @p file. ENOEXEC for anything
/// that is not a well-formed x86_64 ET_EXEC/ET_DYN program: bad magic, class, data
/// encoding, version, machine or type; a header or program-header table that does not
/// fit in the file; e_phentsize other than 56; no PT_LOAD, or more than MAX_LOADS;
/// a PT_LOAD with filesz > memsz, file bytes outside the file, an address range that
/// overflows or leaves user space, p_align not a power of two, vaddr and offset not
/// congruent modulo the page size (and modulo p_align), segments out of vaddr order or
/// overlapping; a PT_INTERP that is empty, too long, outside the file or not a
/// NUL-terminated string; more than one PT_INTERP, PT_PHDR or PT_TLS; a PT_PHDR after
/// a PT_LOAD or not inside any loaded segment. The entry point is not checked: like
/// on Linux, a program whose entry lies outside its code faults in user mode.
Result<Image> parse(std::span<const u8> file);

/// The PT_INTERP path of a parsed image, as a view into @p file (empty without one).
/// @p file must be the bytes @p image was parsed from.
StrView interp_path(const Image& image, std::span<const u8> file);

}  // namespace elf
