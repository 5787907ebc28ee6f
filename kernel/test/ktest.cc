// kernel/test/ktest.cc — the in-kernel test runner: selection, TAP output, the end of the run.
#include "test/ktest.hh"

#include "boot/cmdline.hh"
#include "drivers/power.hh"
#include "lib/exit_codes.h"

extern "C" const ktest::Test __ktests_start[], __ktests_end[];

namespace ktest {
namespace {

bool selected(const Test& t, StrView tests, StrView lab) {
    bool hit = false;
    if (tests == StrView("all")) return true;
    cmdline::split_list(tests, [&](StrView name) { hit |= name == StrView(t.name); });
    cmdline::split_list(lab, [&](StrView id) { hit |= id == StrView(t.lab); });
    return hit;
}

}  // namespace

Handoff handoff_state;

const Handoff& handoff() { return handoff_state; }

bool run_selected() {
    const auto& cl = cmdline::boot();
    StrView tests = cl.get("test");
    StrView lab = cl.get("lab");
    if (tests.empty() && lab.empty()) return false;
    // `lab=none` is the grader's word for a boot that runs no test of either runner (its
    // tests only read the console): with init=, PID 1 then runs as on any boot, with no
    // TAP stream and no handoff (lab 03's first_program is PID 1 itself).
    if (tests.empty() && lab == StrView("none") && cl.has("init")) return false;
    // From lab 03 on, with init= on the command line, the user-mode runner (user/runner.c,
    // started by init) runs the names the kernel does not know and ends the run.
    bool handoff = cl.has("init");

    usize count = 0;
    for (const Test* t = __ktests_start; t < __ktests_end; ++t)
        if (selected(*t, tests, lab)) ++count;

    //! [ktest_run]
    if (handoff) console::print("TAP version 14\n");
    else console::print("TAP version 14\n1..{}\n", count);
    usize n = 0, failed = 0;
    for (const Test* t = __ktests_start; t < __ktests_end; ++t) {
        if (!selected(*t, tests, lab)) continue;
        ++n;
        console::print("# running {} ({})\n", t->name, t->lab);
        Context ctx;
        t->run(ctx);
        if (ctx.failed()) {
            ++failed;
            console::print("not ok {} - {} # {}\n", n, t->name, ctx.reason());
        } else {
            console::print("ok {} - {}\n", n, t->name);
        }
    }
    if (handoff) {
        Handoff& h = handoff_state;
        h.active = true;
        h.next_number = n + 1;
        h.failed = failed;
        h.all = tests == StrView("all");
        lab.copy_to(h.lab, sizeof h.lab);
        usize used = 0;
        cmdline::split_list(tests, [&](StrView name) {
            bool known = name == StrView("all");
            for (const Test* t = __ktests_start; t < __ktests_end; ++t)
                known |= name == StrView(t->name);
            if (known || used + name.len + 2 > sizeof h.names) return;
            if (used) h.names[used++] = ',';
            memcpy(h.names + used, name.data, name.len);
            used += name.len;
            h.names[used] = 0;
        });
        return false;
    }
    // Selected names that match no test are reported, so a typo cannot pass silently.
    cmdline::split_list(tests, [&](StrView name) {
        if (name == StrView("all")) return;
        bool known = false;
        for (const Test* t = __ktests_start; t < __ktests_end; ++t)
            known |= name == StrView(t->name);
        if (!known) {
            ++failed;
            console::print("# unknown test '{}'\n", name);
        }
    });
    console::print("# {} passed, {} failed\n", n - (failed > n ? n : failed), failed);
    power::exit_qemu(failed ? EXIT_CODE_FAIL : EXIT_CODE_PASS);
    //! [ktest_run]
    return true;
}

}  // namespace ktest
