/* Contract: execve refuses malformed ELF headers with ENOEXEC before anything of the
 * caller is lost, and the caller goes on: no program headers (e_phnum 0), more program
 * headers than fit in 64 KiB, a program header size that is not 56, program headers
 * past the end of the file or at an offset that wraps, a relocatable object (ET_REL),
 * a core file (ET_CORE), and a file of only the 16 identification bytes, in an order
 * chosen from the nonce. Success: the same call on this program itself works, and the
 * new program prints the word (from the nonce) it was given. */
#include "contract.h"

int main(int argc, char** argv) {
    static const char* const files[] = {"phnum0.elf",    "phnum_huge.elf", "phentsize.elf",
                                        "phoff_eof.elf", "phoff_wrap.elf", "etrel.elf",
                                        "etcore.elf",    "ident_only.elf"};
    return execve_each_then_self(argc, argv, files, sizeof files / sizeof files[0]);
}
