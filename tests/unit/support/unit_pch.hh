// tests/unit/support/unit_pch.hh — what every test file includes first, precompiled.
//
// tests/unit/unit.mk builds this into a GCC precompiled header for each variant (plain,
// asan) and forces it in front of each file under tests/unit/ (-include), which saves
// most of the time Criterion's and the standard library's headers take to parse.
// Kernel sources get only host_prelude.hh. A test still includes what it uses itself.
// (No #pragma once: GCC compiles it as a main file.)

#include "support/host_prelude.hh"

#include <criterion/criterion.h>
// Not <criterion/new/assert.h>: it redefines cr_assert, and tests choose their API.

#include <csignal>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>
