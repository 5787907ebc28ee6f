/* Contract: execve refuses what it cannot run and the caller goes on: ENOEXEC for a
 * text file, an empty file, an ELF header whose program headers are missing and an ELF
 * for another machine; EACCES for a file without execute permission and for a
 * directory (in an order chosen from the nonce). Success: the same call on this program
 * itself works, and the new program prints the word (from the nonce) it was given. */
#include "contract.h"

int main(int argc, char** argv) {
    static const char* const files[] = {"garbage",     "empty",  "truncated.elf",
                                        "aarch64.elf", "noexec", "dir"};
    return execve_each_then_self(argc, argv, files, sizeof files / sizeof files[0]);
}
