package org.dtlsj.openssl;

/**
 * {@code SSL_VERIFY_*} flags. Combine them with {@link SslCtx#setVerify(java.util.Set, VerifyCallback)}
 * and {@code EnumSet.of(PEER, FAIL_IF_NO_PEER_CERT)}, as {@code SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT}.
 */
public enum VerifyMode {
    /** Client: do not verify the server (OpenSSL's default). Server: do not ask for a client certificate. */
    NONE,
    /** Client: verify the server's chain. Server: ask for a client certificate and verify it if sent. */
    PEER,
    /** Server, with PEER: fail the handshake when the client sends no certificate. */
    FAIL_IF_NO_PEER_CERT,
    /** Server, with PEER: ask only on the first handshake (renegotiation is refused anyway). */
    CLIENT_ONCE;

    /** Flags combined, as {@code SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT}. */
    public static java.util.Set<VerifyMode> of(VerifyMode first, VerifyMode... rest) {
        return java.util.EnumSet.of(first, rest);
    }
}
