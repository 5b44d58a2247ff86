package org.dtlsj.openssl;

/** {@code SSL_OP_*} options that matter for DTLS. */
public enum SslOptions {
    /** {@code SSL_OP_COOKIE_EXCHANGE}: a server answers ClientHellos with HelloVerifyRequest first. */
    COOKIE_EXCHANGE(0x2000),
    /** {@code SSL_OP_NO_QUERY_MTU}: do not ask the socket for the path MTU; use {@link Ssl#setMtu}. */
    NO_QUERY_MTU(0x1000),
    /** {@code SSL_OP_NO_TICKET}: no session tickets (RFC 5077); sessions resume by ID only. */
    NO_TICKET(0x4000);

    /** OpenSSL's bit for the option. */
    public final long bit;

    SslOptions(long bit) {
        this.bit = bit;
    }
}
