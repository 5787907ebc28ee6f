/* Contract: TCP over loopback. socket/bind/listen/accept4/connect on 127.0.0.1 with an
 * ephemeral port, getsockname/getpeername agree across the two ends, a nonce-made
 * stream of 200000 bytes crosses both ways intact (read and write, send and recv),
 * shutdown(SHUT_WR) is end of file for the peer, getsockopt (SO_TYPE, SO_ERROR,
 * SO_ACCEPTCONN, TCP_NODELAY after setsockopt), a non-blocking connect gives
 * EINPROGRESS and then a usable socket, an empty non-blocking accept and recv EAGAIN.
 * Errors: ECONNREFUSED (a closed port), EADDRINUSE (a port being listened on),
 * ENOTCONN (getpeername before connect), EAFNOSUPPORT (an unknown family), ENOTSOCK,
 * EINVAL (a short sockaddr), EBADF. */
#include "contract.h"
#include "inet.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define SIZE 200000

static unsigned short local_or_peer_port(int fd, int peer) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    if ((peer ? getpeername(fd, (struct sockaddr*)&a, &len)
              : getsockname(fd, (struct sockaddr*)&a, &len)) != 0)
        return 0;
    return ntohs(a.sin_port);
}

static int opt(int fd, int level, int name) {
    int v = -1;
    socklen_t len = sizeof v;
    if (getsockopt(fd, level, name, &v, &len) != 0) return -errno;
    return v;
}

/* Writes all of @p buf (a blocking socket may take it in pieces). */
static long put_all(int fd, const unsigned char* buf, long n, int use_send) {
    long done = 0;
    while (done < n) {
        long r = use_send ? send(fd, buf + done, n - done, 0) : write(fd, buf + done, n - done);
        if (r <= 0) return done;
        done += r;
    }
    return done;
}

static long get_all(int fd, unsigned char* buf, long n, int use_recv) {
    long done = 0;
    while (done < n) {
        long r = use_recv ? recv(fd, buf + done, n - done, 0) : read(fd, buf + done, n - done);
        if (r <= 0) return done;
        done += r;
    }
    return done;
}

static unsigned long long sum(const unsigned char* b, long n) {
    unsigned long long h = 1469598103934665603ull;
    for (long i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

int main(void) {
    static unsigned char out[SIZE], in[SIZE];
    for (long i = 0; i < SIZE; ++i) out[i] = (unsigned char)contract_random();

    int l = socket(AF_INET, SOCK_STREAM, 0);
    printf("socket: %s\n", l >= 0 ? "ok" : errname(errno));
    struct sockaddr_in a = loopback(0);
    SHOW("bind(127.0.0.1:0)", bind(l, (struct sockaddr*)&a, sizeof a));
    SHOW("bind again", bind(l, (struct sockaddr*)&a, sizeof a));
    SHOW("listen(8)", listen(l, 8));
    SHOW("SO_ACCEPTCONN", opt(l, SOL_SOCKET, SO_ACCEPTCONN));
    unsigned short port = local_or_peer_port(l, 0);
    printf("an ephemeral port: %s\n", port ? "yes" : "no");

    int c = socket(AF_INET, SOCK_STREAM, 0);
    SHOW("getpeername before connect", local_or_peer_port(c, 1) ? 0 : -1);
    SHOW("getpeername errno", (local_or_peer_port(c, 1), -errno));
    a = loopback(port);
    SHOW("connect", connect(c, (struct sockaddr*)&a, sizeof a));
    struct sockaddr_in peer;
    socklen_t plen = sizeof peer;
    int s = accept4(l, (struct sockaddr*)&peer, &plen, SOCK_CLOEXEC);
    printf("accept4: %s, addrlen %d\n", s >= 0 ? "ok" : errname(errno), (int)plen);
    printf("peer is 127.0.0.1: %s\n",
           peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) ? "yes" : "no");
    printf("peer port is the client's: %s\n",
           ntohs(peer.sin_port) == local_or_peer_port(c, 0) ? "yes" : "no");
    printf("client's peer port is the server's: %s\n",
           local_or_peer_port(c, 1) == port ? "yes" : "no");
    printf("accepted socket's port is the listener's: %s\n",
           local_or_peer_port(s, 0) == port ? "yes" : "no");
    SHOW("F_GETFD(accepted)", fcntl(s, F_GETFD));
    SHOW("SO_TYPE", opt(s, SOL_SOCKET, SO_TYPE));
    SHOW("SO_ERROR", opt(s, SOL_SOCKET, SO_ERROR));
    SHOW("setsockopt(TCP_NODELAY, 1)",
         setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int)));
    SHOW("TCP_NODELAY", opt(c, IPPROTO_TCP, TCP_NODELAY) != 0);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {  // the client sends with write, then echoes back what the server sends
        close(s);
        put_all(c, out, SIZE, 0);
        static unsigned char back[SIZE];
        long n = get_all(c, back, SIZE, 1);
        _exit(n == SIZE && memcmp(back, out, SIZE) == 0 ? 0 : 1);
    }
    long got = get_all(s, in, SIZE, 0);
    printf("server got %ld bytes, same as sent: %s, digest %016llx\n", got,
           got == SIZE && memcmp(in, out, SIZE) == 0 ? "yes" : "no", sum(in, got));
    printf("server sent back %ld bytes\n", put_all(s, in, got, 1));
    printf("client checked the echo: %s\n", wait_for(pid) == 0 ? "yes" : "no");

    SHOW("shutdown(c, SHUT_WR)", shutdown(c, SHUT_WR));
    SHOW("read at end of file", read(s, in, 10));
    SHOW("shutdown(bad how)", shutdown(c, 7));
    close(c);
    close(s);

    /* Non-blocking: accept on an empty queue, connect, recv with nothing there. */
    int nl = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    a = loopback(0);
    bind(nl, (struct sockaddr*)&a, sizeof a);
    listen(nl, 4);
    SHOW("accept on an empty non-blocking listener", accept(nl, NULL, NULL));
    int nc = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    a = loopback(local_or_peer_port(nl, 0));
    int r = connect(nc, (struct sockaddr*)&a, sizeof a);
    printf("non-blocking connect: %s\n", r == 0 ? "0" : errname(errno));
    int blocking = fcntl(nl, F_GETFL) & ~O_NONBLOCK;
    fcntl(nl, F_SETFL, blocking);
    int ns = accept(nl, NULL, NULL);
    printf("accepted it: %s\n", ns >= 0 ? "yes" : "no");
    SHOW("SO_ERROR after the handshake", opt(nc, SOL_SOCKET, SO_ERROR));
    SHOW("recv with nothing there", recv(nc, in, 10, 0));
    SHOW("recv MSG_DONTWAIT", recv(ns, in, 10, MSG_DONTWAIT));
    SHOW("send 5", send(nc, "hello", 5, 0));
    char five[8] = {0};
    SHOW("recv MSG_WAITALL 5", recv(ns, five, 5, MSG_WAITALL));
    printf("got: %s\n", five);
    SHOW("connect again", connect(nc, (struct sockaddr*)&a, sizeof a));

    /* Errors. */
    int busy = socket(AF_INET, SOCK_STREAM, 0);
    SHOW("bind to a listened-on port", bind(busy, (struct sockaddr*)&a, sizeof a));
    SHOW("bind with a short length", bind(busy, (struct sockaddr*)&a, 8));
    close(ns);
    close(nc);
    close(nl);
    int refused = socket(AF_INET, SOCK_STREAM, 0);
    SHOW("connect to a closed port", connect(refused, (struct sockaddr*)&a, sizeof a));
    SHOW("socket(unknown family)", socket(12345, SOCK_STREAM, 0));
    SHOW("socket(AF_INET, type 9)", socket(AF_INET, 9, 0));
    SHOW("listen on a pipe", ({
             int p[2];
             pipe(p);
             listen(p[0], 1);
         }));
    SHOW("bind(-1)", bind(-1, (struct sockaddr*)&a, sizeof a));
    return 0;
}
