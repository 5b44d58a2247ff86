package org.dtlsj.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * An ephemeral ECDSA P-256 key and a self-signed X.509 v3 certificate for it (RFC 5280), made
 * with the JDK alone — for demos, tests and a server started without a certificate. Peers must
 * pin it (its fingerprint) or trust it explicitly: it proves nothing on its own.
 */
public final class SelfSignedCertificate {
    private final PrivateKey key;
    private final X509Certificate certificate;

    private SelfSignedCertificate(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /**
     * @param commonName the subject and issuer CN
     * @param names DNS names and IP literals for subjectAltName
     * @param validity how long from now it stays valid (it starts an hour ago, for clock skew)
     */
    public static SelfSignedCertificate generate(String commonName, List<String> names, Duration validity) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            Instant now = Instant.now();
            X509Certificate cert = CertificateBuilder.forSubject(commonName, kp.getPublic()).names(names)
                    .validity(now.minus(Duration.ofHours(1)), now.plus(validity))
                    .issuedBy(commonName, kp.getPrivate(), "SHA256withECDSA");
            return new SelfSignedCertificate(kp.getPrivate(), cert);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate", e);
        }
    }

    public PrivateKey privateKey() {
        return key;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** "AB:CD:..." as {@code openssl x509 -noout -fingerprint -sha256} prints it. */
    public String sha256Fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
