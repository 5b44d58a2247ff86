package org.dtlsj.config;

/** The key exchange and authentication of a (D)TLS 1.2 cipher suite. */
public enum KeyExchangeAlgorithm {
    /** RFC 8422 §2.1: ephemeral ECDH, signed with an ECDSA certificate key. */
    ECDHE_ECDSA("EC"),
    /** RFC 8422 §2.2: ephemeral ECDH, signed with an RSA certificate key. */
    ECDHE_RSA("RSA"),
    /** RFC 4279 §2: a pre-shared key alone; no certificates, no ephemeral key (no forward secrecy). */
    PSK(null),
    /** RFC 5489 §2: ephemeral ECDH authenticated by a pre-shared key; no certificates. */
    ECDHE_PSK(null);

    /** The JCA key algorithm of the server's certificate key; null for the PSK key exchanges. */
    public final String certificateKeyAlgorithm;

    KeyExchangeAlgorithm(String certificateKeyAlgorithm) {
        this.certificateKeyAlgorithm = certificateKeyAlgorithm;
    }

    /** The server authenticates with a certificate (and may ask the client for one). */
    public boolean usesCertificates() {
        return certificateKeyAlgorithm != null;
    }

    /** Authenticated by a pre-shared key (RFC 4279, RFC 5489). */
    public boolean usesPsk() {
        return this == PSK || this == ECDHE_PSK;
    }

    /** An ephemeral ECDH exchange contributes to the premaster secret. */
    public boolean isEphemeral() {
        return this != PSK;
    }
}
