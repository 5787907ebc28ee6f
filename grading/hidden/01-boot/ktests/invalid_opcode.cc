// grading/hidden/01-boot/ktests/invalid_opcode.cc — an instructor-only lab 01 test.
//
// Lives apart from the student-visible tests (never exported to a skeleton). It puts
// the token the grader chose (ud_token=0x... on the command line) in r12 and executes
// ud2: the exception report must name #UD, show r12 with that token in its register
// dump, and symbolize the faulting function. Like divide_error, its outcome is a panic.
#include "boot/cmdline.hh"
#include "test/ktest.hh"

KTEST("01-boot", invalid_opcode_report) {
    bool found = false;
    StrView text = cmdline::boot().get("ud_token", &found);
    u64 token = 0;
    if (!found || !cmdline::parse_u64(text, token)) {
        t.fail("no ud_token=0x... on the kernel command line");
        return;
    }
    t.note("executing ud2 with r12={:#x}: expect a #UD report and a panic", token);
    register u64 r12 asm("r12") = token;
    asm volatile("ud2" : : "r"(r12) : "memory");
    t.fail("ud2 did not fault");
}
