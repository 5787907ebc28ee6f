// kernel/syscall/info.hh — what the syscall table says about a number, at run time.
//
//   if (const syscalls::Info* i = syscalls::info(nr)) klog::warn("{}: not implemented", i->name);
//
// Built from syscall/table.hh (the single source); used to log unknown or unimplemented
// calls by name and to list the table. The dispatcher itself is built from the same
// table with the status trick that table.hh describes.
#pragma once

#include "lib/types.hh"

namespace syscalls {

/// The Status column of syscall/table.hh.
enum class Status : u8 { Full, Partial, Stub, Planned, Absent };

/// One row of the table, without the handler.
struct Info {
    u16 number;
    const char* name;
    Status status;
    const char* note;
};

/// The row for @p number, or nullptr when Linux has no call with that number.
const Info* info(u64 number);
/// All rows, in ascending order of number.
const Info* begin();
const Info* end();
/// "Full", "Partial", ...
const char* status_name(Status s);

}  // namespace syscalls
