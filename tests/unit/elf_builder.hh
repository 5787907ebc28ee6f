// tests/unit/elf_builder.hh — small ELF64 images made in memory, for the ELF parser's
// tests and the seeds of its fuzzer.
//
//   ElfBuilder b = ElfBuilder::minimal_exec();   // a loadable ET_EXEC of 544 bytes
//   b.phdrs[1].filesz = b.phdrs[1].memsz + 1;    // break one rule
//   auto r = elf::parse(b.bytes());              // ENOEXEC expected
//
// The images follow what real linkers emit: the ELF header at 0, the program-header
// table right after it (e_phoff = 64), code and data after that, PT_LOAD offsets and
// addresses congruent modulo the page size.
#pragma once

#include <cstring>
#include <string>
#include <vector>

#include "exec/elf.hh"

struct ElfBuilder {
    elf::FileHeader header{};
    std::vector<elf::ProgramHeader> phdrs;
    std::vector<u8> body;  ///< the whole file after the headers are written over it

    /// An ET_EXEC at 0x400000: a read+exec PT_LOAD holding the headers and 0x200 bytes
    /// of "code", a read+write PT_LOAD of 0x20 file bytes and a page of bss, and a
    /// non-executable PT_GNU_STACK. Entry at 0x400180.
    static ElfBuilder minimal_exec() {
        ElfBuilder b;
        b.init_header(elf::ET_EXEC, 0x400180);
        b.phdrs.push_back(load(0x400000, 0, 0x200, 0x200, elf::PF_R | elf::PF_X));
        b.phdrs.push_back(load(0x401200, 0x200, 0x20, 0x1000, elf::PF_R | elf::PF_W));
        b.phdrs.push_back(gnu_stack(elf::PF_R | elf::PF_W));
        b.body.assign(0x220, 0);
        for (usize i = 0x180; i < 0x200; ++i) b.body[i] = 0x90;  // nops
        return b;
    }

    /// A static PIE (ET_DYN linked at 0): PT_PHDR first, then the same two PT_LOADs
    /// as minimal_exec() relative to 0, a PT_TLS inside the data, PT_GNU_STACK.
    static ElfBuilder minimal_pie() {
        ElfBuilder b;
        b.init_header(elf::ET_DYN, 0x180);
        elf::ProgramHeader phdr{};
        phdr.type = elf::PT_PHDR;
        phdr.flags = elf::PF_R;
        phdr.offset = phdr.vaddr = phdr.paddr = elf::EHDR_SIZE;
        phdr.align = 8;
        b.phdrs.push_back(phdr);
        b.phdrs.push_back(load(0, 0, 0x200, 0x200, elf::PF_R | elf::PF_X));
        b.phdrs.push_back(load(0x1200, 0x200, 0x20, 0x1000, elf::PF_R | elf::PF_W));
        elf::ProgramHeader tls{};
        tls.type = elf::PT_TLS;
        tls.flags = elf::PF_R;
        tls.offset = 0x200;
        tls.vaddr = tls.paddr = 0x1200;
        tls.filesz = 8;
        tls.memsz = 0x40;
        tls.align = 8;
        b.phdrs.push_back(tls);
        b.phdrs.push_back(gnu_stack(elf::PF_R | elf::PF_W));
        b.body.assign(0x220, 0);
        b.fix_phdr_size();
        return b;
    }

    /// minimal_exec() with a PT_INTERP naming @p path (stored at file offset 0x140,
    /// inside the first PT_LOAD, as linkers place it).
    static ElfBuilder with_interp(const std::string& path) {
        ElfBuilder b = minimal_exec();
        elf::ProgramHeader interp{};
        interp.type = elf::PT_INTERP;
        interp.flags = elf::PF_R;
        interp.offset = 0x140;
        interp.vaddr = interp.paddr = 0x400140;
        interp.filesz = interp.memsz = path.size() + 1;
        interp.align = 1;
        b.phdrs.insert(b.phdrs.begin(), interp);
        if (0x140 + path.size() + 1 > b.body.size()) b.body.resize(0x140 + path.size() + 1);
        std::memcpy(b.body.data() + 0x140, path.c_str(), path.size() + 1);
        return b;
    }

    static elf::ProgramHeader load(u64 vaddr, u64 offset, u64 filesz, u64 memsz, u32 flags,
                                   u64 align = 0x1000) {
        elf::ProgramHeader p{};
        p.type = elf::PT_LOAD;
        p.flags = flags;
        p.offset = offset;
        p.vaddr = p.paddr = vaddr;
        p.filesz = filesz;
        p.memsz = memsz;
        p.align = align;
        return p;
    }

    static elf::ProgramHeader gnu_stack(u32 flags) {
        elf::ProgramHeader p{};
        p.type = elf::PT_GNU_STACK;
        p.flags = flags;
        p.align = 16;
        return p;
    }

    void init_header(u16 type, u64 entry) {
        const u8 ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        std::memcpy(header.ident, ident, sizeof ident);
        header.type = type;
        header.machine = elf::EM_X86_64;
        header.version = 1;
        header.entry = entry;
        header.phoff = elf::EHDR_SIZE;
        header.ehsize = elf::EHDR_SIZE;
        header.phentsize = elf::PHDR_SIZE;
    }

    /// Keeps a PT_PHDR's sizes equal to the table's.
    void fix_phdr_size() {
        for (auto& p : phdrs)
            if (p.type == elf::PT_PHDR) p.filesz = p.memsz = phdrs.size() * elf::PHDR_SIZE;
    }

    /// The file: body with the header at 0 and the table at e_phoff written over it
    /// (e_phnum set from phdrs unless @p keep_phnum). Grows the body to hold them.
    std::vector<u8> bytes(bool keep_phnum = false) const {
        std::vector<u8> out = body;
        elf::FileHeader h = header;
        if (!keep_phnum) h.phnum = static_cast<u16>(phdrs.size());
        if (out.size() < sizeof h) out.resize(sizeof h);
        std::memcpy(out.data(), &h, sizeof h);
        if (h.phoff < (u64(1) << 32)) {
            usize table_end = h.phoff + phdrs.size() * elf::PHDR_SIZE;
            if (out.size() < table_end) out.resize(table_end);
            for (usize i = 0; i < phdrs.size(); ++i)
                std::memcpy(out.data() + h.phoff + i * elf::PHDR_SIZE, &phdrs[i], elf::PHDR_SIZE);
        }
        return out;
    }
};
