// tests/unit/acpi_test.cc — the ACPI table parsers on synthetic tables (drivers/acpi/).
// UNIT_SOURCES: kernel/drivers/acpi/aml_s5.cc kernel/drivers/acpi/madt.cc kernel/drivers/acpi/fadt.cc kernel/lib/format.cc kernel/lib/log.cc
//
// Firmware tables are input from outside: besides well-formed tables, every parser is
// fed truncated and inconsistent ones, which must be ignored (or cut short), never
// read out of bounds (the ASan build checks that: tables sit in exact-size vectors).
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <vector>

#include "arch/x86_64/cpu.hh"
#include "drivers/acpi/tables.hh"

namespace acpi {
namespace {
Info test_info;
}
const Info& info() { return test_info; }  // fadt.cc's poweroff() reads it
}  // namespace acpi

using acpi::detail::Table;

namespace {

// A table: a 36-byte header (signature, length) followed by @p body.
struct Built {
    std::vector<u8> bytes;
    Table table() const {
        Table t;
        t.bytes = bytes.data();
        t.length = static_cast<u32>(bytes.size());
        return t;
    }
};

Built make_table(const char* sig, const std::vector<u8>& body) {
    Built b;
    b.bytes.assign(36, 0);
    memcpy(b.bytes.data(), sig, 4);
    b.bytes.insert(b.bytes.end(), body.begin(), body.end());
    u32 len = static_cast<u32>(b.bytes.size());
    memcpy(b.bytes.data() + 4, &len, 4);
    return b;
}

void put32(std::vector<u8>& v, u32 x) {
    for (int i = 0; i < 4; ++i) v.push_back(static_cast<u8>(x >> (8 * i)));
}
void put16(std::vector<u8>& v, u16 x) {
    v.push_back(static_cast<u8>(x));
    v.push_back(static_cast<u8>(x >> 8));
}

std::vector<u8> madt_header(u32 lapic_address = 0xfee00000, u32 flags = 1) {
    std::vector<u8> v;
    put32(v, lapic_address);
    put32(v, flags);
    return v;
}
void add_lapic(std::vector<u8>& v, u8 uid, u8 id, u32 flags) {
    v.insert(v.end(), {0, 8, uid, id});
    put32(v, flags);
}
void add_ioapic(std::vector<u8>& v, u8 id, u32 addr, u32 gsi) {
    v.insert(v.end(), {1, 12, id, 0});
    put32(v, addr);
    put32(v, gsi);
}
void add_override(std::vector<u8>& v, u8 irq, u32 gsi, u16 flags) {
    v.insert(v.end(), {2, 10, 0, irq});
    put32(v, gsi);
    put16(v, flags);
}

bool s5(const std::vector<u8>& aml, u8& a, u8& b) {
    return acpi::detail::find_s5(aml.data(), aml.size(), a, b);
}

}  // namespace

Test(acpi_madt, cpus_ioapics_and_overrides) {
    auto body = madt_header(0xfee00000, 1);
    add_lapic(body, 0, 0, 1);
    add_lapic(body, 1, 2, 1);
    add_lapic(body, 2, 4, 2);  // online capable, not enabled
    add_ioapic(body, 8, 0xfec00000, 0);
    add_override(body, 0, 2, 0);
    add_override(body, 9, 9, 0xd);                   // active high, level
    add_override(body, 11, 11, 0xf);                 // active low, level
    body.insert(body.end(), {4, 6, 0xff, 5, 0, 1});  // a local APIC NMI entry: skipped
    Built t = make_table("APIC", body);
    acpi::Info info;
    acpi::detail::parse_madt(t.table(), info);
    cr_assert(info.has_madt);
    cr_assert(info.pcat_compat);
    cr_assert(eq(u32, info.lapic_address, 0xfee00000u));
    cr_assert(eq(sz, info.lapic_count, 3u));
    cr_assert(eq(sz, info.enabled_cpus(), 2u));
    cr_assert(eq(u8, info.lapics[1].apic_id, 2));
    cr_assert(info.lapics[2].online_capable);
    cr_assert_not(info.lapics[2].enabled);
    cr_assert(eq(sz, info.ioapic_count, 1u));
    cr_assert(eq(u32, info.ioapics[0].address, 0xfec00000u));
    cr_assert(eq(sz, info.override_count, 3u));
    cr_assert(eq(u32, info.overrides[0].gsi, 2u));
    cr_assert_not(info.overrides[0].active_low());
    cr_assert_not(info.overrides[0].level_triggered());
    cr_assert_not(info.overrides[1].active_low());
    cr_assert(info.overrides[1].level_triggered());
    cr_assert(info.overrides[2].active_low() && info.overrides[2].level_triggered());
}

Test(acpi_madt, bad_entry_length_stops_the_walk) {
    auto body = madt_header();
    add_lapic(body, 0, 0, 1);
    body.insert(body.end(), {0, 0});  // length 0 would loop forever
    add_lapic(body, 1, 1, 1);
    Built t = make_table("APIC", body);
    acpi::Info info;
    acpi::detail::parse_madt(t.table(), info);
    cr_assert(eq(sz, info.lapic_count, 1u));
}

Test(acpi_madt, entry_running_past_the_end) {
    auto body = madt_header();
    add_lapic(body, 0, 0, 1);
    body.insert(body.end(), {1, 12, 3, 0, 0});  // an I/O APIC entry cut short
    Built t = make_table("APIC", body);
    acpi::Info info;
    acpi::detail::parse_madt(t.table(), info);
    cr_assert(eq(sz, info.lapic_count, 1u));
    cr_assert(eq(sz, info.ioapic_count, 0u));
}

Test(acpi_madt, too_many_cpus_are_capped_and_short_tables_ignored) {
    auto body = madt_header();
    for (int i = 0; i < 100; ++i) add_lapic(body, static_cast<u8>(i), static_cast<u8>(i), 1);
    Built t = make_table("APIC", body);
    acpi::Info info;
    acpi::detail::parse_madt(t.table(), info);
    usize max = acpi::MAX_LAPICS;
    cr_assert(eq(sz, info.lapic_count, max));

    Built shorty = make_table("APIC", {1, 2, 3});
    acpi::Info none;
    acpi::detail::parse_madt(shorty.table(), none);
    cr_assert_not(none.has_madt);
}

Test(acpi_s5, qemu_style_zero_ops) {
    // Name(_S5, Package(4){0, 0, 0, 0}) as QEMU emits it.
    std::vector<u8> aml = {0x10, 0x20, 0x08, '_',  'S',  '5',  '_',
                           0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00};
    u8 a = 9, b = 9;
    cr_assert(s5(aml, a, b));
    cr_assert(eq(u8, a, 0));
    cr_assert(eq(u8, b, 0));
}

Test(acpi_s5, byte_prefixed_values_with_root_prefix) {
    std::vector<u8> aml = {0x08, 0x5c, '_',  'S',  '5',  '_',  0x12, 0x08,
                           0x04, 0x0a, 0x05, 0x0a, 0x07, 0x00, 0x00};
    u8 a = 0, b = 0;
    cr_assert(s5(aml, a, b));
    cr_assert(eq(u8, a, 5));
    cr_assert(eq(u8, b, 7));
}

Test(acpi_s5, two_byte_pkglength_and_one_op) {
    std::vector<u8> aml = {0x08, '_',  'S',  '5',  '_',  0x12, 0x40,
                           0x01, 0x02, 0x01, 0x0b, 0x02, 0x00};
    u8 a = 0, b = 0;
    cr_assert(s5(aml, a, b));
    cr_assert(eq(u8, a, 1));
    cr_assert(eq(u8, b, 2));
}

Test(acpi_s5, rejects_what_is_not_the_package) {
    u8 a = 0, b = 0;
    // A method call or a reference to _S5_, not its declaration.
    cr_assert_not(s5({'_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x00, 0x00}, a, b));
    // Cut in the middle of the package.
    cr_assert_not(s5({0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a}, a, b));
    cr_assert_not(s5({0x08, '_', 'S', '5', '_', 0x12}, a, b));
    // A value that does not fit SLP_TYP's three bits.
    cr_assert_not(s5({0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x09, 0x00}, a, b));
    // Nothing at all.
    cr_assert_not(s5({}, a, b));
}

Test(acpi_s5, every_truncation_of_a_valid_package_is_safe) {
    std::vector<u8> full = {0x08, 0x5c, '_', 'S', '5', '_',  0x12, 0x0a, 0x04,
                            0x0c, 1,    0,   0,   0,   0x0a, 2,    0,    0};
    for (usize n = 0; n <= full.size(); ++n) {
        std::vector<u8> cut(full.begin(), full.begin() + static_cast<long>(n));
        u8 a = 0, b = 0;
        bool found = s5(cut, a, b);
        if (found) cr_assert(eq(u8, a, 1));
    }
}

namespace {
Built make_fadt(u32 length) {
    std::vector<u8> body(length - 36, 0);
    auto at = [&](usize off) { return body.data() + off - 36; };
    u32 dsdt = 0x7fe0000, pm1a = 0x604, smi = 0xb2;
    memcpy(at(40), &dsdt, 4);
    u16 sci = 9;
    memcpy(at(46), &sci, 2);
    memcpy(at(48), &smi, 4);
    memcpy(at(64), &pm1a, 4);
    if (length > 108) *at(108) = 0x32;
    if (length >= 129) {
        u32 flags = 1u << 10;
        memcpy(at(112), &flags, 4);
        *at(116) = 1;  // reset register: system I/O
        u64 port = 0xcf9;
        memcpy(at(120), &port, 8);
        *at(128) = 0x0f;
    }
    return make_table("FACP", body);
}
}  // namespace

Test(acpi_fadt, acpi1_sized_table) {
    Built t = make_fadt(116);
    acpi::Info info;
    acpi::detail::parse_fadt(t.table(), info);
    cr_assert(info.has_fadt);
    cr_assert(eq(u32, info.pm1a_cnt, 0x604u));
    cr_assert(eq(u32, info.pm1b_cnt, 0u));
    cr_assert(eq(u64, info.dsdt_phys, 0x7fe0000u));
    cr_assert(eq(u8, info.century_reg, 0x32));
    cr_assert(eq(u16, info.sci_irq, 9));
    cr_assert_not(info.reset_supported);
}

Test(acpi_fadt, reset_register_and_x_fields) {
    Built t = make_fadt(244);
    // X_PM1a_CNT_BLK: a Generic Address in system I/O at 0x704, X_DSDT at 0x7fd0000.
    u8* f = t.bytes.data();
    f[172] = 1;
    u64 port = 0x704, xdsdt = 0x7fd0000;
    memcpy(f + 176, &port, 8);
    memcpy(f + 140, &xdsdt, 8);
    acpi::Info info;
    acpi::detail::parse_fadt(t.table(), info);
    cr_assert(info.reset_supported);
    cr_assert(eq(u64, info.reset_reg.address, 0xcf9u));
    cr_assert(eq(u8, info.reset_value, 0x0f));
    cr_assert(eq(u32, info.pm1a_cnt, 0x704u));
    cr_assert(eq(u64, info.dsdt_phys, 0x7fd0000u));
}

Test(acpi_fadt, too_short_is_ignored) {
    Built t = make_table("FACP", std::vector<u8>(24, 0xff));  // ends before PM1b_CNT_BLK
    acpi::Info info;
    acpi::detail::parse_fadt(t.table(), info);
    cr_assert_not(info.has_fadt);
}

Test(acpi_power, poweroff_writes_slp_typ_and_slp_en) {
    acpi::test_info.has_fadt = true;
    acpi::test_info.has_s5 = true;
    acpi::test_info.pm1a_cnt = 0x604;
    acpi::test_info.pm1b_cnt = 0;
    acpi::test_info.slp_typa = 5;
    fake::machine().ports[0x604] = 0x0001;  // SCI_EN set: it must stay set
    acpi::poweroff();
    bool wrote = false;
    for (const auto& w : fake::machine().port_writes) {
        if (w.port != 0x604) continue;
        wrote = true;
        u32 value = w.value;
        int bytes = w.bytes;
        cr_assert(eq(u32, value, (5u << 10) | (1u << 13) | 1u));
        cr_assert(eq(int, bytes, 2));
    }
    cr_assert(wrote);
}

Test(acpi_power, no_s5_no_write) {
    acpi::test_info = acpi::Info{};
    acpi::poweroff();
    cr_assert(fake::machine().port_writes.empty());
}
