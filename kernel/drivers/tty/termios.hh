// kernel/drivers/tty/termios.hh — struct termios and struct winsize as the tty ioctls pass
// them, with the flag bits and control-character slots the line discipline obeys.
//
// The layout is the kernel's (TCGETS/TCSETS, 36 bytes, no speed fields: the baud rate
// lives in c_cflag), not glibc's larger user-space struct, which libc converts.
#pragma once

#include "lib/types.hh"

namespace tty {

/// struct termios as TCGETS and TCSETS* carry it.
struct Termios {
    u32 iflag, oflag, cflag, lflag;
    u8 line;
    u8 cc[19];
};
static_assert(sizeof(Termios) == 36);

/// struct winsize (TIOCGWINSZ, TIOCSWINSZ).
struct Winsize {
    u16 rows, cols, xpixel, ypixel;
};

// c_cc slots.
constexpr int VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6,
              VSTART = 8, VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VWERASE = 14,
              VLNEXT = 15, VEOL2 = 16;

// c_iflag.
constexpr u32 IGNBRK = 01, BRKINT = 02, ISTRIP = 040, INLCR = 0100, IGNCR = 0200, ICRNL = 0400,
              IUCLC = 01000, IXON = 02000, IXANY = 04000, IXOFF = 010000, IUTF8 = 040000;
// c_oflag.
constexpr u32 OPOST = 01, OLCUC = 02, ONLCR = 04, OCRNL = 010, ONOCR = 020, ONLRET = 040;
// c_cflag.
constexpr u32 CBAUD = 010017, B38400 = 017, CSIZE = 060, CS8 = 060, CREAD = 0200, HUPCL = 02000,
              CLOCAL = 04000;
// c_lflag.
constexpr u32 ISIG = 01, ICANON = 02, ECHO = 010, ECHOE = 020, ECHOK = 040, ECHONL = 0100,
              NOFLSH = 0200, TOSTOP = 0400, ECHOCTL = 01000, ECHOPRT = 02000, ECHOKE = 04000,
              IEXTEN = 0100000;

/// A terminal as Linux opens one (tty_std_termios): canonical, echoing, signals on,
/// ICRNL|IXON in, OPOST|ONLCR out, 38400 8N1 (a pty slave's flags).
constexpr Termios default_termios() {
    return Termios{ICRNL | IXON,
                   OPOST | ONLCR,
                   B38400 | CS8 | CREAD,
                   ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
                   0,
                   {3, 034, 0177, 025, 4, 0, 1, 0, 021, 023, 032, 0, 022, 017, 027, 026, 0, 0, 0}};
}

}  // namespace tty
