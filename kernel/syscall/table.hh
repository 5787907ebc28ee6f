// kernel/syscall/table.hh — the one syscall table: number, name, handler, status, note.
//
// Every x86_64 Linux system call number appears here once, in ascending order, as
//
//     SYSCALL(number, name, handler, Status, "note")
//
//   number   the x86_64 number (rax at `syscall`), the ABI: exactly Linux's
//   name     Linux's name for it, without a prefix (what strace prints)
//   handler  the C++ function that implements it, `sys_<name>`; it need not exist
//            until the status says so (see below)
//   Status   one of
//              Full     implemented; behaves as Linux does for every case the
//                       contract tests exercise
//              Partial  implemented, but some flags or cases are missing: the note
//                       says which (e.g. "no MAP_SHARED yet")
//              Stub     a handler exists and answers on purpose without doing the
//                       work (e.g. returns 0, or a fixed value): the note says what
//              Planned  no handler yet; a later lab implements it (the note names the
//                       lab as "lab NN"); the call returns -ENOSYS until then
//              Absent   no handler and none planned; returns -ENOSYS
//   note     a short string for the book's compatibility page; may be empty
//
// This file is an X-macro list: it has no include guard, expects SYSCALL to be defined
// by the includer, and undefines it at the end. A consumer that only needs names and
// numbers (the book's page, the log of unknown calls) uses all five fields freely:
//
//     #define SYSCALL(nr, name, handler, status, note) case nr: return #name;
//     #include "syscall/table.hh"
//
// A consumer that needs handlers must not mention those of Planned and Absent entries
// (they do not exist yet). Dispatch on the status token:
//
//     #define SYSCALL(nr, name, handler, status, note) SYSCALL_##status(nr, handler)
//     #define SYSCALL_Full(nr, handler) [nr] = handler,
//     #define SYSCALL_Partial SYSCALL_Full
//     #define SYSCALL_Stub SYSCALL_Full
//     #define SYSCALL_Planned(nr, handler)
//     #define SYSCALL_Absent(nr, handler)
//     #include "syscall/table.hh"
//
// When a lab implements a call, its line changes from Planned to Full or Partial: until
// then the call returns -ENOSYS, and the kernel log names it once ("not implemented").
// Writing a handler means writing sys_<name> (declared in syscall/handlers.hh) and
// changing its line here to Full, or to Partial with a note.
//
// The book's generator reads the lines that start with "SYSCALL(" (one entry a line,
// fields separated by commas, the note a plain double-quoted string without commas
// or quotes inside). Numbers Linux leaves unused (335-423) are not listed.
#ifndef SYSCALL
#error "define SYSCALL(number, name, handler, status, note) before including syscall/table.hh"
#endif

// One row a line, in columns (the book's generator reads them):
// clang-format off
// LAB_BEGIN(03-processes): implement sys_read (kernel/syscall/)
SYSCALL(0,   read,              sys_read,              Partial, "console fds 0-2 only until lab 05")
// LAB_FALLBACK
// SYSCALL(0,   read,              sys_read,              Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_write (kernel/syscall/)
SYSCALL(1,   write,             sys_write,             Partial, "console fds 0-2 only until lab 05")
// LAB_FALLBACK
// SYSCALL(1,   write,             sys_write,             Planned, "lab 03")
// LAB_END
SYSCALL(2,   open,              sys_open,              Planned, "lab 05")
SYSCALL(3,   close,             sys_close,             Planned, "lab 05")
SYSCALL(4,   stat,              sys_stat,              Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_fstat (kernel/syscall/)
SYSCALL(5,   fstat,             sys_fstat,             Partial, "console fds 0-2 only until lab 05")
// LAB_FALLBACK
// SYSCALL(5,   fstat,             sys_fstat,             Planned, "lab 03")
// LAB_END
SYSCALL(6,   lstat,             sys_lstat,             Planned, "lab 05")
SYSCALL(7,   poll,              sys_poll,              Planned, "lab 05")
SYSCALL(8,   lseek,             sys_lseek,             Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_mmap in syscall/memory.cc over vm::AddressSpace
SYSCALL(9,   mmap,              sys_mmap,              Partial, "anonymous memory; file mappings in lab 08")
// LAB_FALLBACK
// SYSCALL(9,   mmap,              sys_mmap,              Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_mprotect in syscall/memory.cc
SYSCALL(10,  mprotect,          sys_mprotect,          Full,    "")
// LAB_FALLBACK
// SYSCALL(10,  mprotect,          sys_mprotect,          Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_munmap in syscall/memory.cc
SYSCALL(11,  munmap,            sys_munmap,            Full,    "")
// LAB_FALLBACK
// SYSCALL(11,  munmap,            sys_munmap,            Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_brk in syscall/memory.cc
SYSCALL(12,  brk,               sys_brk,               Full,    "")
// LAB_FALLBACK
// SYSCALL(12,  brk,               sys_brk,               Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_rt_sigaction (kernel/syscall/)
SYSCALL(13,  rt_sigaction,      sys_rt_sigaction,      Partial, "recorded; delivery in lab 04")
// LAB_FALLBACK
// SYSCALL(13,  rt_sigaction,      sys_rt_sigaction,      Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_rt_sigprocmask (kernel/syscall/)
SYSCALL(14,  rt_sigprocmask,    sys_rt_sigprocmask,    Partial, "recorded; delivery in lab 04")
// LAB_FALLBACK
// SYSCALL(14,  rt_sigprocmask,    sys_rt_sigprocmask,    Planned, "lab 03")
// LAB_END
SYSCALL(15,  rt_sigreturn,      sys_rt_sigreturn,      Planned, "lab 04")
// LAB_BEGIN(03-processes): implement sys_ioctl (kernel/syscall/)
SYSCALL(16,  ioctl,             sys_ioctl,             Partial, "console: TCGETS TCSETS* TIOCGWINSZ TIOCSWINSZ TIOCGPGRP")
// LAB_FALLBACK
// SYSCALL(16,  ioctl,             sys_ioctl,             Planned, "lab 03")
// LAB_END
SYSCALL(17,  pread64,           sys_pread64,           Planned, "lab 05")
SYSCALL(18,  pwrite64,          sys_pwrite64,          Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_readv (kernel/syscall/)
SYSCALL(19,  readv,             sys_readv,             Partial, "console fds 0-2 only until lab 05")
// LAB_FALLBACK
// SYSCALL(19,  readv,             sys_readv,             Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_writev (kernel/syscall/)
SYSCALL(20,  writev,            sys_writev,            Partial, "console fds 0-2 only until lab 05")
// LAB_FALLBACK
// SYSCALL(20,  writev,            sys_writev,            Planned, "lab 03")
// LAB_END
SYSCALL(21,  access,            sys_access,            Planned, "lab 05")
SYSCALL(22,  pipe,              sys_pipe,              Planned, "lab 05")
SYSCALL(23,  select,            sys_select,            Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_sched_yield (kernel/syscall/)
SYSCALL(24,  sched_yield,       sys_sched_yield,       Full,    "")
// LAB_FALLBACK
// SYSCALL(24,  sched_yield,       sys_sched_yield,       Planned, "lab 03")
// LAB_END
SYSCALL(25,  mremap,            sys_mremap,            Planned, "lab 08")
SYSCALL(26,  msync,             sys_msync,             Planned, "lab 08")
SYSCALL(27,  mincore,           sys_mincore,           Planned, "lab 08")
SYSCALL(28,  madvise,           sys_madvise,           Planned, "lab 08")
SYSCALL(29,  shmget,            sys_shmget,            Absent,  "")
SYSCALL(30,  shmat,             sys_shmat,             Absent,  "")
SYSCALL(31,  shmctl,            sys_shmctl,            Absent,  "")
SYSCALL(32,  dup,               sys_dup,               Planned, "lab 05")
SYSCALL(33,  dup2,              sys_dup2,              Planned, "lab 05")
SYSCALL(34,  pause,             sys_pause,             Planned, "lab 04")
// LAB_BEGIN(03-processes): implement sys_nanosleep (kernel/syscall/)
SYSCALL(35,  nanosleep,         sys_nanosleep,         Full,    "")
// LAB_FALLBACK
// SYSCALL(35,  nanosleep,         sys_nanosleep,         Planned, "lab 03")
// LAB_END
SYSCALL(36,  getitimer,         sys_getitimer,         Planned, "lab 04")
SYSCALL(37,  alarm,             sys_alarm,             Planned, "lab 04")
SYSCALL(38,  setitimer,         sys_setitimer,         Planned, "lab 04")
// LAB_BEGIN(03-processes): implement sys_getpid (kernel/syscall/)
SYSCALL(39,  getpid,            sys_getpid,            Full,    "")
// LAB_FALLBACK
// SYSCALL(39,  getpid,            sys_getpid,            Planned, "lab 03")
// LAB_END
SYSCALL(40,  sendfile,          sys_sendfile,          Planned, "lab 05")
SYSCALL(41,  socket,            sys_socket,            Planned, "lab 07")
SYSCALL(42,  connect,           sys_connect,           Planned, "lab 07")
SYSCALL(43,  accept,            sys_accept,            Planned, "lab 07")
SYSCALL(44,  sendto,            sys_sendto,            Planned, "lab 07")
SYSCALL(45,  recvfrom,          sys_recvfrom,          Planned, "lab 07")
SYSCALL(46,  sendmsg,           sys_sendmsg,           Planned, "lab 07")
SYSCALL(47,  recvmsg,           sys_recvmsg,           Planned, "lab 07")
SYSCALL(48,  shutdown,          sys_shutdown,          Planned, "lab 07")
SYSCALL(49,  bind,              sys_bind,              Planned, "lab 07")
SYSCALL(50,  listen,            sys_listen,            Planned, "lab 07")
SYSCALL(51,  getsockname,       sys_getsockname,       Planned, "lab 07")
SYSCALL(52,  getpeername,       sys_getpeername,       Planned, "lab 07")
SYSCALL(53,  socketpair,        sys_socketpair,        Planned, "lab 07")
SYSCALL(54,  setsockopt,        sys_setsockopt,        Planned, "lab 07")
SYSCALL(55,  getsockopt,        sys_getsockopt,        Planned, "lab 07")
// LAB_BEGIN(03-processes): implement sys_clone for fork-like flags (kernel/proc/fork.cc)
SYSCALL(56,  clone,             sys_clone,             Partial, "the flags of a fork only; threads in lab 04")
// LAB_FALLBACK
// SYSCALL(56,  clone,             sys_clone,             Planned, "lab 03 for the flags of glibc fork(); lab 04 for threads")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_fork (kernel/syscall/)
SYSCALL(57,  fork,              sys_fork,              Full,    "")
// LAB_FALLBACK
// SYSCALL(57,  fork,              sys_fork,              Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_vfork (kernel/syscall/)
SYSCALL(58,  vfork,             sys_vfork,             Partial, "behaves as fork until lab 04")
// LAB_FALLBACK
// SYSCALL(58,  vfork,             sys_vfork,             Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_execve (kernel/syscall/)
SYSCALL(59,  execve,            sys_execve,            Partial, "static ELF from the initramfs; PT_INTERP in lab 08")
// LAB_FALLBACK
// SYSCALL(59,  execve,            sys_execve,            Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_exit (kernel/syscall/)
SYSCALL(60,  exit,              sys_exit,              Partial, "ends the process (one thread per process until lab 04)")
// LAB_FALLBACK
// SYSCALL(60,  exit,              sys_exit,              Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_wait4 (kernel/syscall/)
SYSCALL(61,  wait4,             sys_wait4,             Partial, "no stopped or continued children; rusage zero")
// LAB_FALLBACK
// SYSCALL(61,  wait4,             sys_wait4,             Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_kill (kernel/syscall/)
SYSCALL(62,  kill,              sys_kill,              Partial, "default actions only; handlers in lab 04")
// LAB_FALLBACK
// SYSCALL(62,  kill,              sys_kill,              Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_uname (kernel/syscall/)
SYSCALL(63,  uname,             sys_uname,             Full,    "")
// LAB_FALLBACK
// SYSCALL(63,  uname,             sys_uname,             Planned, "lab 03")
// LAB_END
SYSCALL(64,  semget,            sys_semget,            Absent,  "")
SYSCALL(65,  semop,             sys_semop,             Absent,  "")
SYSCALL(66,  semctl,            sys_semctl,            Absent,  "")
SYSCALL(67,  shmdt,             sys_shmdt,             Absent,  "")
SYSCALL(68,  msgget,            sys_msgget,            Absent,  "")
SYSCALL(69,  msgsnd,            sys_msgsnd,            Absent,  "")
SYSCALL(70,  msgrcv,            sys_msgrcv,            Absent,  "")
SYSCALL(71,  msgctl,            sys_msgctl,            Absent,  "")
SYSCALL(72,  fcntl,             sys_fcntl,             Planned, "lab 05")
SYSCALL(73,  flock,             sys_flock,             Planned, "lab 05")
SYSCALL(74,  fsync,             sys_fsync,             Planned, "lab 05")
SYSCALL(75,  fdatasync,         sys_fdatasync,         Planned, "lab 05")
SYSCALL(76,  truncate,          sys_truncate,          Planned, "lab 05")
SYSCALL(77,  ftruncate,         sys_ftruncate,         Planned, "lab 05")
SYSCALL(78,  getdents,          sys_getdents,          Planned, "lab 05")
SYSCALL(79,  getcwd,            sys_getcwd,            Planned, "lab 05")
SYSCALL(80,  chdir,             sys_chdir,             Planned, "lab 05")
SYSCALL(81,  fchdir,            sys_fchdir,            Planned, "lab 05")
SYSCALL(82,  rename,            sys_rename,            Planned, "lab 05")
SYSCALL(83,  mkdir,             sys_mkdir,             Planned, "lab 05")
SYSCALL(84,  rmdir,             sys_rmdir,             Planned, "lab 05")
SYSCALL(85,  creat,             sys_creat,             Planned, "lab 05")
SYSCALL(86,  link,              sys_link,              Planned, "lab 05")
SYSCALL(87,  unlink,            sys_unlink,            Planned, "lab 05")
SYSCALL(88,  symlink,           sys_symlink,           Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_readlink (kernel/syscall/)
SYSCALL(89,  readlink,          sys_readlink,          Stub,    "ENOENT: no symbolic links until lab 05")
// LAB_FALLBACK
// SYSCALL(89,  readlink,          sys_readlink,          Planned, "lab 03")
// LAB_END
SYSCALL(90,  chmod,             sys_chmod,             Planned, "lab 05")
SYSCALL(91,  fchmod,            sys_fchmod,            Planned, "lab 05")
SYSCALL(92,  chown,             sys_chown,             Planned, "lab 05")
SYSCALL(93,  fchown,            sys_fchown,            Planned, "lab 05")
SYSCALL(94,  lchown,            sys_lchown,            Planned, "lab 05")
SYSCALL(95,  umask,             sys_umask,             Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_gettimeofday (kernel/syscall/)
SYSCALL(96,  gettimeofday,      sys_gettimeofday,      Full,    "")
// LAB_FALLBACK
// SYSCALL(96,  gettimeofday,      sys_gettimeofday,      Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_getrlimit (kernel/syscall/)
SYSCALL(97,  getrlimit,         sys_getrlimit,         Full,    "")
// LAB_FALLBACK
// SYSCALL(97,  getrlimit,         sys_getrlimit,         Planned, "lab 03")
// LAB_END
SYSCALL(98,  getrusage,         sys_getrusage,         Planned, "lab 09")
SYSCALL(99,  sysinfo,           sys_sysinfo,           Planned, "lab 09")
SYSCALL(100, times,             sys_times,             Planned, "lab 09")
SYSCALL(101, ptrace,            sys_ptrace,            Absent,  "")
// LAB_BEGIN(03-processes): implement sys_getuid (kernel/syscall/)
SYSCALL(102, getuid,            sys_getuid,            Full,    "")
// LAB_FALLBACK
// SYSCALL(102, getuid,            sys_getuid,            Planned, "lab 03")
// LAB_END
SYSCALL(103, syslog,            sys_syslog,            Absent,  "")
// LAB_BEGIN(03-processes): implement sys_getgid (kernel/syscall/)
SYSCALL(104, getgid,            sys_getgid,            Full,    "")
// LAB_FALLBACK
// SYSCALL(104, getgid,            sys_getgid,            Planned, "lab 03")
// LAB_END
SYSCALL(105, setuid,            sys_setuid,            Planned, "lab 09")
SYSCALL(106, setgid,            sys_setgid,            Planned, "lab 09")
// LAB_BEGIN(03-processes): implement sys_geteuid (kernel/syscall/)
SYSCALL(107, geteuid,           sys_geteuid,           Full,    "")
// LAB_FALLBACK
// SYSCALL(107, geteuid,           sys_geteuid,           Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_getegid (kernel/syscall/)
SYSCALL(108, getegid,           sys_getegid,           Full,    "")
// LAB_FALLBACK
// SYSCALL(108, getegid,           sys_getegid,           Planned, "lab 03")
// LAB_END
SYSCALL(109, setpgid,           sys_setpgid,           Planned, "lab 04")
// LAB_BEGIN(03-processes): implement sys_getppid (kernel/syscall/)
SYSCALL(110, getppid,           sys_getppid,           Full,    "")
// LAB_FALLBACK
// SYSCALL(110, getppid,           sys_getppid,           Planned, "lab 03")
// LAB_END
SYSCALL(111, getpgrp,           sys_getpgrp,           Planned, "lab 04")
SYSCALL(112, setsid,            sys_setsid,            Planned, "lab 04")
SYSCALL(113, setreuid,          sys_setreuid,          Planned, "lab 09")
SYSCALL(114, setregid,          sys_setregid,          Planned, "lab 09")
SYSCALL(115, getgroups,         sys_getgroups,         Planned, "lab 09")
SYSCALL(116, setgroups,         sys_setgroups,         Planned, "lab 09")
SYSCALL(117, setresuid,         sys_setresuid,         Planned, "lab 09")
SYSCALL(118, getresuid,         sys_getresuid,         Planned, "lab 09")
SYSCALL(119, setresgid,         sys_setresgid,         Planned, "lab 09")
SYSCALL(120, getresgid,         sys_getresgid,         Planned, "lab 09")
SYSCALL(121, getpgid,           sys_getpgid,           Planned, "lab 04")
SYSCALL(122, setfsuid,          sys_setfsuid,          Planned, "lab 09")
SYSCALL(123, setfsgid,          sys_setfsgid,          Planned, "lab 09")
SYSCALL(124, getsid,            sys_getsid,            Planned, "lab 04")
SYSCALL(125, capget,            sys_capget,            Planned, "lab 09")
SYSCALL(126, capset,            sys_capset,            Planned, "lab 09")
SYSCALL(127, rt_sigpending,     sys_rt_sigpending,     Planned, "lab 04")
SYSCALL(128, rt_sigtimedwait,   sys_rt_sigtimedwait,   Planned, "lab 04")
SYSCALL(129, rt_sigqueueinfo,   sys_rt_sigqueueinfo,   Planned, "lab 04")
SYSCALL(130, rt_sigsuspend,     sys_rt_sigsuspend,     Planned, "lab 04")
SYSCALL(131, sigaltstack,       sys_sigaltstack,       Planned, "lab 04")
SYSCALL(132, utime,             sys_utime,             Planned, "lab 05")
SYSCALL(133, mknod,             sys_mknod,             Planned, "lab 05")
SYSCALL(134, uselib,            sys_uselib,            Absent,  "")
SYSCALL(135, personality,       sys_personality,       Planned, "lab 09")
SYSCALL(136, ustat,             sys_ustat,             Absent,  "")
SYSCALL(137, statfs,            sys_statfs,            Planned, "lab 05")
SYSCALL(138, fstatfs,           sys_fstatfs,           Planned, "lab 05")
SYSCALL(139, sysfs,             sys_sysfs,             Absent,  "")
SYSCALL(140, getpriority,       sys_getpriority,       Planned, "lab 09")
SYSCALL(141, setpriority,       sys_setpriority,       Planned, "lab 09")
SYSCALL(142, sched_setparam,    sys_sched_setparam,    Planned, "lab 09")
SYSCALL(143, sched_getparam,    sys_sched_getparam,    Planned, "lab 09")
SYSCALL(144, sched_setscheduler, sys_sched_setscheduler, Planned, "lab 09")
SYSCALL(145, sched_getscheduler, sys_sched_getscheduler, Planned, "lab 09")
SYSCALL(146, sched_get_priority_max, sys_sched_get_priority_max, Planned, "lab 09")
SYSCALL(147, sched_get_priority_min, sys_sched_get_priority_min, Planned, "lab 09")
SYSCALL(148, sched_rr_get_interval, sys_sched_rr_get_interval, Absent,  "")
SYSCALL(149, mlock,             sys_mlock,             Absent,  "")
SYSCALL(150, munlock,           sys_munlock,           Absent,  "")
SYSCALL(151, mlockall,          sys_mlockall,          Absent,  "")
SYSCALL(152, munlockall,        sys_munlockall,        Absent,  "")
SYSCALL(153, vhangup,           sys_vhangup,           Absent,  "")
SYSCALL(154, modify_ldt,        sys_modify_ldt,        Absent,  "")
SYSCALL(155, pivot_root,        sys_pivot_root,        Planned, "lab 09")
SYSCALL(156, _sysctl,           sys__sysctl,           Absent,  "")
SYSCALL(157, prctl,             sys_prctl,             Planned, "lab 09")
// LAB_BEGIN(03-processes): implement sys_arch_prctl (kernel/syscall/)
SYSCALL(158, arch_prctl,        sys_arch_prctl,        Partial, "ARCH_SET_FS and ARCH_GET_FS; GS reads 0")
// LAB_FALLBACK
// SYSCALL(158, arch_prctl,        sys_arch_prctl,        Planned, "lab 03")
// LAB_END
SYSCALL(159, adjtimex,          sys_adjtimex,          Absent,  "")
// LAB_BEGIN(03-processes): implement sys_setrlimit (kernel/syscall/)
SYSCALL(160, setrlimit,         sys_setrlimit,         Full,    "")
// LAB_FALLBACK
// SYSCALL(160, setrlimit,         sys_setrlimit,         Planned, "lab 03")
// LAB_END
SYSCALL(161, chroot,            sys_chroot,            Planned, "lab 09")
SYSCALL(162, sync,              sys_sync,              Planned, "lab 05")
SYSCALL(163, acct,              sys_acct,              Absent,  "")
SYSCALL(164, settimeofday,      sys_settimeofday,      Planned, "lab 09")
SYSCALL(165, mount,             sys_mount,             Planned, "lab 06")
SYSCALL(166, umount2,           sys_umount2,           Planned, "lab 06")
SYSCALL(167, swapon,            sys_swapon,            Absent,  "")
SYSCALL(168, swapoff,           sys_swapoff,           Absent,  "")
SYSCALL(169, reboot,            sys_reboot,            Partial, "power-off only: restart and halt power off too")
SYSCALL(170, sethostname,       sys_sethostname,       Planned, "lab 07")
SYSCALL(171, setdomainname,     sys_setdomainname,     Planned, "lab 07")
SYSCALL(172, iopl,              sys_iopl,              Absent,  "")
SYSCALL(173, ioperm,            sys_ioperm,            Absent,  "")
SYSCALL(174, create_module,     sys_create_module,     Absent,  "")
SYSCALL(175, init_module,       sys_init_module,       Absent,  "")
SYSCALL(176, delete_module,     sys_delete_module,     Absent,  "")
SYSCALL(177, get_kernel_syms,   sys_get_kernel_syms,   Absent,  "")
SYSCALL(178, query_module,      sys_query_module,      Absent,  "")
SYSCALL(179, quotactl,          sys_quotactl,          Absent,  "")
SYSCALL(180, nfsservctl,        sys_nfsservctl,        Absent,  "")
SYSCALL(181, getpmsg,           sys_getpmsg,           Absent,  "")
SYSCALL(182, putpmsg,           sys_putpmsg,           Absent,  "")
SYSCALL(183, afs_syscall,       sys_afs_syscall,       Absent,  "")
SYSCALL(184, tuxcall,           sys_tuxcall,           Absent,  "")
SYSCALL(185, security,          sys_security,          Absent,  "")
// LAB_BEGIN(03-processes): implement sys_gettid (kernel/syscall/)
SYSCALL(186, gettid,            sys_gettid,            Full,    "")
// LAB_FALLBACK
// SYSCALL(186, gettid,            sys_gettid,            Planned, "lab 03")
// LAB_END
SYSCALL(187, readahead,         sys_readahead,         Absent,  "")
SYSCALL(188, setxattr,          sys_setxattr,          Absent,  "")
SYSCALL(189, lsetxattr,         sys_lsetxattr,         Absent,  "")
SYSCALL(190, fsetxattr,         sys_fsetxattr,         Absent,  "")
SYSCALL(191, getxattr,          sys_getxattr,          Absent,  "")
SYSCALL(192, lgetxattr,         sys_lgetxattr,         Absent,  "")
SYSCALL(193, fgetxattr,         sys_fgetxattr,         Absent,  "")
SYSCALL(194, listxattr,         sys_listxattr,         Absent,  "")
SYSCALL(195, llistxattr,        sys_llistxattr,        Absent,  "")
SYSCALL(196, flistxattr,        sys_flistxattr,        Absent,  "")
SYSCALL(197, removexattr,       sys_removexattr,       Absent,  "")
SYSCALL(198, lremovexattr,      sys_lremovexattr,      Absent,  "")
SYSCALL(199, fremovexattr,      sys_fremovexattr,      Absent,  "")
SYSCALL(200, tkill,             sys_tkill,             Planned, "lab 04")
// LAB_BEGIN(03-processes): implement sys_time (kernel/syscall/)
SYSCALL(201, time,              sys_time,              Full,    "")
// LAB_FALLBACK
// SYSCALL(201, time,              sys_time,              Planned, "lab 03")
// LAB_END
SYSCALL(202, futex,             sys_futex,             Planned, "lab 04")
SYSCALL(203, sched_setaffinity, sys_sched_setaffinity, Planned, "lab 09")
SYSCALL(204, sched_getaffinity, sys_sched_getaffinity, Planned, "lab 09")
SYSCALL(205, set_thread_area,   sys_set_thread_area,   Absent,  "")
SYSCALL(206, io_setup,          sys_io_setup,          Absent,  "")
SYSCALL(207, io_destroy,        sys_io_destroy,        Absent,  "")
SYSCALL(208, io_getevents,      sys_io_getevents,      Absent,  "")
SYSCALL(209, io_submit,         sys_io_submit,         Absent,  "")
SYSCALL(210, io_cancel,         sys_io_cancel,         Absent,  "")
SYSCALL(211, get_thread_area,   sys_get_thread_area,   Absent,  "")
SYSCALL(212, lookup_dcookie,    sys_lookup_dcookie,    Absent,  "")
SYSCALL(213, epoll_create,      sys_epoll_create,      Planned, "lab 05")
SYSCALL(214, epoll_ctl_old,     sys_epoll_ctl_old,     Absent,  "")
SYSCALL(215, epoll_wait_old,    sys_epoll_wait_old,    Absent,  "")
SYSCALL(216, remap_file_pages,  sys_remap_file_pages,  Absent,  "")
SYSCALL(217, getdents64,        sys_getdents64,        Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_set_tid_address (kernel/syscall/)
SYSCALL(218, set_tid_address,   sys_set_tid_address,   Full,    "")
// LAB_FALLBACK
// SYSCALL(218, set_tid_address,   sys_set_tid_address,   Planned, "lab 03")
// LAB_END
SYSCALL(219, restart_syscall,   sys_restart_syscall,   Absent,  "")
SYSCALL(220, semtimedop,        sys_semtimedop,        Absent,  "")
SYSCALL(221, fadvise64,         sys_fadvise64,         Planned, "lab 05")
SYSCALL(222, timer_create,      sys_timer_create,      Absent,  "")
SYSCALL(223, timer_settime,     sys_timer_settime,     Absent,  "")
SYSCALL(224, timer_gettime,     sys_timer_gettime,     Absent,  "")
SYSCALL(225, timer_getoverrun,  sys_timer_getoverrun,  Absent,  "")
SYSCALL(226, timer_delete,      sys_timer_delete,      Absent,  "")
SYSCALL(227, clock_settime,     sys_clock_settime,     Absent,  "")
// LAB_BEGIN(03-processes): implement sys_clock_gettime (kernel/syscall/)
SYSCALL(228, clock_gettime,     sys_clock_gettime,     Partial, "CPU-time clocks report time since boot")
// LAB_FALLBACK
// SYSCALL(228, clock_gettime,     sys_clock_gettime,     Planned, "lab 03")
// LAB_END
SYSCALL(229, clock_getres,      sys_clock_getres,      Planned, "lab 09")
// LAB_BEGIN(03-processes): implement sys_clock_nanosleep (kernel/syscall/)
SYSCALL(230, clock_nanosleep,   sys_clock_nanosleep,   Full,    "")
// LAB_FALLBACK
// SYSCALL(230, clock_nanosleep,   sys_clock_nanosleep,   Planned, "lab 03")
// LAB_END
// LAB_BEGIN(03-processes): implement sys_exit_group (kernel/syscall/)
SYSCALL(231, exit_group,        sys_exit_group,        Full,    "")
// LAB_FALLBACK
// SYSCALL(231, exit_group,        sys_exit_group,        Planned, "lab 03")
// LAB_END
SYSCALL(232, epoll_wait,        sys_epoll_wait,        Planned, "lab 05")
SYSCALL(233, epoll_ctl,         sys_epoll_ctl,         Planned, "lab 05")
SYSCALL(234, tgkill,            sys_tgkill,            Planned, "lab 04")
SYSCALL(235, utimes,            sys_utimes,            Planned, "lab 05")
SYSCALL(236, vserver,           sys_vserver,           Absent,  "")
SYSCALL(237, mbind,             sys_mbind,             Absent,  "")
SYSCALL(238, set_mempolicy,     sys_set_mempolicy,     Absent,  "")
SYSCALL(239, get_mempolicy,     sys_get_mempolicy,     Absent,  "")
SYSCALL(240, mq_open,           sys_mq_open,           Absent,  "")
SYSCALL(241, mq_unlink,         sys_mq_unlink,         Absent,  "")
SYSCALL(242, mq_timedsend,      sys_mq_timedsend,      Absent,  "")
SYSCALL(243, mq_timedreceive,   sys_mq_timedreceive,   Absent,  "")
SYSCALL(244, mq_notify,         sys_mq_notify,         Absent,  "")
SYSCALL(245, mq_getsetattr,     sys_mq_getsetattr,     Absent,  "")
SYSCALL(246, kexec_load,        sys_kexec_load,        Absent,  "")
SYSCALL(247, waitid,            sys_waitid,            Planned, "lab 04")
SYSCALL(248, add_key,           sys_add_key,           Absent,  "")
SYSCALL(249, request_key,       sys_request_key,       Absent,  "")
SYSCALL(250, keyctl,            sys_keyctl,            Absent,  "")
SYSCALL(251, ioprio_set,        sys_ioprio_set,        Absent,  "")
SYSCALL(252, ioprio_get,        sys_ioprio_get,        Absent,  "")
SYSCALL(253, inotify_init,      sys_inotify_init,      Absent,  "")
SYSCALL(254, inotify_add_watch, sys_inotify_add_watch, Absent,  "")
SYSCALL(255, inotify_rm_watch,  sys_inotify_rm_watch,  Absent,  "")
SYSCALL(256, migrate_pages,     sys_migrate_pages,     Absent,  "")
SYSCALL(257, openat,            sys_openat,            Planned, "lab 05")
SYSCALL(258, mkdirat,           sys_mkdirat,           Planned, "lab 05")
SYSCALL(259, mknodat,           sys_mknodat,           Planned, "lab 05")
SYSCALL(260, fchownat,          sys_fchownat,          Planned, "lab 05")
SYSCALL(261, futimesat,         sys_futimesat,         Planned, "lab 05")
// LAB_BEGIN(03-processes): implement sys_newfstatat (kernel/syscall/)
SYSCALL(262, newfstatat,        sys_newfstatat,        Partial, "initramfs paths and console fds until lab 05")
// LAB_FALLBACK
// SYSCALL(262, newfstatat,        sys_newfstatat,        Planned, "lab 03")
// LAB_END
SYSCALL(263, unlinkat,          sys_unlinkat,          Planned, "lab 05")
SYSCALL(264, renameat,          sys_renameat,          Planned, "lab 05")
SYSCALL(265, linkat,            sys_linkat,            Planned, "lab 05")
SYSCALL(266, symlinkat,         sys_symlinkat,         Planned, "lab 05")
SYSCALL(267, readlinkat,        sys_readlinkat,        Planned, "lab 05")
SYSCALL(268, fchmodat,          sys_fchmodat,          Planned, "lab 05")
SYSCALL(269, faccessat,         sys_faccessat,         Planned, "lab 05")
SYSCALL(270, pselect6,          sys_pselect6,          Planned, "lab 05")
SYSCALL(271, ppoll,             sys_ppoll,             Planned, "lab 05")
SYSCALL(272, unshare,           sys_unshare,           Absent,  "")
// LAB_BEGIN(03-processes): implement sys_set_robust_list (kernel/syscall/)
SYSCALL(273, set_robust_list,   sys_set_robust_list,   Full,    "")
// LAB_FALLBACK
// SYSCALL(273, set_robust_list,   sys_set_robust_list,   Planned, "lab 03")
// LAB_END
SYSCALL(274, get_robust_list,   sys_get_robust_list,   Planned, "lab 04")
SYSCALL(275, splice,            sys_splice,            Planned, "lab 05")
SYSCALL(276, tee,               sys_tee,               Planned, "lab 05")
SYSCALL(277, sync_file_range,   sys_sync_file_range,   Absent,  "")
SYSCALL(278, vmsplice,          sys_vmsplice,          Planned, "lab 05")
SYSCALL(279, move_pages,        sys_move_pages,        Absent,  "")
SYSCALL(280, utimensat,         sys_utimensat,         Planned, "lab 05")
SYSCALL(281, epoll_pwait,       sys_epoll_pwait,       Planned, "lab 05")
SYSCALL(282, signalfd,          sys_signalfd,          Planned, "lab 05")
SYSCALL(283, timerfd_create,    sys_timerfd_create,    Planned, "lab 05")
SYSCALL(284, eventfd,           sys_eventfd,           Planned, "lab 05")
SYSCALL(285, fallocate,         sys_fallocate,         Planned, "lab 05")
SYSCALL(286, timerfd_settime,   sys_timerfd_settime,   Planned, "lab 05")
SYSCALL(287, timerfd_gettime,   sys_timerfd_gettime,   Planned, "lab 05")
SYSCALL(288, accept4,           sys_accept4,           Planned, "lab 07")
SYSCALL(289, signalfd4,         sys_signalfd4,         Planned, "lab 05")
SYSCALL(290, eventfd2,          sys_eventfd2,          Planned, "lab 05")
SYSCALL(291, epoll_create1,     sys_epoll_create1,     Planned, "lab 05")
SYSCALL(292, dup3,              sys_dup3,              Planned, "lab 05")
SYSCALL(293, pipe2,             sys_pipe2,             Planned, "lab 05")
SYSCALL(294, inotify_init1,     sys_inotify_init1,     Absent,  "")
SYSCALL(295, preadv,            sys_preadv,            Planned, "lab 05")
SYSCALL(296, pwritev,           sys_pwritev,           Planned, "lab 05")
SYSCALL(297, rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo, Planned, "lab 04")
SYSCALL(298, perf_event_open,   sys_perf_event_open,   Absent,  "")
SYSCALL(299, recvmmsg,          sys_recvmmsg,          Planned, "lab 07")
SYSCALL(300, fanotify_init,     sys_fanotify_init,     Absent,  "")
SYSCALL(301, fanotify_mark,     sys_fanotify_mark,     Absent,  "")
// LAB_BEGIN(03-processes): implement sys_prlimit64 (kernel/syscall/)
SYSCALL(302, prlimit64,         sys_prlimit64,         Full,    "")
// LAB_FALLBACK
// SYSCALL(302, prlimit64,         sys_prlimit64,         Planned, "lab 03")
// LAB_END
SYSCALL(303, name_to_handle_at, sys_name_to_handle_at, Absent,  "")
SYSCALL(304, open_by_handle_at, sys_open_by_handle_at, Absent,  "")
SYSCALL(305, clock_adjtime,     sys_clock_adjtime,     Absent,  "")
SYSCALL(306, syncfs,            sys_syncfs,            Planned, "lab 05")
SYSCALL(307, sendmmsg,          sys_sendmmsg,          Planned, "lab 07")
SYSCALL(308, setns,             sys_setns,             Absent,  "")
SYSCALL(309, getcpu,            sys_getcpu,            Absent,  "")
SYSCALL(310, process_vm_readv,  sys_process_vm_readv,  Absent,  "")
SYSCALL(311, process_vm_writev, sys_process_vm_writev, Absent,  "")
SYSCALL(312, kcmp,              sys_kcmp,              Absent,  "")
SYSCALL(313, finit_module,      sys_finit_module,      Absent,  "")
SYSCALL(314, sched_setattr,     sys_sched_setattr,     Absent,  "")
SYSCALL(315, sched_getattr,     sys_sched_getattr,     Absent,  "")
SYSCALL(316, renameat2,         sys_renameat2,         Planned, "lab 05")
SYSCALL(317, seccomp,           sys_seccomp,           Absent,  "")
// LAB_BEGIN(03-processes): implement sys_getrandom (kernel/syscall/)
SYSCALL(318, getrandom,         sys_getrandom,         Full,    "")
// LAB_FALLBACK
// SYSCALL(318, getrandom,         sys_getrandom,         Planned, "lab 03")
// LAB_END
SYSCALL(319, memfd_create,      sys_memfd_create,      Planned, "lab 09")
SYSCALL(320, kexec_file_load,   sys_kexec_file_load,   Absent,  "")
SYSCALL(321, bpf,               sys_bpf,               Absent,  "")
SYSCALL(322, execveat,          sys_execveat,          Absent,  "")
SYSCALL(323, userfaultfd,       sys_userfaultfd,       Absent,  "")
SYSCALL(324, membarrier,        sys_membarrier,        Planned, "lab 09")
SYSCALL(325, mlock2,            sys_mlock2,            Absent,  "")
SYSCALL(326, copy_file_range,   sys_copy_file_range,   Planned, "lab 05")
SYSCALL(327, preadv2,           sys_preadv2,           Planned, "lab 05")
SYSCALL(328, pwritev2,          sys_pwritev2,          Planned, "lab 05")
SYSCALL(329, pkey_mprotect,     sys_pkey_mprotect,     Absent,  "")
SYSCALL(330, pkey_alloc,        sys_pkey_alloc,        Absent,  "")
SYSCALL(331, pkey_free,         sys_pkey_free,         Absent,  "")
SYSCALL(332, statx,             sys_statx,             Planned, "lab 05")
SYSCALL(333, io_pgetevents,     sys_io_pgetevents,     Absent,  "")
// LAB_BEGIN(03-processes): implement sys_rseq (kernel/syscall/)
SYSCALL(334, rseq,              sys_rseq,              Stub,    "returns ENOSYS; both libcs go on without it")
// LAB_FALLBACK
// SYSCALL(334, rseq,              sys_rseq,              Planned, "lab 03")
// LAB_END
SYSCALL(424, pidfd_send_signal, sys_pidfd_send_signal, Absent,  "")
SYSCALL(425, io_uring_setup,    sys_io_uring_setup,    Absent,  "")
SYSCALL(426, io_uring_enter,    sys_io_uring_enter,    Absent,  "")
SYSCALL(427, io_uring_register, sys_io_uring_register, Absent,  "")
SYSCALL(428, open_tree,         sys_open_tree,         Absent,  "")
SYSCALL(429, move_mount,        sys_move_mount,        Absent,  "")
SYSCALL(430, fsopen,            sys_fsopen,            Absent,  "")
SYSCALL(431, fsconfig,          sys_fsconfig,          Absent,  "")
SYSCALL(432, fsmount,           sys_fsmount,           Absent,  "")
SYSCALL(433, fspick,            sys_fspick,            Absent,  "")
SYSCALL(434, pidfd_open,        sys_pidfd_open,        Absent,  "")
SYSCALL(435, clone3,            sys_clone3,            Planned, "lab 04")
SYSCALL(436, close_range,       sys_close_range,       Planned, "lab 05")
SYSCALL(437, openat2,           sys_openat2,           Planned, "lab 05")
SYSCALL(438, pidfd_getfd,       sys_pidfd_getfd,       Absent,  "")
SYSCALL(439, faccessat2,        sys_faccessat2,        Planned, "lab 05")
SYSCALL(440, process_madvise,   sys_process_madvise,   Absent,  "")
SYSCALL(441, epoll_pwait2,      sys_epoll_pwait2,      Planned, "lab 05")
SYSCALL(442, mount_setattr,     sys_mount_setattr,     Absent,  "")
SYSCALL(443, quotactl_fd,       sys_quotactl_fd,       Absent,  "")
SYSCALL(444, landlock_create_ruleset, sys_landlock_create_ruleset, Absent,  "")
SYSCALL(445, landlock_add_rule, sys_landlock_add_rule, Absent,  "")
SYSCALL(446, landlock_restrict_self, sys_landlock_restrict_self, Absent,  "")
SYSCALL(447, memfd_secret,      sys_memfd_secret,      Absent,  "")
SYSCALL(448, process_mrelease,  sys_process_mrelease,  Absent,  "")
SYSCALL(449, futex_waitv,       sys_futex_waitv,       Absent,  "")
SYSCALL(450, set_mempolicy_home_node, sys_set_mempolicy_home_node, Absent,  "")

// clang-format on
#undef SYSCALL
