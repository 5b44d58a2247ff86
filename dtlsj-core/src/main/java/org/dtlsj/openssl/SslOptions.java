package org.dtlsj.openssl;

/** {@code SSL_OP_*} options that matter for DTLS. */
public enum SslOptions {
    /** {@code SSL_OP_COOKIE_EXCHANGE}: a server answers ClientHellos with HelloVerifyRequest first. */
    COOKIE_EXCHANGE(0x2000),
    /** {@code SSL_OP_NO_QUERY_MTU}: do not ask the socket for the path MTU; use {@link Ssl#setMtu}. */
    NO_QUERY_MTU(0x1000),
    /** {@code SSL_OP_NO_TICKET}: no session tickets (RFC 5077); sessions resume by ID only. */
    NO_TICKET(0x4000),
    /**
     * {@code SSL_OP_ALLOW_CLIENT_RENEGOTIATION}: a server takes a client's request for a
     * renegotiation; without it, as in OpenSSL 3, the request is refused with a no_renegotiation
     * warning. (The server may still start one with {@link Ssl#renegotiate()}.)
     */
    ALLOW_CLIENT_RENEGOTIATION(0x100),
    /** {@code SSL_OP_NO_RENEGOTIATION}: no renegotiation at all, from either side. */
    NO_RENEGOTIATION(0x40000000L);

    /** OpenSSL's bit for the option. */
    public final long bit;

    SslOptions(long bit) {
        this.bit = bit;
    }
}
