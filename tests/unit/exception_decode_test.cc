// tests/unit/exception_decode_test.cc — exception names and error codes in words (exception_decode.cc).
// UNIT_SOURCES: kernel/arch/x86_64/exception_decode.cc kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <string>

#include "arch/x86_64/exception_decode.hh"

namespace {

std::string page_fault(u64 error) {
    char buf[128];
    usize n = arch::describe_page_fault(error, buf, sizeof buf);
    cr_assert(lt(sz, n, sizeof buf));
    return buf;
}

std::string selector(u64 error) {
    char buf[128];
    arch::describe_selector_error(error, buf, sizeof buf);
    return buf;
}

}  // namespace

Test(exception_decode, names_of_the_graded_exceptions) {
    // The grader matches "exception: <mnemonic> <name> (vector N)"; these must not drift.
    cr_assert(eq(str, (char*)arch::exception_info(0).mnemonic, (char*)"#DE"));
    cr_assert(eq(str, (char*)arch::exception_info(0).name, (char*)"divide error"));
    cr_assert(eq(str, (char*)arch::exception_info(3).mnemonic, (char*)"#BP"));
    cr_assert(eq(str, (char*)arch::exception_info(8).name, (char*)"double fault"));
    cr_assert(eq(str, (char*)arch::exception_info(14).mnemonic, (char*)"#PF"));
    cr_assert(eq(str, (char*)arch::exception_info(14).name, (char*)"page fault"));
    cr_assert(eq(str, (char*)arch::exception_info(13).mnemonic, (char*)"#GP"));
}

Test(exception_decode, every_vector_has_a_name_and_error_code_flags_match_the_sdm) {
    for (u64 v = 0; v < 40; ++v) {
        const arch::ExceptionInfo& e = arch::exception_info(v);
        cr_assert(e.mnemonic && e.mnemonic[0], "vector %lu has no mnemonic", (unsigned long)v);
        cr_assert(e.name && e.name[0], "vector %lu has no name", (unsigned long)v);
    }
    const u64 with_code[] = {8, 10, 11, 12, 13, 14, 17, 21, 29, 30};
    for (u64 v = 0; v < 32; ++v) {
        bool expected = false;
        for (u64 w : with_code) expected |= w == v;
        cr_assert(eq(int, arch::exception_info(v).has_error_code, expected), "vector %lu",
                  (unsigned long)v);
    }
    cr_assert(not(arch::exception_info(32).has_error_code));
}

Test(exception_decode, page_fault_error_codes) {
    cr_assert(eq(page_fault(0x0), std::string("not-present read kernel-mode")));
    cr_assert(eq(page_fault(0x2), std::string("not-present write kernel-mode")));
    cr_assert(eq(page_fault(0x3), std::string("present write kernel-mode")));
    cr_assert(eq(page_fault(0x4), std::string("not-present read user-mode")));
    cr_assert(eq(page_fault(0x7), std::string("present write user-mode")));
    cr_assert(eq(page_fault(0x11), std::string("present instruction-fetch kernel-mode")));
    cr_assert(eq(page_fault(0x15), std::string("present instruction-fetch user-mode")));
    cr_assert(eq(page_fault(0x9), std::string("present read kernel-mode reserved-bit")));
    cr_assert(eq(page_fault(0x27), std::string("present write user-mode protection-key")));
    cr_assert(eq(page_fault(0x8047), std::string("present write user-mode shadow-stack sgx")));
}

Test(exception_decode, page_fault_text_is_cut_to_the_buffer) {
    char buf[8];
    usize n = arch::describe_page_fault(0, buf, sizeof buf);
    cr_assert(eq(sz, n, std::string("not-present read kernel-mode").size()));
    cr_assert(eq(str, buf, (char*)"not-pre"));
}

Test(exception_decode, selector_error_codes) {
    cr_assert(eq(selector(0), std::string("none")));
    cr_assert(eq(selector(0x38), std::string("selector 0x38 (GDT index 7)")));
    cr_assert(eq(selector(0x3c), std::string("selector 0x38 (LDT index 7)")));
    cr_assert(eq(selector(0x39), std::string("selector 0x38 (GDT index 7) external")));
    cr_assert(eq(selector(13 * 8 + 2), std::string("IDT vector 13")));
    cr_assert(eq(selector(0x80 * 8 + 3), std::string("IDT vector 128 external")));
    cr_assert(arch::has_selector_error_code(13));
    cr_assert(arch::has_selector_error_code(10));
    cr_assert(not(arch::has_selector_error_code(14)));
    cr_assert(not(arch::has_selector_error_code(8)));
}
