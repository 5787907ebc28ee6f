// kernel/drivers/tty/tty.hh — terminals: a line discipline between a device and the
// processes of one session.
//
//   driver (UART, pty master) ──receive()──> line discipline ──read()──> processes
//                 <──Driver::write── output processing (OPOST) <──write()──
//
// A Tty holds the termios, the input queue (the canonical line being edited and the
// lines ready to read), the window size, and the job-control state: the session it is
// the controlling terminal of and that session's foreground process group. Bytes that
// come in are edited (erase, kill, werase), echoed and turned into signals (^C, ^\, ^Z)
// by receive(); readers sleep on the tty's wait queue until receive() wakes them. Every
// field is guarded by the tty's lock; the driver's write is called with it held.
//
// The serial console (serial_tty.cc) and the pseudo-terminals (pty.cc) are the drivers.
#pragma once

#include "drivers/tty/termios.hh"
#include "fs/vfs/file.hh"
#include "lib/list.hh"
#include "lib/spinlock.hh"
#include "proc/wait_queue.hh"

namespace tty {

struct Tty;

/// The device end of a terminal.
struct Driver {
    /// Sends @p n bytes, already through output processing, to the device (tty lock
    /// held: must not sleep). Bytes the device has no room for are dropped.
    void (*write)(Tty& t, const char* s, usize n);
    /// Bytes written and not yet sent (TIOCOUTQ), or null for 0.
    usize (*pending_output)(Tty& t);
    /// The last File open on the terminal is closed (null: nothing to do).
    void (*last_close)(Tty& t);
    /// Bytes the device takes now (tty lock held); null: no limit. A write waits on
    /// t.readers for room, which the driver makes and announces with a wake-up there.
    usize (*room)(Tty& t);
};

/// One terminal and its line discipline.
struct Tty {
    static constexpr usize INPUT_SIZE = 4096;

    const char* name;
    const Driver* driver;
    void* driver_data = nullptr;
    SpinLock lock{"tty"};
    ListNode node;  ///< on the list of terminals (registry lock)

    // --- the tty lock guards everything below ---
    Termios termios;
    Winsize winsize{24, 80, 0, 0};
    /// Input: bytes (low 8 bits) with DELIM marking a line's end and EOF_MARK a ^D
    /// that ends a line without being read. The first canon_len are complete lines.
    u16 input[INPUT_SIZE];
    usize input_len = 0;
    usize canon_len = 0;
    bool literal_next = false;  ///< ^V came: the next byte is taken as it is
    bool stopped = false;       ///< ^S came (IXON): output is held until ^Q
    u32 column = 0;             ///< of the cursor, for erasing echoes
    u32 line_column = 0;        ///< where the line being edited started
    u64 last_input_ns = 0;      ///< when a byte last came (VTIME's inter-byte timer)
    proc::WaitQueue readers;    ///< readers and pollers, woken by receive() and hangup
    int session = 0;            ///< the session it controls (0: none)
    int pgrp = 0;               ///< that session's foreground process group
    bool hung_up = false;       ///< the device end is gone: reads 0/EIO, writes EIO
    u32 opens = 0;              ///< Files open on it

    static constexpr u16 DELIM = 0x100, EOF_MARK = 0x200;

    Tty(const char* n, const Driver* d) : name(n), driver(d), termios(default_termios()) {}
};

// --- the line discipline (ldisc.cc) ---

/// Input from the device: edited, echoed, turned into signals, queued for readers
/// (process or kernel-thread context; takes the tty lock).
void receive(Tty& t, const char* s, usize n);
/// read(2): canonical lines or raw bytes by VMIN/VTIME; sleeps on t.readers.
Result<u64> read(Tty& t, vfs::File& f, const vfs::IoBuf& buf);
/// write(2): through output processing to the driver.
Result<u64> write(Tty& t, vfs::File& f, const vfs::IoBuf& buf);
/// What read and write would do now, as POLL* bits (tty lock not held); registers @p pw
/// (may be null) on t.readers, which receive() and hangup wake (fs/vfs/poll.hh).
u32 poll_mask(Tty& t, vfs::PollWait* pw);
/// Bytes a read could take now (FIONREAD; tty lock held).
usize readable_bytes(const Tty& t);
/// Drops queued input (TCFLSH, TCSETSF, signals without NOFLSH; tty lock held).
void flush_input(Tty& t);

// --- the open file (file.cc): File::priv is the Tty ---

/// The read, write, poll, ioctl and release operations of a File open on a terminal;
/// each device node adds its own open, which sets f.priv and calls opened().
Result<u64> file_read(vfs::File& f, const vfs::IoBuf& buf, u64* pos);
Result<u64> file_write(vfs::File& f, const vfs::IoBuf& buf, u64* pos);
u32 file_poll(vfs::File& f, vfs::PollWait* pw);
Result<u64> file_ioctl(vfs::File& f, u32 request, vm::UserAddr arg);
void file_release(vfs::File& f);
/// open of /dev/tty: the caller's controlling terminal (ENXIO without one).
Result<void> open_controlling(vfs::File& f);
/// The serial console's terminal (serial_tty.cc); its receive thread starts with the
/// first call.
Tty& serial_console();

/// Adds /dev/ptmx and the /dev/pts/N device numbers (pty.cc; before devfs is made).
void register_ptys();

// --- the ioctls (ioctl.cc) ---

/// ioctl(2) on a terminal: termios, window size, queues, job control. ENOTTY for others.
Result<u64> ioctl(Tty& t, vfs::File& f, u32 request, vm::UserAddr arg);

// --- sessions and job control (job_control.cc) ---

/// open(2) of @p t: a session leader without a terminal acquires it, unless
/// @p noctty. Counts the open.
Result<void> opened(Tty& t, bool noctty);
/// The last close of a File on @p t (calls the driver's last_close when none is left).
void closed(Tty& t);
/// The calling process may read @p t: not in a background group of its session
/// (SIGTTIN, or EIO when it ignores or blocks SIGTTIN or its group is orphaned).
Result<void> check_read(Tty& t);
/// The same for write (only with TOSTOP) and for changing the terminal (@p change:
/// TCSETS*, TIOCSPGRP, TCFLSH...): SIGTTOU, or EIO for an orphaned group.
Result<void> check_write(Tty& t, bool change);
/// The device end went away: SIGHUP and SIGCONT to the session, readers woken.
void hangup(Tty& t);
/// The controlling terminal of session @p sid, or null.
Tty* controlling_tty(int sid);
/// Session leader of @p sid ends: its terminal's foreground group gets SIGHUP and
/// SIGCONT, and the terminal is nobody's (proc/exit.cc).
void session_leader_exited(int sid);
/// Adds @p t to the terminals job control looks through (at boot or pty open).
void register_tty(Tty& t);
/// Takes @p t off that list (a pty's last close).
void unregister_tty(Tty& t);

}  // namespace tty
