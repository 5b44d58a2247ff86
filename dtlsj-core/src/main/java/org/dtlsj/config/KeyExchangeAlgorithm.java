package org.dtlsj.config;

/** The key exchange and authentication of a (D)TLS 1.2 cipher suite. */
public enum KeyExchangeAlgorithm {
    /** RFC 8422 §2.1: ephemeral ECDH, signed with an ECDSA certificate key. */
    ECDHE_ECDSA("EC"),
    /** RFC 8422 §2.2: ephemeral ECDH, signed with an RSA certificate key. */
    ECDHE_RSA("RSA");

    /** The JCA key algorithm of the server's certificate key. */
    public final String certificateKeyAlgorithm;

    KeyExchangeAlgorithm(String certificateKeyAlgorithm) {
        this.certificateKeyAlgorithm = certificateKeyAlgorithm;
    }
}
