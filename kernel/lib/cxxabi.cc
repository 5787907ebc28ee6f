// kernel/lib/cxxabi.cc — the few C++ runtime symbols a freestanding kernel must provide.
//
// The throwing `operator new` is deliberately not defined: `new T` fails to link, and
// allocation goes through allocators that return Result. Placement new is in <new>.
#include "lib/panic.hh"

extern "C" {
[[noreturn]] void __cxa_pure_virtual();
[[noreturn]] void __cxa_guard_abort(void*);

void* __dso_handle = nullptr;

[[noreturn]] void __cxa_pure_virtual() { panic("pure virtual function called"); }

// Called when a function-local static's constructor throws; we have no exceptions.
[[noreturn]] void __cxa_guard_abort(void*) { panic("__cxa_guard_abort"); }
}

// Sized and unsized delete are referenced by virtual destructors even when unused.
void operator delete(void*) noexcept { panic("operator delete without an allocator"); }
void operator delete(void*, unsigned long) noexcept {
    panic("operator delete without an allocator");
}
