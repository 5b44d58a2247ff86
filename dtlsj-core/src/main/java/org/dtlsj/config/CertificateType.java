package org.dtlsj.config;

/** What a Certificate message carries (RFC 7250 §3; the TLS Certificate Types registry). */
public enum CertificateType {
    /** A chain of X.509 certificates (RFC 5246 §7.4.2), the default. */
    X509(0),
    /** One DER SubjectPublicKeyInfo, authenticated out of band (RFC 7250). */
    RAW_PUBLIC_KEY(2);

    public final int value;

    CertificateType(int value) {
        this.value = value;
    }

    /** The type with this wire value, or null for one dtlsj does not implement (OpenPGP, 1). */
    public static CertificateType of(int value) {
        for (CertificateType t : values()) if (t.value == value) return t;
        return null;
    }
}
