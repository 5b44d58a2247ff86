package org.dtlsj.config;

import java.util.Locale;
import org.dtlsj.wire.CipherSuiteId;

/**
 * The cipher suites dtlsj implements, with everything the engine needs to run them. Wire values
 * stay open ({@link CipherSuiteId}); this table is the closed set we can negotiate.
 */
public enum CipherSuite {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_GCM, PrfHash.SHA256, "ECDHE-ECDSA-AES128-GCM-SHA256"),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_GCM, PrfHash.SHA384, "ECDHE-ECDSA-AES256-GCM-SHA384"),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.CHACHA20_POLY1305, PrfHash.SHA256, "ECDHE-ECDSA-CHACHA20-POLY1305"),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_128_GCM, PrfHash.SHA256, "ECDHE-RSA-AES128-GCM-SHA256"),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_256_GCM, PrfHash.SHA384, "ECDHE-RSA-AES256-GCM-SHA384"),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.CHACHA20_POLY1305, PrfHash.SHA256, "ECDHE-RSA-CHACHA20-POLY1305"),
    // RFC 7251 §2: ECDHE-ECDSA with AES-CCM; the _8 ones are the CoAP suites (RFC 7252 §9.1.3.3).
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM(0xC0AC, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_CCM, PrfHash.SHA256, "ECDHE-ECDSA-AES128-CCM"),
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM(0xC0AD, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_CCM, PrfHash.SHA256, "ECDHE-ECDSA-AES256-CCM"),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8(0xC0AE, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_CCM_8, PrfHash.SHA256, "ECDHE-ECDSA-AES128-CCM8"),
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8(0xC0AF, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_CCM_8, PrfHash.SHA256, "ECDHE-ECDSA-AES256-CCM8"),
    // RFC 4279 with AEAD: RFC 5487 §3.1 (GCM), RFC 6655 §4 (CCM), RFC 7905 §2 (ChaCha20-Poly1305).
    TLS_PSK_WITH_AES_128_GCM_SHA256(0x00A8, KeyExchangeAlgorithm.PSK, BulkCipher.AES_128_GCM, PrfHash.SHA256, "PSK-AES128-GCM-SHA256"),
    TLS_PSK_WITH_AES_256_GCM_SHA384(0x00A9, KeyExchangeAlgorithm.PSK, BulkCipher.AES_256_GCM, PrfHash.SHA384, "PSK-AES256-GCM-SHA384"),
    TLS_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAB, KeyExchangeAlgorithm.PSK, BulkCipher.CHACHA20_POLY1305, PrfHash.SHA256, "PSK-CHACHA20-POLY1305"),
    TLS_PSK_WITH_AES_128_CCM(0xC0A4, KeyExchangeAlgorithm.PSK, BulkCipher.AES_128_CCM, PrfHash.SHA256, "PSK-AES128-CCM"),
    TLS_PSK_WITH_AES_256_CCM(0xC0A5, KeyExchangeAlgorithm.PSK, BulkCipher.AES_256_CCM, PrfHash.SHA256, "PSK-AES256-CCM"),
    /** The CoAP mandatory PSK suite (RFC 7252 §9.1.3.1). */
    TLS_PSK_WITH_AES_128_CCM_8(0xC0A8, KeyExchangeAlgorithm.PSK, BulkCipher.AES_128_CCM_8, PrfHash.SHA256, "PSK-AES128-CCM8"),
    TLS_PSK_WITH_AES_256_CCM_8(0xC0A9, KeyExchangeAlgorithm.PSK, BulkCipher.AES_256_CCM_8, PrfHash.SHA256, "PSK-AES256-CCM8"),
    // RFC 5489 with AEAD: RFC 8442 §3 (GCM, CCM), RFC 7905 §2 (ChaCha20-Poly1305).
    TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256(0xD001, KeyExchangeAlgorithm.ECDHE_PSK, BulkCipher.AES_128_GCM, PrfHash.SHA256, "ECDHE-PSK-AES128-GCM-SHA256"),
    TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384(0xD002, KeyExchangeAlgorithm.ECDHE_PSK, BulkCipher.AES_256_GCM, PrfHash.SHA384, "ECDHE-PSK-AES256-GCM-SHA384"),
    TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256(0xD003, KeyExchangeAlgorithm.ECDHE_PSK, BulkCipher.AES_128_CCM_8, PrfHash.SHA256, "ECDHE-PSK-AES128-CCM8-SHA256"),
    TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256(0xD005, KeyExchangeAlgorithm.ECDHE_PSK, BulkCipher.AES_128_CCM, PrfHash.SHA256, "ECDHE-PSK-AES128-CCM-SHA256"),
    TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAC, KeyExchangeAlgorithm.ECDHE_PSK, BulkCipher.CHACHA20_POLY1305, PrfHash.SHA256, "ECDHE-PSK-CHACHA20-POLY1305"),
    // CBC (RFC 8422 §6, RFC 5289 §3, RFC 5487, RFC 5489), for peers without AEAD; encrypt-then-MAC
    // (RFC 7366) whenever the peer takes it. Not in the default list. In (D)TLS 1.2 the PRF is
    // SHA-256 unless the suite names SHA-384.
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA(0xC009, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256, "ECDHE-ECDSA-AES128-SHA"),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA(0xC00A, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256, "ECDHE-ECDSA-AES256-SHA"),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA(0xC013, KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_128_CBC_SHA, PrfHash.SHA256, "ECDHE-RSA-AES128-SHA"),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA(0xC014, KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_256_CBC_SHA, PrfHash.SHA256, "ECDHE-RSA-AES256-SHA"),
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256(0xC023, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256, "ECDHE-ECDSA-AES128-SHA256"),
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384(0xC024, KeyExchangeAlgorithm.ECDHE_ECDSA, BulkCipher.AES_256_CBC_SHA384, PrfHash.SHA384, "ECDHE-ECDSA-AES256-SHA384"),
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256(0xC027, KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256, "ECDHE-RSA-AES128-SHA256"),
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384(0xC028, KeyExchangeAlgorithm.ECDHE_RSA, BulkCipher.AES_256_CBC_SHA384, PrfHash.SHA384, "ECDHE-RSA-AES256-SHA384"),
    TLS_PSK_WITH_AES_128_CBC_SHA256(0x00AE, KeyExchangeAlgorithm.PSK, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256, "PSK-AES128-CBC-SHA256"),
    TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256(0xC037, KeyExchangeAlgorithm.ECDHE_PSK, BulkCipher.AES_128_CBC_SHA256, PrfHash.SHA256, "ECDHE-PSK-AES128-CBC-SHA256");

    public final CipherSuiteId id;
    public final KeyExchangeAlgorithm keyExchange;
    public final BulkCipher cipher;
    public final PrfHash prfHash;
    /** The name OpenSSL uses in cipher strings. */
    public final String opensslName;

    CipherSuite(int id, KeyExchangeAlgorithm kx, BulkCipher cipher, PrfHash prfHash, String opensslName) {
        this.id = new CipherSuiteId(id);
        this.keyExchange = kx;
        this.cipher = cipher;
        this.prfHash = prfHash;
        this.opensslName = opensslName;
    }

    /**
     * Whether this suite runs in {@code v}: DTLS 1.0 (TLS 1.1) knows neither AEAD nor SHA-256/384
     * MACs and PRFs (RFC 5246 §A.5, RFC 5289), so only the CBC suites with HMAC-SHA1 run there.
     */
    public boolean usableIn(org.dtlsj.wire.ProtocolVersion v) {
        return !org.dtlsj.wire.ProtocolVersion.DTLS_1_0.equals(v) || cipher == BulkCipher.AES_128_CBC_SHA || cipher == BulkCipher.AES_256_CBC_SHA;
    }

    /** The IANA name, e.g. {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}. */
    public String ianaName() {
        return name();
    }

    public static CipherSuite byId(CipherSuiteId id) {
        for (CipherSuite s : values()) {
            if (s.id.equals(id)) return s;
        }
        return null;
    }

    /** Parses an IANA or OpenSSL name; null if dtlsj does not implement it. */
    public static CipherSuite byName(String name) {
        String n = name.trim();
        for (CipherSuite s : values()) {
            if (s.name().equalsIgnoreCase(n) || s.opensslName.equalsIgnoreCase(n)) return s;
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
