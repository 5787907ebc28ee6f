// kernel/fs/poll/poll_table.hh — a task waiting for any of several files (poll, select).
//
// poll(2) and select(2) ask every file for its readiness, registering a PollTable on the
// first pass (fs/vfs/poll.hh): one WaitEntry per wait queue the files name, each marked
// `keep` and calling a function that records the wake-up and wakes the task. When no
// file is ready the task sleeps (the multi-queue protocol of proc/sched.hh) until an
// entry fires, a signal comes or the deadline passes, then asks the files again.
//
//   PollTable table;
//   for (PollWait* pw = &table;; pw = nullptr) {
//       if (scan(pw) || ...) break;                 // scan calls vfs::file_poll(f, pw)
//       if (table.sleep(deadline) != Woken::Event) break;
//   }                                               // ~PollTable takes every entry off
#pragma once

#include <atomic>

#include "fs/vfs/poll.hh"
#include "proc/task.hh"

namespace fs {

/// Why PollTable::sleep returned.
enum class Woken { Event, Signal, Timeout };

class PollTable : public vfs::PollWait {
public:
    PollTable();
    ~PollTable();
    PollTable(const PollTable&) = delete;
    PollTable& operator=(const PollTable&) = delete;

    /// Sleeps until an entry fires (or fired since the last call), a signal is pending
    /// or the monotonic time @p deadline_ns passes (0: no deadline).
    Woken sleep(u64 deadline_ns);
    /// ENOMEM when an entry could not be allocated (the caller gives up).
    bool failed() const { return failed_; }

private:
    struct Entry {
        proc::WaitEntry wait;
        proc::WaitQueue* queue = nullptr;
        SpinLock* lock = nullptr;
    };
    struct Chunk {
        static constexpr usize N = 32;
        Chunk* next = nullptr;
        usize used = 0;
        Entry entries[N];
    };
    static void add(vfs::PollWait& pw, proc::WaitQueue& wq, SpinLock& lock);
    static bool fire(proc::WaitEntry& e);

    proc::Task* task_;
    std::atomic<bool> triggered_{false};
    bool failed_ = false;
    Chunk* chunks_ = nullptr;
};

/// A timeout in nanoseconds from now as a monotonic deadline (0 never comes: 1 ns later).
u64 deadline_after(u64 ns);

}  // namespace fs
