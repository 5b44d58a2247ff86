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
    AES_256_CCM_8("AES/CCM", "AES", 32, 4, 8, 8),
    /**
     * RFC 5246 §6.2.3.2: AES-CBC with an explicit 16-byte IV per record and an HMAC, either over
     * the plaintext (MAC-then-encrypt) or over the ciphertext (encrypt-then-MAC, RFC 7366).
     */
    AES_128_CBC_SHA("AES/CBC/NoPadding", "AES", 16, 0, 16, 0, "HmacSHA1", 20),
    AES_256_CBC_SHA("AES/CBC/NoPadding", "AES", 32, 0, 16, 0, "HmacSHA1", 20),
    AES_128_CBC_SHA256("AES/CBC/NoPadding", "AES", 16, 0, 16, 0, "HmacSHA256", 32),
    AES_256_CBC_SHA384("AES/CBC/NoPadding", "AES", 32, 0, 16, 0, "HmacSHA384", 48);

    public final String transformation;
    public final String keyAlgorithm;
    public final int keyLength;
    public final int fixedIvLength;
    public final int explicitNonceLength;
    public final int tagLength;
    /** CBC: the record MAC's JCA name and length (RFC 5246 §6.2.3.1); null and 0 for AEAD. */
    public final String macAlgorithm;
    public final int macLength;

    BulkCipher(String transformation, String keyAlgorithm, int keyLength, int fixedIvLength, int explicitNonceLength,
               int tagLength) {
        this(transformation, keyAlgorithm, keyLength, fixedIvLength, explicitNonceLength, tagLength, null, 0);
    }

    BulkCipher(String transformation, String keyAlgorithm, int keyLength, int fixedIvLength, int explicitNonceLength,
               int tagLength, String macAlgorithm, int macLength) {
        this.macAlgorithm = macAlgorithm;
        this.macLength = macLength;
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

    /** A block cipher with a separate MAC, not an AEAD. */
    public boolean isCbc() {
        return macAlgorithm != null;
    }

    /** Bytes a protected record carries beyond its plaintext, at most (CBC: IV, MAC and up to a block of padding). */
    public int expansion() {
        return isCbc() ? explicitNonceLength + macLength + 16 : explicitNonceLength + tagLength;
    }
}
