package org.dtlsj.config;

/** The hash of the TLS 1.2 PRF and of the Finished/session hash (RFC 5246 §5). */
public enum PrfHash {
    SHA256("SHA-256", "HmacSHA256", 32),
    SHA384("SHA-384", "HmacSHA384", 48),
    /**
     * DTLS 1.0 (RFC 4347, the TLS 1.1 PRF of RFC 4346 §5): P_MD5 over the first half of the secret
     * XOR P_SHA-1 over the second, and handshake hashes that are MD5 || SHA-1 (36 bytes).
     */
    MD5_SHA1("MD5+SHA-1", null, 36);

    public final String digest;
    public final String hmac;
    public final int length;

    PrfHash(String digest, String hmac, int length) {
        this.digest = digest;
        this.hmac = hmac;
        this.length = length;
    }
}
