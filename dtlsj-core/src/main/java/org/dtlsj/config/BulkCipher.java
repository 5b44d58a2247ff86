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
    CHACHA20_POLY1305("ChaCha20-Poly1305", "ChaCha20", 32, 12, 0, 16);

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

    /** Bytes a protected record carries beyond its plaintext. */
    public int expansion() {
        return explicitNonceLength + tagLength;
    }
}
