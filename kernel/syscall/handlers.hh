// kernel/syscall/handlers.hh — the declarations of every implemented system call.
//
// One family per file (syscall/process.cc, identity.cc, time.cc, console.cc, signal.cc,
// misc.cc; memory.cc for brk/mmap/munmap/mprotect). Signatures follow the Linux
// prototypes with typed user pointers: vm::UserPtr<T> for data the handler reads or
// writes, vm::UserAddr for an address it only passes on (syscall.hh explains the
// conversions; tools/check-conventions.py refuses a raw integer user address).
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/result.hh"
#include "exec/loader.hh"
#include "vm/user_copy.hh"

namespace proc {
struct SigAction;
struct SigInfo;
}  // namespace proc

namespace syscalls {

// The Linux layouts the handlers exchange with user memory, each defined in the file of
// its family.
struct Iovec;     // console.cc: struct iovec
struct Stat;      // console.cc: struct stat
struct Timespec;  // time.cc: struct timespec
struct Timeval;   // time.cc: struct timeval
struct Timezone;  // time.cc: struct timezone
struct Utsname;   // misc.cc: struct utsname
struct RLimit64;  // misc.cc: struct rlimit64
struct Rusage;    // process.cc: struct rusage
struct StackT;    // signal.cc: stack_t

// --- process.cc: life and death of processes ---
Result<u64> sys_fork(arch::TrapFrame& frame);
Result<u64> sys_vfork(arch::TrapFrame& frame);
Result<u64> sys_clone(arch::TrapFrame& frame, u64 flags, vm::UserAddr stack,
                      vm::UserPtr<i32> parent_tid, vm::UserPtr<i32> child_tid, vm::UserAddr tls);
Result<u64> sys_execve(arch::TrapFrame& frame, vm::UserPtr<const char> path, exec::UserStrings argv,
                       exec::UserStrings envp);
Result<u64> sys_exit(int code);
Result<u64> sys_exit_group(int code);
Result<u64> sys_wait4(int pid, vm::UserPtr<int> status, int options, vm::UserPtr<Rusage> rusage);
Result<u64> sys_kill(int pid, int sig);
Result<u64> sys_sched_yield();
Result<u64> sys_set_tid_address(vm::UserPtr<i32> tidptr);
Result<u64> sys_set_robust_list(vm::UserAddr head, usize len);
Result<u64> sys_rseq(vm::UserAddr rseq, u32 len, int flags, u32 sig);

// --- identity.cc ---
Result<u64> sys_getpid();
Result<u64> sys_getppid();
Result<u64> sys_gettid();
Result<u64> sys_getuid();
Result<u64> sys_geteuid();
Result<u64> sys_getgid();
Result<u64> sys_getegid();

//! [handlers_time]
// --- time.cc ---
Result<u64> sys_clock_gettime(int clock, vm::UserPtr<Timespec> ts);
Result<u64> sys_gettimeofday(vm::UserPtr<Timeval> tv, vm::UserPtr<Timezone> tz);
Result<u64> sys_time(vm::UserPtr<i64> tloc);
Result<u64> sys_nanosleep(vm::UserPtr<const Timespec> req, vm::UserPtr<Timespec> rem);
Result<u64> sys_clock_nanosleep(int clock, int flags, vm::UserPtr<const Timespec> req,
                                vm::UserPtr<Timespec> rem);
//! [handlers_time]

// --- console.cc: fds 0, 1 and 2 are the console until lab 05 ---
Result<u64> sys_read(int fd, vm::UserPtr<char> buf, usize len);
Result<u64> sys_write(int fd, vm::UserPtr<const char> buf, usize len);
Result<u64> sys_readv(int fd, vm::UserPtr<const Iovec> iov, int iovcnt);
Result<u64> sys_writev(int fd, vm::UserPtr<const Iovec> iov, int iovcnt);
Result<u64> sys_ioctl(int fd, u32 request, vm::UserAddr arg);
Result<u64> sys_fstat(int fd, vm::UserPtr<Stat> statbuf);
Result<u64> sys_newfstatat(int dirfd, vm::UserPtr<const char> path, vm::UserPtr<Stat> statbuf,
                           int flags);

// --- signal.cc ---
Result<u64> sys_rt_sigaction(int sig, vm::UserPtr<const proc::SigAction> act,
                             vm::UserPtr<proc::SigAction> oldact, usize sigsetsize);
Result<u64> sys_rt_sigprocmask(int how, vm::UserPtr<const u64> set, vm::UserPtr<u64> oldset,
                               usize sigsetsize);
Result<u64> sys_rt_sigreturn(arch::TrapFrame& frame);
Result<u64> sys_sigaltstack(arch::TrapFrame& frame, vm::UserPtr<const StackT> ss,
                            vm::UserPtr<StackT> old_ss);
Result<u64> sys_rt_sigpending(vm::UserPtr<u64> set, usize sigsetsize);
Result<u64> sys_rt_sigsuspend(vm::UserPtr<const u64> mask, usize sigsetsize);
Result<u64> sys_pause();
Result<u64> sys_rt_sigtimedwait(vm::UserPtr<const u64> set, vm::UserPtr<proc::SigInfo> info,
                                vm::UserPtr<const Timespec> timeout, usize sigsetsize);
Result<u64> sys_tgkill(int tgid, int tid, int sig);
Result<u64> sys_tkill(int tid, int sig);
Result<u64> sys_rt_sigqueueinfo(int pid, int sig, vm::UserPtr<const proc::SigInfo> info);
Result<u64> sys_rt_tgsigqueueinfo(int tgid, int tid, int sig,
                                  vm::UserPtr<const proc::SigInfo> info);
Result<u64> sys_restart_syscall();

// --- timer.cc: alarm, interval timers, POSIX timers ---
struct Itimerval;
struct Itimerspec;
struct Sigevent;
Result<u64> sys_alarm(u32 seconds);
Result<u64> sys_getitimer(int which, vm::UserPtr<Itimerval> curr);
Result<u64> sys_setitimer(int which, vm::UserPtr<const Itimerval> next, vm::UserPtr<Itimerval> old);
Result<u64> sys_timer_create(int clock, vm::UserPtr<const Sigevent> sevp, vm::UserPtr<int> timerid);
Result<u64> sys_timer_settime(int id, int flags, vm::UserPtr<const Itimerspec> next,
                              vm::UserPtr<Itimerspec> old);
Result<u64> sys_timer_gettime(int id, vm::UserPtr<Itimerspec> curr);
Result<u64> sys_timer_getoverrun(int id);
Result<u64> sys_timer_delete(int id);

// --- pgrp.cc: process groups and sessions ---
Result<u64> sys_setpgid(int pid, int pgid);
Result<u64> sys_getpgid(int pid);
Result<u64> sys_getpgrp();
Result<u64> sys_setsid();
Result<u64> sys_getsid(int pid);

// --- reboot.cc ---
Result<u64> sys_reboot(int magic1, int magic2, u32 cmd, vm::UserAddr arg);

// --- misc.cc ---
Result<u64> sys_uname(vm::UserPtr<Utsname> buf);
Result<u64> sys_arch_prctl(int code, vm::UserAddr addr);
Result<u64> sys_getrandom(vm::UserPtr<u8> buf, usize len, u32 flags);
Result<u64> sys_readlink(vm::UserPtr<const char> path, vm::UserPtr<char> buf, int size);
Result<u64> sys_getrlimit(u32 resource, vm::UserPtr<RLimit64> rlim);
Result<u64> sys_setrlimit(u32 resource, vm::UserPtr<const RLimit64> rlim);
Result<u64> sys_prlimit64(int pid, u32 resource, vm::UserPtr<const RLimit64> new_limit,
                          vm::UserPtr<RLimit64> old_limit);

// --- memory.cc (the address-space code; kernel/vm) ---
Result<u64> sys_brk(vm::UserAddr addr);
Result<u64> sys_mmap(vm::UserAddr addr, usize len, int prot, int flags, int fd, u64 offset);
Result<u64> sys_munmap(vm::UserAddr addr, usize len);
Result<u64> sys_mprotect(vm::UserAddr addr, usize len, int prot);

}  // namespace syscalls
