// kernel/drivers/tty/ldisc.cc — the line discipline (Linux's N_TTY): input editing, echo,
// signal characters, canonical and raw reads, output processing.
//
// Input arrives through receive(), from the device end; it is processed byte by byte
// under the tty's lock, as termios says (ISTRIP, IXON, ISIG, ICRNL/INLCR/IGNCR, ICANON
// editing, ECHO*). A signal character is turned into a signal for the foreground process
// group once the lock is released. Readers sleep on t.readers and loop on their
// condition; receive() wakes them all.
#include "drivers/tty/tty.hh"
#include "drivers/timer/clock.hh"
#include "fs/vfs/poll.hh"
#include "proc/job_control.hh"
#include "proc/sched.hh"
#include "proc/signal.hh"

namespace tty {
namespace {

constexpr int SIGINT = 2, SIGQUIT = 3, SIGTSTP = 20;

bool lflag(const Tty& t, u32 f) { return t.termios.lflag & f; }
bool iflag(const Tty& t, u32 f) { return t.termios.iflag & f; }
bool is_control(u8 c) { return c < 0x20 || c == 0x7f; }
bool is_special(const Tty& t, u8 c, int slot) { return c && t.termios.cc[slot] == c; }

// --- output: OPOST processing and the cursor column ---

void track_column(Tty& t, u8 c) {
    if (c == '\r' || c == '\n') t.column = 0;
    else if (c == '\b') t.column = t.column ? t.column - 1 : 0;
    else if (c == '\t') t.column = (t.column | 7) + 1;
    else if (!is_control(c)) ++t.column;
}

// Writes @p n bytes through output processing (tty lock held).
void output(Tty& t, const char* s, usize n) {
    const Termios& tio = t.termios;
    if (!(tio.oflag & OPOST)) {
        for (usize i = 0; i < n; ++i) track_column(t, u8(s[i]));
        t.driver->write(t, s, n);
        return;
    }
    char out[128];
    usize k = 0;
    auto put = [&](char c) {
        if (k == sizeof out) {
            t.driver->write(t, out, k);
            k = 0;
        }
        out[k++] = c;
        track_column(t, u8(c));
    };
    for (usize i = 0; i < n; ++i) {
        char c = s[i];
        if (c == '\n' && (tio.oflag & ONLCR)) {
            put('\r');
            put('\n');
        } else if (c == '\r' && (tio.oflag & OCRNL)) {
            put('\n');
        } else if (c == '\r' && (tio.oflag & ONOCR) && t.column == 0) {
            continue;
        } else if (tio.oflag & OLCUC && c >= 'a' && c <= 'z') {
            put(char(c - 'a' + 'A'));
        } else {
            put(c);
        }
    }
    if (k) t.driver->write(t, out, k);
}

void output_str(Tty& t, const char* s) {
    usize n = 0;
    while (s[n]) ++n;
    output(t, s, n);
}

// Echoes @p c as Linux does: a control character other than tab and newline as "^X"
// under ECHOCTL.
void echo_char(Tty& t, u8 c) {
    if (is_control(c) && c != '\t' && c != '\n' && lflag(t, ECHOCTL)) {
        char s[2] = {'^', char(c ^ 0100)};
        output(t, s, 2);
    } else {
        char ch = char(c);
        output(t, &ch, 1);
    }
}

// --- input editing ---

bool editing(const Tty& t) { return t.input_len > t.canon_len; }

// The column the cursor would be at after echoing the line being edited up to @p end.
u32 column_at(const Tty& t, usize end) {
    u32 col = t.line_column;
    for (usize i = t.canon_len; i < end; ++i) {
        u8 c = u8(t.input[i]);
        if (c == '\t') col = (col | 7) + 1;
        else if (is_control(c)) col += lflag(t, ECHOCTL) ? 2 : 0;
        else ++col;
    }
    return col;
}

// Takes the last byte of the line being edited back, rubbing out its echo.
void erase_one(Tty& t) {
    u8 c = u8(t.input[--t.input_len]);
    if (!lflag(t, ECHO)) return;
    if (!lflag(t, ECHOE)) {
        echo_char(t, t.termios.cc[VERASE]);
        return;
    }
    u32 width = 1;
    if (c == '\t') {
        u32 before = column_at(t, t.input_len);
        width = t.column > before ? t.column - before : 0;
        while (width--) output_str(t, "\b");
        return;
    }
    if (is_control(c)) width = lflag(t, ECHOCTL) ? 2 : 0;
    while (width--) output_str(t, "\b \b");
}

bool word_char(u8 c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

void kill_line(Tty& t, u8 c) {
    if (!editing(t)) return;
    if (lflag(t, ECHO) && lflag(t, ECHOK) && lflag(t, ECHOKE) && lflag(t, ECHOE)) {
        while (editing(t)) erase_one(t);
        return;
    }
    t.input_len = t.canon_len;
    if (!lflag(t, ECHO)) return;
    echo_char(t, c);
    if (lflag(t, ECHOK)) output_str(t, "\n");
}

// ^W: what is not a word character before the last word, then the word (Linux's rule).
void erase_word(Tty& t) {
    while (editing(t) && !word_char(u8(t.input[t.input_len - 1]))) erase_one(t);
    while (editing(t) && word_char(u8(t.input[t.input_len - 1]))) erase_one(t);
}

// Queues @p value; in canonical mode one slot is kept for the line's delimiter.
bool queue(Tty& t, u16 value, bool delimiter) {
    usize limit = lflag(t, ICANON) && !delimiter ? Tty::INPUT_SIZE - 1 : Tty::INPUT_SIZE;
    if (t.input_len >= limit) return false;
    if (!editing(t)) t.line_column = t.column;
    t.input[t.input_len++] = value;
    if (delimiter || !lflag(t, ICANON)) t.canon_len = t.input_len;
    return true;
}

// A signal character: flush (unless NOFLSH), echo, remember the signal (lock held).
void signal_char(Tty& t, u8 c, int sig, int& pending_sig) {
    if (!lflag(t, NOFLSH)) flush_input(t);
    t.stopped = false;
    if (lflag(t, ECHO)) echo_char(t, c);
    pending_sig = sig;
}

// One byte of input (lock held); a signal character sets @p sig.
void receive_one(Tty& t, u8 c, int& sig) {
    if (iflag(t, ISTRIP)) c &= 0x7f;
    if (t.literal_next) {
        t.literal_next = false;
        if (lflag(t, ECHO) && lflag(t, ECHOCTL)) output_str(t, "\b\b");
        if (queue(t, c, false) && lflag(t, ECHO)) echo_char(t, c);
        return;
    }
    if (iflag(t, IXON)) {
        if (is_special(t, c, VSTART)) {
            t.stopped = false;
            return;
        }
        if (is_special(t, c, VSTOP)) {
            t.stopped = true;
            return;
        }
        if (iflag(t, IXANY)) t.stopped = false;
    }
    if (lflag(t, ISIG)) {
        if (is_special(t, c, VINTR)) return signal_char(t, c, SIGINT, sig);
        if (is_special(t, c, VQUIT)) return signal_char(t, c, SIGQUIT, sig);
        if (is_special(t, c, VSUSP)) return signal_char(t, c, SIGTSTP, sig);
    }
    if (c == '\r') {
        if (iflag(t, IGNCR)) return;
        if (iflag(t, ICRNL)) c = '\n';
    } else if (c == '\n' && iflag(t, INLCR)) {
        c = '\r';
    }
    if (lflag(t, ICANON)) {
        if (is_special(t, c, VERASE)) {
            if (editing(t)) erase_one(t);
            return;
        }
        if (is_special(t, c, VKILL)) return kill_line(t, c);
        if (lflag(t, IEXTEN) && is_special(t, c, VWERASE)) return erase_word(t);
        if (lflag(t, IEXTEN) && is_special(t, c, VLNEXT)) {
            t.literal_next = true;
            if (lflag(t, ECHO) && lflag(t, ECHOCTL)) output_str(t, "^\b");
            return;
        }
        if (lflag(t, IEXTEN) && is_special(t, c, VREPRINT)) {
            if (!lflag(t, ECHO)) return;
            echo_char(t, c);
            output_str(t, "\n");
            for (usize i = t.canon_len; i < t.input_len; ++i) echo_char(t, u8(t.input[i]));
            return;
        }
        if (is_special(t, c, VEOF)) {
            queue(t, u16(c) | Tty::DELIM | Tty::EOF_MARK, true);
            return;
        }
        bool eol = c == '\n' || is_special(t, c, VEOL) || is_special(t, c, VEOL2);
        if (eol) {
            if (!queue(t, u16(c) | Tty::DELIM, true)) return;
            if (lflag(t, ECHO) || (c == '\n' && lflag(t, ECHONL))) echo_char(t, c);
            return;
        }
    }
    if (queue(t, c, false) && lflag(t, ECHO)) echo_char(t, c);
}

}  // namespace

void flush_input(Tty& t) {
    t.input_len = t.canon_len = 0;
    t.literal_next = false;
}

usize readable_bytes(const Tty& t) {
    if (!(t.termios.lflag & ICANON)) return t.input_len;
    usize n = 0;
    for (usize i = 0; i < t.canon_len; ++i)
        if (!(t.input[i] & Tty::EOF_MARK)) ++n;
    return n;
}

void receive(Tty& t, const char* s, usize n) {
    int sig = 0, pgrp = 0;
    {
        SpinLockGuard g(t.lock);
        for (usize i = 0; i < n; ++i) {
            int one = 0;
            receive_one(t, u8(s[i]), one);
            if (one) {
                sig = one;
                pgrp = t.pgrp;
            }
        }
        t.last_input_ns = ktime::now_ns();
        proc::wake_all(t.readers);
    }
    if (sig && pgrp > 0) proc::signal_group(pgrp, sig);
}

namespace {

// Takes up to @p room bytes of input for a read into @p out (lock held): a canonical
// read stops after a line's delimiter (an EOF mark is consumed but not returned).
usize take(Tty& t, char* out, usize room) {
    bool canon = lflag(t, ICANON);
    usize avail = canon ? t.canon_len : t.input_len;
    usize used = 0, n = 0;
    while (used < avail && n < room) {
        u16 v = t.input[used++];
        if (!(v & Tty::EOF_MARK)) out[n++] = char(v & 0xff);
        if (canon && (v & Tty::DELIM)) break;
    }
    for (usize i = used; i < t.input_len; ++i) t.input[i - used] = t.input[i];
    t.input_len -= used;
    t.canon_len = t.canon_len > used ? t.canon_len - used : 0;
    if (!canon) t.canon_len = t.input_len;
    return n;
}

}  // namespace

Result<u64> read(Tty& t, vfs::File& f, const vfs::IoBuf& buf) {
    TRY(check_read(t));
    if (buf.size() == 0) return 0;
    char chunk[512];
    usize want = buf.size() < sizeof chunk ? usize(buf.size()) : sizeof chunk;
    u64 start = ktime::now_ns();
    SpinLockGuard g(t.lock);
    if (t.hung_up && t.input_len == 0) return 0;  // hung up before: end of file
    for (;;) {
        bool canon = lflag(t, ICANON);
        u8 vmin = t.termios.cc[VMIN], vtime = t.termios.cc[VTIME];
        u64 deadline = ~0ull;
        bool ready;
        if (canon) {
            ready = t.canon_len > 0;
        } else {
            usize target = vmin < want ? vmin : want;
            ready = t.input_len >= target && (t.input_len > 0 || vtime == 0);
            if (!ready && vtime) {
                u64 base = vmin == 0 ? start : t.last_input_ns;
                deadline = base + u64(vtime) * 100'000'000;
                if (vmin == 0 || t.input_len > 0) ready = ktime::now_ns() >= deadline;
                if (vmin > 0 && t.input_len == 0) deadline = ~0ull;  // the timer starts with a byte
            }
        }
        if (ready) {
            usize n = take(t, chunk, want);
            if (n == 0 && !canon) return 0;
            TRY(buf.fill(0, chunk, n));
            if (n) proc::wake_all(t.readers);  // writers blocked on a full queue (ptys)
            return n;
        }
        if (t.hung_up) return Error(EIO);  // hung up while it waited (Linux's rule)
        if (f.flags & vfs::O_NONBLOCK) return Error(EAGAIN);
        if (proc::signal_pending()) return Error(proc::ERESTARTSYS);
        proc::sleep_on_until(t.readers, t.lock, deadline, true);
    }
}

// Linux's tty write chunk: each is copied whole before any of it goes out, so a fault
// inside one writes nothing of it (the call returns what went before, or EFAULT).
constexpr usize WRITE_CHUNK = 2048;

Result<u64> write(Tty& t, vfs::File& f, const vfs::IoBuf& buf) {
    TRY(check_write(t, false));
    char chunk[WRITE_CHUNK];
    u64 done = 0;
    while (done < buf.size()) {
        usize n = buf.size() - done < sizeof chunk ? usize(buf.size() - done) : sizeof chunk;
        if (buf.drain(chunk, done, n).is_error()) {
            if (done) return done;
            return Error(EFAULT);
        }
        SpinLockGuard g(t.lock);
        for (usize sent = 0; sent < n;) {
            if (t.hung_up) return done ? Result<u64>(done) : Error(EIO);
            usize room = t.driver->room ? t.driver->room(t) / 2 : n;  // ONLCR may double it
            if (room == 0) {  // a pty whose master has not read: wait for it
                if (f.flags & vfs::O_NONBLOCK) return done ? Result<u64>(done) : Error(EAGAIN);
                if (proc::signal_pending())
                    return done ? Result<u64>(done) : Error(proc::ERESTARTSYS);
                proc::sleep_on(t.readers, t.lock);
                continue;
            }
            usize step = n - sent < room ? n - sent : room;
            output(t, chunk + sent, step);
            sent += step;
            done += step;
        }
    }
    return done;
}

u32 poll_mask(Tty& t, vfs::PollWait* pw) {
    SpinLockGuard g(t.lock);
    vfs::poll_wait(pw, t.readers, t.lock);
    u32 mask = vfs::POLLOUT | vfs::POLLWRNORM;
    bool readable = lflag(t, ICANON) ? t.canon_len > 0 : t.input_len > 0;
    if (readable) mask |= vfs::POLLIN | vfs::POLLRDNORM;
    if (t.hung_up) mask = vfs::POLLIN | vfs::POLLRDNORM | vfs::POLLHUP;
    return mask;
}

}  // namespace tty
