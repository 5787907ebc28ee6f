// kernel/syscall/info.cc — the table of syscall names and statuses (see info.hh).
//
// The rows come from syscall/table.hh; static_asserts below reject a table whose
// numbers are not strictly ascending or whose status is not one of the five.
#include "syscall/info.hh"

namespace syscalls {
namespace {

constexpr Info rows[] = {
#define SYSCALL(nr, name, handler, status, note) {nr, #name, Status::status, note},
#include "syscall/table.hh"
};
constexpr usize row_count = sizeof(rows) / sizeof(rows[0]);

constexpr bool strictly_ascending() {
    for (usize i = 1; i < row_count; ++i)
        if (rows[i].number <= rows[i - 1].number) return false;
    return true;
}
static_assert(strictly_ascending(), "syscall/table.hh: numbers must be strictly ascending");
static_assert(row_count > 0 && rows[row_count - 1].number < 1024,
              "syscall/table.hh: numbers out of range");

}  // namespace

const Info* info(u64 number) {
    usize lo = 0, hi = row_count;
    while (lo < hi) {  // binary search: the rows are sorted
        usize mid = lo + (hi - lo) / 2;
        if (rows[mid].number == number) return &rows[mid];
        if (rows[mid].number < number) lo = mid + 1;
        else hi = mid;
    }
    return nullptr;
}

const Info* begin() { return rows; }
const Info* end() { return rows + row_count; }

const char* status_name(Status s) {
    switch (s) {
    case Status::Full:
        return "Full";
    case Status::Partial:
        return "Partial";
    case Status::Stub:
        return "Stub";
    case Status::Planned:
        return "Planned";
    case Status::Absent:
        return "Absent";
    }
    return "?";
}

}  // namespace syscalls
