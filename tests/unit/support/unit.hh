// tests/unit/support/unit.hh — helpers shared by the host unit tests.
//
//   auto r = unit::capture_panic([] { list.push_back(already_linked); });
//   cr_assert(r.panicked);  cr_assert(r.message_contains("already on a list"));
//
//   unit::GuardedBuffer buf(size);     // ends exactly at an inaccessible page
//   std::mt19937_64& rng = unit::rng();  // seeded from LARCH_UNIT_SEED or a fixed seed
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
#define UNIT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNIT_ASAN 1
#endif
#endif
#ifdef UNIT_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace unit {

/// What happened when a function ran in a child process.
struct PanicResult {
    bool panicked = false;  ///< it ended by SIGABRT (the host panic_message aborts)
    int status = 0;         ///< the child's wait status
    std::string output;     ///< everything it wrote to stderr
    /// The panic's message: the text after "panic: " up to the end of that line.
    std::string message() const {
        auto at = output.find("panic: ");
        if (at == std::string::npos) return "";
        auto end = output.find('\n', at);
        return output.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
    }
    bool message_contains(const std::string& s) const {
        return message().find(s) != std::string::npos;
    }
};

/// Runs @p fn in a forked child with stderr captured; reports whether it panicked and
/// what it printed. The test process itself is unaffected.
template <typename F>
PanicResult capture_panic(F&& fn) {
    PanicResult r;
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    fflush(nullptr);
    pid_t pid = fork();
    if (pid < 0) std::abort();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        close(fds[1]);
        signal(SIGABRT, SIG_DFL);
        fn();
        fflush(nullptr);
        _exit(0);
    }
    close(fds[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) r.output.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    while (waitpid(pid, &r.status, 0) < 0) {}
    r.panicked = WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGABRT;
    return r;
}

/// Memory whose last byte is followed by a PROT_NONE page, so reading even one byte
/// past the end faults. data() is 8-byte aligned; when size is not a multiple of 8 the
/// few bytes between the end and the guard are poisoned under ASan.
class GuardedBuffer {
public:
    explicit GuardedBuffer(size_t size) : size_(size) {
        size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        size_t padded = (size + 7) & ~size_t(7);
        data_pages_ = (padded + page - 1) / page;
        if (data_pages_ == 0) data_pages_ = 1;
        map_len_ = (data_pages_ + 1) * page;
        void* m =
            mmap(nullptr, map_len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) std::abort();
        map_ = static_cast<unsigned char*>(m);
        if (mprotect(map_ + data_pages_ * page, page, PROT_NONE) != 0) std::abort();
        data_ = map_ + data_pages_ * page - padded;
#ifdef UNIT_ASAN
        if (padded > size) ASAN_POISON_MEMORY_REGION(data_ + size, padded - size);
#endif
    }
    /// Like the above, filled with a copy of @p bytes.
    GuardedBuffer(const void* bytes, size_t size) : GuardedBuffer(size) {
        if (size) std::memcpy(data_, bytes, size);
    }
    ~GuardedBuffer() {
#ifdef UNIT_ASAN
        ASAN_UNPOISON_MEMORY_REGION(map_, map_len_);
#endif
        munmap(map_, map_len_);
    }
    GuardedBuffer(const GuardedBuffer&) = delete;
    GuardedBuffer& operator=(const GuardedBuffer&) = delete;

    unsigned char* data() { return data_; }
    size_t size() const { return size_; }

private:
    unsigned char* map_ = nullptr;
    unsigned char* data_ = nullptr;
    size_t map_len_ = 0, data_pages_ = 0, size_ = 0;
};

/// The seed of randomized tests: $LARCH_UNIT_SEED, or a fixed default so runs repeat.
inline uint64_t seed() {
    const char* s = std::getenv("LARCH_UNIT_SEED");
    return s ? std::strtoull(s, nullptr, 0) : 0x1a2c4e;
}
/// A generator seeded with seed(); tests name the seed in their failure messages.
inline std::mt19937_64& rng() {
    static std::mt19937_64 gen(seed());
    return gen;
}

}  // namespace unit
