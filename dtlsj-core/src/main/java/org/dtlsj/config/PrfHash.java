package org.dtlsj.config;

/** The hash of the TLS 1.2 PRF and of the Finished/session hash (RFC 5246 §5). */
public enum PrfHash {
    SHA256("SHA-256", "HmacSHA256", 32),
    SHA384("SHA-384", "HmacSHA384", 48);

    public final String digest;
    public final String hmac;
    public final int length;

    PrfHash(String digest, String hmac, int length) {
        this.digest = digest;
        this.hmac = hmac;
        this.length = length;
    }
}
