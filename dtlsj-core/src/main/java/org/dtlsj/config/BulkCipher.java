package org.dtlsj.config;

/**
 * The record protection of a cipher suite: key and IV sizes as RFC 5246 §6.3 splits the key block,
 * and the per-record expansion.
 */
public enum BulkCipher {
    /** RFC 5288 §3: 4-byte salt from the key block, 8-byte explicit nonce per record, 16-byte tag. */
    AES_128_GCM("AES/GCM/NoPadding", "AES", 16, 4, 8, 16),
    AES_256_GCM("AES/GCM/NoPadding", "AES", 32, 4, 8, 16),
    /** RFC 7905 §2: 12-byte IV from the key block XORed with the sequence number, no explicit nonce. */
    CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20", 32, 12, 0, 16),
    /**
     * RFC 6655 §3: the nonce rules of GCM (4-byte salt, 8-byte explicit nonce), AES-CCM with a
     * 16-byte tag; {@code _8} suites (RFC 6655 §4, RFC 7251) use an 8-byte tag. The JDK has no
     * CCM: {@link org.dtlsj.crypto.AesCcm} implements it over the JDK's AES.
     */
    AES_128_CCM("AES/CCM", "AES", 16, 4, 8, 16),
    AES_256_CCM("AES/CCM", "AES", 32, 4, 8, 16),
    AES_128_CCM_8("AES/CCM", "AES", 16, 4, 8, 8),
    AES_256_CCM_8("AES/CCM", "AES", 32, 4, 8, 8);

    public final String transformation;
    public final String keyAlgorithm;
    public final int keyLength;
    public final int fixedIvLength;
    public final int explicitNonceLength;
    public final int tagLength;

    BulkCipher(String transformation, String keyAlgorithm, int keyLength, int fixedIvLength, int explicitNonceLength,
               int tagLength) {
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
        this.fixedIvLength = fixedIvLength;
        this.explicitNonceLength = explicitNonceLength;
        this.tagLength = tagLength;
    }

    /** AES-CCM, which dtlsj implements itself rather than through a JCA transformation. */
    public boolean isCcm() {
        return transformation.equals("AES/CCM");
    }

    /** Bytes a protected record carries beyond its plaintext. */
    public int expansion() {
        return explicitNonceLength + tagLength;
    }
}
