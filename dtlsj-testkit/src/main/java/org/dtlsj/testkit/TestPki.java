package org.dtlsj.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.crypto.CertificateBuilder;

/**
 * Makes X.509 certificate chains for tests with core's {@link CertificateBuilder}. Chains are real (CA flag, key usage, SANs for localhost and 127.0.0.1), so the
 * JDK's PKIX validator and other DTLS stacks accept them.
 */
public final class TestPki {
    /** A private key with its chain, leaf first, and the root that anchors it. */
    public record Credential(PrivateKey key, List<X509Certificate> chain, X509Certificate root) {
        public Credential {
            chain = List.copyOf(chain);
        }
    }

    /** A CA that can issue certificates. */
    public record Authority(KeyPair keys, X509Certificate certificate, String signatureAlgorithm) {
    }

    private TestPki() {
    }

    public static KeyPair ecKeys(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKeys(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Authority rootCa(String cn, KeyPair keys, String sigAlg) {
        X509Certificate c = issue(cn, keys, cn, keys.getPrivate(), sigAlg, true, List.of(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(3650)));
        return new Authority(keys, c, sigAlg);
    }

    public static Authority intermediate(Authority parent, String cn, KeyPair keys, String sigAlg) {
        X509Certificate c = issue(cn, keys, parent.certificate().getSubjectX500Principal().getName().substring(3),
                parent.keys().getPrivate(), parent.signatureAlgorithm(), true, List.of(),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)));
        return new Authority(keys, c, sigAlg);
    }

    /** A leaf for localhost and 127.0.0.1 issued by {@code ca}. */
    public static X509Certificate leaf(Authority ca, String cn, KeyPair keys) {
        return leaf(ca, cn, keys, List.of("localhost"), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    }

    public static X509Certificate leaf(Authority ca, String cn, KeyPair keys, List<String> dnsNames, Instant notBefore, Instant notAfter) {
        return issue(cn, keys, ca.certificate().getSubjectX500Principal().getName().substring(3),
                ca.keys().getPrivate(), ca.signatureAlgorithm(), false, dnsNames, notBefore, notAfter);
    }

    /** ECDSA P-256 root and server leaf. */
    public static Credential ecdsaP256() {
        Authority root = rootCa("dtlsj test EC root", ecKeys("secp256r1"), "SHA256withECDSA");
        KeyPair k = ecKeys("secp256r1");
        return new Credential(k.getPrivate(), List.of(leaf(root, "localhost", k)), root.certificate());
    }

    /** RSA root -> intermediate -> 2048-bit leaf. */
    public static Credential rsaChain2048() {
        Authority root = rootCa("dtlsj test RSA root", rsaKeys(2048), "SHA256withRSA");
        Authority mid = intermediate(root, "dtlsj test RSA intermediate", rsaKeys(2048), "SHA256withRSA");
        KeyPair k = rsaKeys(2048);
        return new Credential(k.getPrivate(), List.of(leaf(mid, "localhost", k), mid.certificate()), root.certificate());
    }

    static X509Certificate issue(String subjectCn, KeyPair subjectKeys, String issuerCn, PrivateKey issuerKey, String sigAlg,
                                 boolean ca, List<String> dnsNames, Instant notBefore, Instant notAfter) {
        List<String> names = new ArrayList<>(dnsNames);
        if (!ca) names.add("127.0.0.1");
        return CertificateBuilder.forSubject(subjectCn, subjectKeys.getPublic()).ca(ca).names(names)
                .validity(notBefore, notAfter).issuedBy(issuerCn, issuerKey, sigAlg);
    }
}
