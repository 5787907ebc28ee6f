// kernel/proc/current.cc — what the memory code asks about the running task (current.hh).
#include "proc/current.hh"

#include "proc/task.hh"

namespace proc {

vm::AddressSpace* current_address_space() {
    Task* t = current();
    return t ? t->as : nullptr;
}

}  // namespace proc
