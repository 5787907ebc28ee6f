// kernel/syscall/handlers.hh — the declarations of every implemented system call.
//
// One family per file (syscall/process.cc, identity.cc, time.cc, console.cc, signal.cc,
// misc.cc; memory.cc for brk/mmap/munmap/mprotect). Signatures follow the Linux
// prototypes with typed user pointers (syscall.hh explains the conversions).
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/result.hh"
#include "vm/user_copy.hh"

namespace syscalls {

// --- process.cc: life and death of processes ---
Result<u64> sys_fork(arch::TrapFrame& frame);
Result<u64> sys_vfork(arch::TrapFrame& frame);
Result<u64> sys_clone(arch::TrapFrame& frame, u64 flags, u64 stack, u64 parent_tid, u64 child_tid,
                      u64 tls);
Result<u64> sys_execve(arch::TrapFrame& frame, u64 path, u64 argv, u64 envp);
Result<u64> sys_exit(int code);
Result<u64> sys_exit_group(int code);
Result<u64> sys_wait4(int pid, vm::UserPtr<int> status, int options, u64 rusage);
Result<u64> sys_kill(int pid, int sig);
Result<u64> sys_sched_yield();
Result<u64> sys_set_tid_address(u64 tidptr);
Result<u64> sys_set_robust_list(u64 head, u64 len);
Result<u64> sys_rseq(u64 rseq, u32 len, int flags, u32 sig);

// --- identity.cc ---
Result<u64> sys_getpid();
Result<u64> sys_getppid();
Result<u64> sys_gettid();
Result<u64> sys_getuid();
Result<u64> sys_geteuid();
Result<u64> sys_getgid();
Result<u64> sys_getegid();

// --- time.cc ---
Result<u64> sys_clock_gettime(int clock, u64 ts);
Result<u64> sys_gettimeofday(u64 tv, u64 tz);
Result<u64> sys_time(u64 tloc);
Result<u64> sys_nanosleep(u64 req, u64 rem);
Result<u64> sys_clock_nanosleep(int clock, int flags, u64 req, u64 rem);

// --- console.cc: fds 0, 1 and 2 are the console until lab 05 ---
Result<u64> sys_read(int fd, u64 buf, u64 len);
Result<u64> sys_write(int fd, u64 buf, u64 len);
Result<u64> sys_readv(int fd, u64 iov, int iovcnt);
Result<u64> sys_writev(int fd, u64 iov, int iovcnt);
Result<u64> sys_ioctl(int fd, u32 request, u64 arg);
Result<u64> sys_fstat(int fd, u64 statbuf);
Result<u64> sys_newfstatat(int dirfd, u64 path, u64 statbuf, int flags);

// --- signal.cc: recorded until lab 04 delivers ---
Result<u64> sys_rt_sigaction(int sig, u64 act, u64 oldact, u64 sigsetsize);
Result<u64> sys_rt_sigprocmask(int how, u64 set, u64 oldset, u64 sigsetsize);

// --- misc.cc ---
Result<u64> sys_uname(u64 buf);
Result<u64> sys_arch_prctl(int code, u64 addr);
Result<u64> sys_getrandom(u64 buf, u64 len, u32 flags);
Result<u64> sys_readlink(u64 path, u64 buf, int size);
Result<u64> sys_getrlimit(u32 resource, u64 rlim);
Result<u64> sys_setrlimit(u32 resource, u64 rlim);
Result<u64> sys_prlimit64(int pid, u32 resource, u64 new_limit, u64 old_limit);

// --- memory.cc (the address-space code; kernel/vm) ---
Result<u64> sys_brk(u64 addr);
Result<u64> sys_mmap(u64 addr, u64 len, int prot, int flags, int fd, u64 offset);
Result<u64> sys_munmap(u64 addr, u64 len);
Result<u64> sys_mprotect(u64 addr, u64 len, int prot);

}  // namespace syscalls
