// tests/unit/fakes/arch/x86_64/cpu.hh — the host stand-in for kernel/arch/x86_64/cpu.hh.
//
// Instructions become reads and writes of a modelled machine that tests can inspect
// and preset: an I/O port space (with optional handlers, to play a device), MSRs,
// control registers, a TSC that advances on every read, and CPUID answers.
//   fake::machine().msrs[arch::MSR_EFER] = 0x500;
//   fake::machine().port_in = [](u16 port, int bytes) -> u32 { ... };
// State is per process; Criterion runs each test in a process of its own.
#pragma once

#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "lib/types.hh"

namespace arch {
struct CpuidResult {
    u32 eax, ebx, ecx, edx;
};
}  // namespace arch

namespace fake {
struct PortWrite {
    u16 port;
    u32 value;
    int bytes;
};
struct Machine {
    std::map<u16, u32> ports;                         ///< last value written to each port
    std::vector<PortWrite> port_writes;               ///< every out*, in order
    std::function<u32(u16 port, int bytes)> port_in;  ///< overrides `ports` when set
    std::function<void(u16 port, u32 value, int bytes)> port_out;  ///< called on every out*
    std::map<u32, u64> msrs;
    u64 cr0 = 0x80000011, cr2 = 0, cr3 = 0, cr4 = 0x20;
    u64 tsc = 0;
    u64 tsc_step = 1000;                                     ///< added by every rdtsc
    std::map<std::pair<u32, u32>, arch::CpuidResult> cpuid;  ///< (leaf, subleaf) -> answer
    std::vector<u64> invlpgs;
};
inline Machine& machine() {
    static Machine m;
    return m;
}
inline u32 port_read(u16 port, int bytes) {
    Machine& m = machine();
    if (m.port_in) return m.port_in(port, bytes);
    auto it = m.ports.find(port);
    return it == m.ports.end() ? ~0u : it->second;
}
inline void port_write(u16 port, u32 value, int bytes) {
    Machine& m = machine();
    m.ports[port] = value;
    m.port_writes.push_back({port, value, bytes});
    if (m.port_out) m.port_out(port, value, bytes);
}
}  // namespace fake

namespace arch {

constexpr u32 MSR_EFER = 0xc0000080;
constexpr u32 MSR_STAR = 0xc0000081;
constexpr u32 MSR_LSTAR = 0xc0000082;
constexpr u32 MSR_SFMASK = 0xc0000084;
constexpr u32 MSR_FS_BASE = 0xc0000100;
constexpr u32 MSR_GS_BASE = 0xc0000101;
constexpr u32 MSR_KERNEL_GS_BASE = 0xc0000102;
constexpr u32 MSR_APIC_BASE = 0x1b;
constexpr u32 MSR_TSC_DEADLINE = 0x6e0;

inline void outb(u16 port, u8 v) { fake::port_write(port, v, 1); }
inline void outw(u16 port, u16 v) { fake::port_write(port, v, 2); }
inline void outl(u16 port, u32 v) { fake::port_write(port, v, 4); }
inline u8 inb(u16 port) { return static_cast<u8>(fake::port_read(port, 1)); }
inline u16 inw(u16 port) { return static_cast<u16>(fake::port_read(port, 2)); }
inline u32 inl(u16 port) { return fake::port_read(port, 4); }

inline void cpu_relax_io() {}

inline u64 rdmsr(u32 msr) { return fake::machine().msrs[msr]; }
inline void wrmsr(u32 msr, u64 v) { fake::machine().msrs[msr] = v; }

inline u64 rdtsc() { return fake::machine().tsc += fake::machine().tsc_step; }

inline u64 read_cr0() { return fake::machine().cr0; }
inline u64 read_cr2() { return fake::machine().cr2; }
inline u64 read_cr3() { return fake::machine().cr3; }
inline u64 read_cr4() { return fake::machine().cr4; }
inline void write_cr0(u64 v) { fake::machine().cr0 = v; }
inline void write_cr3(u64 v) { fake::machine().cr3 = v; }
inline void write_cr4(u64 v) { fake::machine().cr4 = v; }
inline void invlpg(u64 va) { fake::machine().invlpgs.push_back(va); }

/// The preset answer for (leaf, subleaf), or all zeros.
inline CpuidResult cpuid(u32 leaf, u32 subleaf = 0) {
    auto& table = fake::machine().cpuid;
    auto it = table.find({leaf, subleaf});
    return it == table.end() ? CpuidResult{0, 0, 0, 0} : it->second;
}

}  // namespace arch
