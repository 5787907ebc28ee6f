/* tests/contract/include/inet.h — small IPv4 helpers shared by the socket programs
 * (tests/contract/07-net): a loopback address and the port a socket is bound to. */
#ifndef CONTRACT_INET_H
#define CONTRACT_INET_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/** 127.0.0.1:@p port. */
static inline struct sockaddr_in loopback(unsigned short port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/** The local port of socket @p fd (getsockname). */
static inline unsigned short port_of(int fd) {
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr*)&a, &len);
    return ntohs(a.sin_port);
}

#endif
