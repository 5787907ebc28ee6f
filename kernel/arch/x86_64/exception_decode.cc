// kernel/arch/x86_64/exception_decode.cc — the exception table and error-code decoding (see .hh).
#include "arch/x86_64/exception_decode.hh"

#include "lib/format.hh"

namespace arch {
namespace {

constexpr ExceptionInfo EXCEPTIONS[32] = {
    {"#DE", "divide error", false},
    {"#DB", "debug", false},
    {"NMI", "non-maskable interrupt", false},
    {"#BP", "breakpoint", false},
    {"#OF", "overflow", false},
    {"#BR", "bound range exceeded", false},
    {"#UD", "invalid opcode", false},
    {"#NM", "device not available", false},
    {"#DF", "double fault", true},
    {"#CSO", "coprocessor segment overrun", false},
    {"#TS", "invalid TSS", true},
    {"#NP", "segment not present", true},
    {"#SS", "stack-segment fault", true},
    {"#GP", "general protection fault", true},
    {"#PF", "page fault", true},
    {"#15", "reserved", false},
    {"#MF", "x87 floating-point error", false},
    {"#AC", "alignment check", true},
    {"#MC", "machine check", false},
    {"#XM", "SIMD floating-point exception", false},
    {"#VE", "virtualization exception", false},
    {"#CP", "control protection", true},
    {"#22", "reserved", false},
    {"#23", "reserved", false},
    {"#24", "reserved", false},
    {"#25", "reserved", false},
    {"#26", "reserved", false},
    {"#27", "reserved", false},
    {"#HV", "hypervisor injection", false},
    {"#VC", "VMM communication", true},
    {"#SX", "security exception", true},
    {"#31", "reserved", false},
};
constexpr ExceptionInfo NOT_AN_EXCEPTION = {"#?", "not an exception vector", false};

// Page-fault error code bits (Intel SDM vol. 3, figure 4-12).
constexpr u64 PF_PRESENT = 1u << 0;
constexpr u64 PF_WRITE = 1u << 1;
constexpr u64 PF_USER = 1u << 2;
constexpr u64 PF_RESERVED = 1u << 3;
constexpr u64 PF_FETCH = 1u << 4;
constexpr u64 PF_PKEY = 1u << 5;
constexpr u64 PF_SHADOW_STACK = 1u << 6;
constexpr u64 PF_SGX = 1u << 15;

// Selector error code bits (Intel SDM vol. 3, 6.13).
constexpr u64 SEL_EXTERNAL = 1u << 0;
constexpr u64 SEL_IDT = 1u << 1;
constexpr u64 SEL_LDT = 1u << 2;

}  // namespace

const ExceptionInfo& exception_info(u64 vector) {
    return vector < 32 ? EXCEPTIONS[vector] : NOT_AN_EXCEPTION;
}

bool has_selector_error_code(u64 vector) {
    return vector == 10 || vector == 11 || vector == 12 || vector == 13;
}

usize describe_page_fault(u64 e, char* buf, usize size) {
    const char* access = e & PF_FETCH ? "instruction-fetch" : e & PF_WRITE ? "write" : "read";
    return fmt::format_to(buf, size, "{} {} {}{}{}{}{}", e & PF_PRESENT ? "present" : "not-present",
                          access, e & PF_USER ? "user-mode" : "kernel-mode",
                          e & PF_RESERVED ? " reserved-bit" : "",
                          e & PF_PKEY ? " protection-key" : "",
                          e & PF_SHADOW_STACK ? " shadow-stack" : "", e & PF_SGX ? " sgx" : "");
}

usize describe_selector_error(u64 e, char* buf, usize size) {
    if (e == 0) return fmt::format_to(buf, size, "none");
    const char* external = e & SEL_EXTERNAL ? " external" : "";
    u64 index = (e >> 3) & 0x1fff;
    if (e & SEL_IDT) return fmt::format_to(buf, size, "IDT vector {}{}", (e >> 3) & 0xff, external);
    return fmt::format_to(buf, size, "selector {:#x} ({} index {}){}", e & 0xfff8,
                          e & SEL_LDT ? "LDT" : "GDT", index, external);
}

}  // namespace arch
