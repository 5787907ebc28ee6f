// tests/unit/support/panic_host.cc — panic_message() for host unit tests.
//
// The kernel's panic stops the machine; here it prints "panic: <message>" to stderr
// and aborts, so a Criterion test of a misuse declares `.signal = SIGABRT`, or runs
// the misuse through unit::capture_panic() to check the message too.
#include <cstdio>
#include <cstdlib>

#include "lib/panic.hh"

void panic_message(const char* message) {
    std::fprintf(stderr, "panic: %s\n", message);
    std::fflush(stderr);
    std::abort();
}

// No panic is ever "under way" on the host: the process is gone before anyone asks.
int panicking_cpu() { return -1; }
