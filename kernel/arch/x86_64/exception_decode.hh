// kernel/arch/x86_64/exception_decode.hh — names of the CPU exceptions and their error codes in words.
//
// Pure functions (no hardware access), shared by the exception report and the host
// unit tests (tests/unit/exception_decode_test.cc).
#pragma once

#include "lib/types.hh"

namespace arch {

/// What the Intel SDM (vol. 3, table 6-1) and AMD's manual call an exception vector.
struct ExceptionInfo {
    const char* mnemonic;  ///< "#PF"; "NMI" for vector 2; "#15" style for reserved ones
    const char* name;      ///< "page fault"
    bool has_error_code;   ///< the CPU pushes an error code
};

/// The exception of vector @p vector (0..31); a "reserved" entry for others.
const ExceptionInfo& exception_info(u64 vector);

/// Page-fault error code in words, e.g. "not-present read kernel-mode" or
/// "present write user-mode reserved-bit". Words, in order:
///   present | not-present;  read | write | instruction-fetch;  kernel-mode | user-mode;
///   then any of reserved-bit, protection-key, shadow-stack, sgx.
/// Returns the full length (as fmt::format_to: the text is cut to fit @p size).
usize describe_page_fault(u64 error_code, char* buf, usize size);

/// Selector error code (#TS #NP #SS #GP, also #DF's always-0 one) in words, e.g.
/// "selector 0x38 (GDT index 7)", "IDT vector 13", "external", or "none" for 0.
usize describe_selector_error(u64 error_code, char* buf, usize size);

/// True for the exceptions whose error code names a segment selector.
bool has_selector_error_code(u64 vector);

}  // namespace arch
