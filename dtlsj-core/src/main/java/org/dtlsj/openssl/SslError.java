package org.dtlsj.openssl;

/** {@code SSL_get_error} results, with the seed's meanings. */
public enum SslError {
    /** No error. */
    NONE,
    /** The peer closed the connection with close_notify. */
    ZERO_RETURN,
    /** Reading had to be interrupted (no datagram yet, or the socket timeout expired): try again. */
    WANT_READ,
    /** Writing had to be interrupted (the socket could not take the datagram now): try again. */
    WANT_WRITE,
    /** {@code connect}: the BIO is not connected to a peer yet (an unconnected channel with no peer set). */
    WANT_CONNECT,
    /** {@code accept} on a non-blocking BIO: no ClientHello has arrived yet, so there is no peer to answer. */
    WANT_ACCEPT,
    /** Interrupted for a certificate lookup: try again. dtlsj's callbacks run inline, so not produced. */
    WANT_X509_LOOKUP,
    /** A socket error (see {@link Ssl#lastErrorString()}). */
    SYSCALL,
    /** A protocol error: the connection failed (see {@link Ssl#lastErrorString()}). */
    SSL
}
