package org.dtlsj.wire;

/**
 * {@code SignatureAndHashAlgorithm} (RFC 5246 §7.4.1.4.1), written as the two-byte
 * {@code SignatureScheme} code points of RFC 8446 §4.2.3 that (D)TLS 1.2 shares — open.
 */
public record SignatureScheme(int value) {
    public static final SignatureScheme RSA_PKCS1_SHA256 = new SignatureScheme(0x0401);
    public static final SignatureScheme RSA_PKCS1_SHA384 = new SignatureScheme(0x0501);
    public static final SignatureScheme RSA_PKCS1_SHA512 = new SignatureScheme(0x0601);
    public static final SignatureScheme ECDSA_SECP256R1_SHA256 = new SignatureScheme(0x0403);
    public static final SignatureScheme ECDSA_SECP384R1_SHA384 = new SignatureScheme(0x0503);
    public static final SignatureScheme ECDSA_SECP521R1_SHA512 = new SignatureScheme(0x0603);
    public static final SignatureScheme RSA_PSS_RSAE_SHA256 = new SignatureScheme(0x0804);
    public static final SignatureScheme RSA_PSS_RSAE_SHA384 = new SignatureScheme(0x0805);
    public static final SignatureScheme RSA_PSS_RSAE_SHA512 = new SignatureScheme(0x0806);
    public static final SignatureScheme ED25519 = new SignatureScheme(0x0807);
    public static final SignatureScheme RSA_PSS_PSS_SHA256 = new SignatureScheme(0x0809);
    public static final SignatureScheme RSA_PSS_PSS_SHA384 = new SignatureScheme(0x080a);
    public static final SignatureScheme RSA_PSS_PSS_SHA512 = new SignatureScheme(0x080b);

    public SignatureScheme {
        if ((value & ~0xffff) != 0) throw new IllegalArgumentException("signature scheme out of range");
    }

    public void encode(WireWriter w) {
        w.u16(value);
    }

    public static SignatureScheme decode(WireReader r) throws DecodeException {
        return new SignatureScheme(r.u16());
    }

    public String displayName() {
        return switch (value) {
            case 0x0401 -> "rsa_pkcs1_sha256";
            case 0x0501 -> "rsa_pkcs1_sha384";
            case 0x0601 -> "rsa_pkcs1_sha512";
            case 0x0403 -> "ecdsa_secp256r1_sha256";
            case 0x0503 -> "ecdsa_secp384r1_sha384";
            case 0x0603 -> "ecdsa_secp521r1_sha512";
            case 0x0804 -> "rsa_pss_rsae_sha256";
            case 0x0805 -> "rsa_pss_rsae_sha384";
            case 0x0806 -> "rsa_pss_rsae_sha512";
            case 0x0807 -> "ed25519";
            case 0x0809 -> "rsa_pss_pss_sha256";
            case 0x080a -> "rsa_pss_pss_sha384";
            case 0x080b -> "rsa_pss_pss_sha512";
            default -> String.format("signature_scheme(0x%04x)", value);
        };
    }

    @Override
    public String toString() {
        return displayName();
    }
}
