// kernel/syscall/handlers.hh — the declarations of every implemented system call.
//
// One family per file (syscall/process.cc, identity.cc, time.cc, signal.cc, misc.cc;
// file_*.cc and fs_*.cc for files; memory.cc for brk/mmap/munmap/mprotect). Signatures follow the Linux
// prototypes with typed user pointers: vm::UserPtr<T> for data the handler reads or
// writes, vm::UserAddr for an address it only passes on (syscall.hh explains the
// conversions; tools/check-conventions.py refuses a raw integer user address).
#pragma once

#include "arch/x86_64/interrupts.hh"
#include "lib/result.hh"
#include "exec/loader.hh"
#include "fs/vfs/flags.hh"
#include "vm/user_copy.hh"

namespace proc {
struct SigAction;
struct SigInfo;
}  // namespace proc

namespace syscalls {

// The Linux layouts the handlers exchange with user memory, each defined in the file of
// its family.
struct Iovec;        // file_rw.cc: struct iovec
struct Stat;         // fs_stat.cc: struct stat
struct Statx;        // fs_stat.cc: struct statx
struct Timespec;     // time.cc: struct timespec
struct Timeval;      // time.cc: struct timeval
struct Timezone;     // time.cc: struct timezone
struct Utsname;      // misc.cc: struct utsname
struct RLimit64;     // misc.cc: struct rlimit64
struct Rusage;       // process.cc: struct rusage
struct StackT;       // signal.cc: stack_t
struct RusageTimes;  // time.cc: struct rusage (getrusage)
struct Tms;          // time.cc: struct tms
struct CapHeader;    // credentials.cc: struct __user_cap_header_struct
struct CapData;      // credentials.cc: struct __user_cap_data_struct

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
Result<u64> sys_clone3(arch::TrapFrame& frame, vm::UserPtr<const u8> args, usize size);
Result<u64> sys_waitid(int idtype, int id, vm::UserPtr<u8> infop, int options,
                       vm::UserPtr<Rusage> rusage);
Result<u64> sys_get_robust_list(int pid, vm::UserPtr<u64> head, vm::UserPtr<usize> len);

// --- futex.cc ---
Result<u64> sys_futex(vm::UserAddr uaddr, int op, u32 val, vm::UserAddr timeout,
                      vm::UserAddr uaddr2, u32 val3);

// --- identity.cc ---
Result<u64> sys_getpid();
Result<u64> sys_getppid();
Result<u64> sys_gettid();
Result<u64> sys_getuid();
Result<u64> sys_geteuid();
Result<u64> sys_getgid();
Result<u64> sys_getegid();

// --- credentials.cc: changing ids and capabilities ---
Result<u64> sys_setuid(u32 uid);
Result<u64> sys_setgid(u32 gid);
Result<u64> sys_setreuid(u32 ruid, u32 euid);
Result<u64> sys_setregid(u32 rgid, u32 egid);
Result<u64> sys_setresuid(u32 ruid, u32 euid, u32 suid);
Result<u64> sys_setresgid(u32 rgid, u32 egid, u32 sgid);
Result<u64> sys_getresuid(vm::UserPtr<u32> ruid, vm::UserPtr<u32> euid, vm::UserPtr<u32> suid);
Result<u64> sys_getresgid(vm::UserPtr<u32> rgid, vm::UserPtr<u32> egid, vm::UserPtr<u32> sgid);
Result<u64> sys_setfsuid(u32 fsuid);
Result<u64> sys_setfsgid(u32 fsgid);
Result<u64> sys_getgroups(int size, vm::UserPtr<u32> list);
Result<u64> sys_setgroups(int size, vm::UserPtr<const u32> list);
Result<u64> sys_capget(vm::UserPtr<CapHeader> hdr, vm::UserPtr<CapData> data);
Result<u64> sys_capset(vm::UserPtr<CapHeader> hdr, vm::UserPtr<const CapData> data);

// --- fs_mount.cc: the mount tree ---
Result<u64> sys_mount(vm::UserPtr<const char> source, vm::UserPtr<const char> target,
                      vm::UserPtr<const char> fstype, u64 flags, vm::UserPtr<const char> data);
Result<u64> sys_umount2(vm::UserPtr<const char> target, u32 flags);

// --- sched.cc: CPUs ---
Result<u64> sys_sched_getaffinity(int pid, usize len, vm::UserPtr<u8> mask);
Result<u64> sys_sched_setaffinity(int pid, usize len, vm::UserPtr<const u8> mask);
Result<u64> sys_getcpu(vm::UserPtr<u32> cpu, vm::UserPtr<u32> node, vm::UserAddr tcache);
Result<u64> sys_membarrier(int cmd, u32 flags, int cpu_id);

//! [handlers_time]
// --- time.cc ---
/// CLOCK_REALTIME now, in nanoseconds since the epoch (also futex's absolute timeouts).
u64 realtime_ns();
Result<u64> sys_clock_gettime(int clock, vm::UserPtr<Timespec> ts);
Result<u64> sys_clock_getres(int clock, vm::UserPtr<Timespec> res);
Result<u64> sys_gettimeofday(vm::UserPtr<Timeval> tv, vm::UserPtr<Timezone> tz);
Result<u64> sys_time(vm::UserPtr<i64> tloc);
Result<u64> sys_nanosleep(vm::UserPtr<const Timespec> req, vm::UserPtr<Timespec> rem);
Result<u64> sys_clock_nanosleep(int clock, int flags, vm::UserPtr<const Timespec> req,
                                vm::UserPtr<Timespec> rem);
Result<u64> sys_getrusage(int who, vm::UserPtr<RusageTimes> usage);
Result<u64> sys_times(vm::UserPtr<Tms> buf);
//! [handlers_time]

// --- console.cc: the console device ---
/// Adds /dev/console, /dev/tty and /dev/ttyS0 to devfs (at boot, before it is made).
void register_console();

// --- file_rw.cc: data through descriptors ---
Result<u64> sys_read(int fd, vm::UserPtr<char> buf, usize len);
Result<u64> sys_write(int fd, vm::UserPtr<const char> buf, usize len);
Result<u64> sys_pread64(int fd, vm::UserPtr<char> buf, usize len, i64 offset);
Result<u64> sys_pwrite64(int fd, vm::UserPtr<const char> buf, usize len, i64 offset);
Result<u64> sys_readv(int fd, vm::UserPtr<const Iovec> iov, int iovcnt);
Result<u64> sys_writev(int fd, vm::UserPtr<const Iovec> iov, int iovcnt);
Result<u64> sys_lseek(int fd, i64 offset, u32 whence);
Result<u64> sys_ioctl(int fd, u32 request, vm::UserAddr arg);

// --- poll.cc, select.cc, epoll.cc: waiting for readiness ---
struct PollFd;      // poll.cc: struct pollfd
struct EpollEvent;  // epoll.cc: struct epoll_event (packed)
Result<u64> sys_poll(vm::UserPtr<PollFd> fds, u32 nfds, int timeout_ms);
Result<u64> sys_ppoll(vm::UserPtr<PollFd> fds, u32 nfds, vm::UserAddr timeout, vm::UserAddr sigmask,
                      usize sigsetsize);
Result<u64> sys_select(int nfds, vm::UserAddr rfds, vm::UserAddr wfds, vm::UserAddr xfds,
                       vm::UserAddr timeout);
Result<u64> sys_pselect6(int nfds, vm::UserAddr rfds, vm::UserAddr wfds, vm::UserAddr xfds,
                         vm::UserAddr timeout, vm::UserAddr sig);
Result<u64> sys_epoll_create(int size);
Result<u64> sys_epoll_create1(int flags);
Result<u64> sys_epoll_ctl(int epfd, int op, int fd, vm::UserPtr<const EpollEvent> event);
Result<u64> sys_epoll_wait(int epfd, vm::UserPtr<EpollEvent> events, int maxevents, int timeout_ms);
Result<u64> sys_epoll_pwait(int epfd, vm::UserPtr<EpollEvent> events, int maxevents, int timeout_ms,
                            vm::UserAddr sigmask, usize sigsetsize);
Result<u64> sys_epoll_pwait2(int epfd, vm::UserPtr<EpollEvent> events, int maxevents,
                             vm::UserAddr timeout, vm::UserAddr sigmask, usize sigsetsize);

// --- fd_events.cc: eventfd, timerfd, signalfd ---
struct Itimerspec;  // fd_events.cc: struct itimerspec
Result<u64> sys_eventfd(u32 initval);
Result<u64> sys_eventfd2(u32 initval, int flags);
Result<u64> sys_timerfd_create(int clock, int flags);
Result<u64> sys_timerfd_settime(int fd, int flags, vm::UserPtr<const Itimerspec> new_value,
                                vm::UserPtr<Itimerspec> old_value);
Result<u64> sys_timerfd_gettime(int fd, vm::UserPtr<Itimerspec> cur);
Result<u64> sys_signalfd(int fd, vm::UserPtr<const u64> mask, usize sigsetsize);
Result<u64> sys_signalfd4(int fd, vm::UserPtr<const u64> mask, usize sigsetsize, int flags);

// --- file_fd.cc: descriptors ---
Result<u64> sys_close(int fd);
Result<u64> sys_dup(int fd);
Result<u64> sys_dup2(int old_fd, int new_fd);
Result<u64> sys_dup3(int old_fd, int new_fd, u32 flags);
Result<u64> sys_fcntl(int fd, int cmd, vm::UserAddr arg);
Result<u64> sys_close_range(u32 first, u32 last, u32 flags);
Result<u64> sys_pipe(vm::UserPtr<i32> fds);
Result<u64> sys_pipe2(vm::UserPtr<i32> fds, u32 flags);

// --- socket.cc: sockets (lab 07) ----------------------------------------------------
Result<u64> sys_socket(int family, int type, int protocol);
Result<u64> sys_bind(int fd, vm::UserAddr addr, u32 addrlen);
Result<u64> sys_listen(int fd, int backlog);
Result<u64> sys_accept(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen);
Result<u64> sys_accept4(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen, int flags);
Result<u64> sys_connect(int fd, vm::UserAddr addr, u32 addrlen);
Result<u64> sys_sendto(int fd, vm::UserAddr buf, usize len, int flags, vm::UserAddr addr,
                       u32 addrlen);
Result<u64> sys_recvfrom(int fd, vm::UserAddr buf, usize len, int flags, vm::UserAddr addr,
                         vm::UserPtr<u32> addrlen);
struct MsgHdr;  // socket.cc: struct msghdr
Result<u64> sys_sendmsg(int fd, vm::UserPtr<const MsgHdr> msg, int flags);
Result<u64> sys_recvmsg(int fd, vm::UserPtr<MsgHdr> msg, int flags);
Result<u64> sys_shutdown(int fd, int how);
Result<u64> sys_getsockname(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen);
Result<u64> sys_getpeername(int fd, vm::UserAddr addr, vm::UserPtr<u32> addrlen);
Result<u64> sys_setsockopt(int fd, int level, int name, vm::UserAddr value, u32 len);
Result<u64> sys_getsockopt(int fd, int level, int name, vm::UserAddr value, vm::UserPtr<u32> lenp);

// --- fs_namei.cc: names ---
Result<u64> sys_open(vm::UserPtr<const char> path, u32 flags, u32 mode);
Result<u64> sys_openat(int dirfd, vm::UserPtr<const char> path, u32 flags, u32 mode);
Result<u64> sys_creat(vm::UserPtr<const char> path, u32 mode);
Result<u64> sys_mkdir(vm::UserPtr<const char> path, u32 mode);
Result<u64> sys_mkdirat(int dirfd, vm::UserPtr<const char> path, u32 mode);
Result<u64> sys_mknod(vm::UserPtr<const char> path, u32 mode, u32 dev);
Result<u64> sys_mknodat(int dirfd, vm::UserPtr<const char> path, u32 mode, u32 dev);
Result<u64> sys_unlink(vm::UserPtr<const char> path);
Result<u64> sys_unlinkat(int dirfd, vm::UserPtr<const char> path, u32 flags);
Result<u64> sys_rmdir(vm::UserPtr<const char> path);
Result<u64> sys_symlink(vm::UserPtr<const char> target, vm::UserPtr<const char> path);
Result<u64> sys_symlinkat(vm::UserPtr<const char> target, int dirfd, vm::UserPtr<const char> path);
Result<u64> sys_link(vm::UserPtr<const char> old_path, vm::UserPtr<const char> new_path);
Result<u64> sys_linkat(int old_dirfd, vm::UserPtr<const char> old_path, int new_dirfd,
                       vm::UserPtr<const char> new_path, u32 flags);
Result<u64> sys_rename(vm::UserPtr<const char> old_path, vm::UserPtr<const char> new_path);
Result<u64> sys_renameat(int old_dirfd, vm::UserPtr<const char> old_path, int new_dirfd,
                         vm::UserPtr<const char> new_path);
Result<u64> sys_renameat2(int old_dirfd, vm::UserPtr<const char> old_path, int new_dirfd,
                          vm::UserPtr<const char> new_path, u32 flags);
Result<u64> sys_readlink(vm::UserPtr<const char> path, vm::UserPtr<char> buf, int size);
Result<u64> sys_readlinkat(int dirfd, vm::UserPtr<const char> path, vm::UserPtr<char> buf,
                           int size);

// --- fs_stat.cc: attributes ---
Result<u64> sys_stat(vm::UserPtr<const char> path, vm::UserPtr<Stat> st);
Result<u64> sys_lstat(vm::UserPtr<const char> path, vm::UserPtr<Stat> st);
Result<u64> sys_fstat(int fd, vm::UserPtr<Stat> st);
Result<u64> sys_newfstatat(int dirfd, vm::UserPtr<const char> path, vm::UserPtr<Stat> st,
                           int flags);
Result<u64> sys_statx(int dirfd, vm::UserPtr<const char> path, int flags, u32 mask,
                      vm::UserPtr<Statx> out);
Result<u64> sys_access(vm::UserPtr<const char> path, int mode);
Result<u64> sys_faccessat(int dirfd, vm::UserPtr<const char> path, int mode);
Result<u64> sys_faccessat2(int dirfd, vm::UserPtr<const char> path, int mode, int flags);

// --- fs_sync.cc: dirty pages to the disk ---
Result<u64> sys_sync();
Result<u64> sys_syncfs(int fd);
Result<u64> sys_fsync(int fd);
Result<u64> sys_fdatasync(int fd);

// --- fs_attr.cc: changing attributes ---
Result<u64> sys_truncate(vm::UserPtr<const char> path, i64 len);
Result<u64> sys_ftruncate(int fd, i64 len);
Result<u64> sys_chmod(vm::UserPtr<const char> path, u32 mode);
Result<u64> sys_fchmod(int fd, u32 mode);
Result<u64> sys_fchmodat(int dirfd, vm::UserPtr<const char> path, u32 mode);
Result<u64> sys_chown(vm::UserPtr<const char> path, u32 uid, u32 gid);
Result<u64> sys_fchown(int fd, u32 uid, u32 gid);
Result<u64> sys_lchown(vm::UserPtr<const char> path, u32 uid, u32 gid);
Result<u64> sys_fchownat(int dirfd, vm::UserPtr<const char> path, u32 uid, u32 gid, u32 flags);
Result<u64> sys_utimensat(int dirfd, vm::UserPtr<const char> path,
                          vm::UserPtr<const vfs::Timespec> times, u32 flags);

// --- fs_dir.cc: directories and the process's place ---
Result<u64> sys_getdents64(int fd, vm::UserPtr<u8> dirp, u32 count);
Result<u64> sys_chdir(vm::UserPtr<const char> path);
Result<u64> sys_fchdir(int fd);
Result<u64> sys_chroot(vm::UserPtr<const char> path);
Result<u64> sys_getcwd(vm::UserPtr<char> buf, usize size);
Result<u64> sys_umask(u32 mask);

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
