// tests/unit/support/kernel_stubs.cc — symbols the kernel's linker script provides.
//
// The embedded symbol table (.ksyms, between _ksyms_start and _ksyms_end) is empty on
// the host; symbols::use_embedded_table() then finds no table, and tests install
// their own with symbols::set_table().
asm(".pushsection .data\n"
    ".globl _ksyms_start\n"
    ".globl _ksyms_end\n"
    "_ksyms_start:\n"
    "_ksyms_end:\n"
    ".byte 0\n"
    ".popsection\n");
