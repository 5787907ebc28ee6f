/* kernel/lib/exit_codes.h — how a test run tells QEMU (and the grader) how it ended.
 *
 * The kernel writes one of these bytes to QEMU's isa-debug-exit port; QEMU then exits
 * with status (code << 1) | 1. The grader reads this same file (grading/qemu_exit.py
 * parses the #defines), so kernel and grader can never disagree. Plain C on purpose.
 */
#ifndef KERNEL_LIB_EXIT_CODES_H
#define KERNEL_LIB_EXIT_CODES_H

/*! [exit_codes] */
#define QEMU_EXIT_PORT 0xf4  /* -device isa-debug-exit,iobase=0xf4,iosize=0x04 */
#define EXIT_CODE_PASS 0x10  /* every selected test ran and passed: QEMU status 33 */
#define EXIT_CODE_FAIL 0x11  /* the run finished, some test failed:  QEMU status 35 */
#define EXIT_CODE_PANIC 0x13 /* kernel panic (also the boot stub's): QEMU status 39 */
#define EXIT_CODE_PROBE 0x15 /* a probe boot (KVM check) reached the kernel: status 43 */
/*! [exit_codes] */

#endif
