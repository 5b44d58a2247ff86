package org.dtlsj.interop.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An in-memory test PKI, generated on first use and cached for the life of the JVM.
 *
 * <ul>
 *   <li>ECDSA P-256 root CA, which issues a P-256 server leaf, a P-256 client leaf and a P-384 server leaf;</li>
 *   <li>RSA 2048 root CA &rarr; RSA 2048 intermediate CA &rarr; RSA 2048 server leaf and RSA 2048 client leaf.</li>
 * </ul>
 *
 * Server leaves carry SAN dNSName {@code localhost} and iPAddress {@code 127.0.0.1}, key usage
 * digitalSignature (plus keyEncipherment for RSA) and extended key usage serverAuth; client leaves carry
 * digitalSignature and clientAuth. Certificates are signed with SHA256withECDSA / SHA256withRSA by the
 * issuer's key. Each group is generated lazily in its own holder class (RSA key generation is slow), so a
 * test that only needs ECDSA never pays for RSA. Content is random, not deterministic.
 */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    // ---------------------------------------------------------------- ECDSA

    /** The self-signed ECDSA P-256 root CA. */
    public static X509Certificate ecRoot() {
        return EcPki.ROOT.cert();
    }

    /** ECDSA P-256 server leaf (CN=localhost, SAN localhost / 127.0.0.1), issued by {@link #ecRoot()}. */
    public static Credential ecServer() {
        return EcPki.SERVER;
    }

    /** ECDSA P-256 client leaf, issued by {@link #ecRoot()}. */
    public static Credential ecClient() {
        return EcPki.CLIENT;
    }

    /** ECDSA P-384 server leaf (same SANs), issued by {@link #ecRoot()}. */
    public static Credential ec384Server() {
        return Ec384Pki.SERVER;
    }

    // ---------------------------------------------------------------- RSA

    /** The self-signed RSA 2048 root CA. */
    public static X509Certificate rsaRoot() {
        return RsaPki.ROOT.cert();
    }

    /** The RSA 2048 intermediate CA, issued by {@link #rsaRoot()}. */
    public static X509Certificate rsaIntermediate() {
        return RsaPki.INTERMEDIATE.cert();
    }

    /** RSA 2048 server leaf (same SANs); chain = [leaf, intermediate]. */
    public static Credential rsaServer() {
        return RsaPki.SERVER;
    }

    /** RSA 2048 client leaf issued by the intermediate; chain = [leaf, intermediate]. */
    public static Credential rsaClient() {
        return RsaClientPki.CLIENT;
    }

    /** Both roots: {@link #ecRoot()} and {@link #rsaRoot()} (generates the RSA chain if needed). */
    public static List<X509Certificate> roots() {
        return List.of(ecRoot(), rsaRoot());
    }

    // ---------------------------------------------------------------- PEM

    /** Writes the certificates as consecutive PEM {@code CERTIFICATE} blocks (order kept, leaf first). */
    public static void writeCertChainPem(Path file, List<X509Certificate> chain) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate cert : chain) {
            try {
                sb.append(pem("CERTIFICATE", cert.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encode certificate " + cert.getSubjectX500Principal(), e);
            }
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }

    /** Writes the key as an unencrypted PKCS#8 PEM {@code PRIVATE KEY} block (what {@code openssl} accepts). */
    public static void writePkcs8KeyPem(Path file, PrivateKey key) throws IOException {
        if (!"PKCS#8".equalsIgnoreCase(key.getFormat())) {
            throw new IOException("key is not PKCS#8-encodable: " + key.getFormat());
        }
        Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** Returns one PEM block. */
    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    // ---------------------------------------------------------------- holders

    private static final class EcPki {
        static final Issued ROOT = issue("CN=dtlsj test ECDSA root CA,O=dtlsj", ec("secp256r1"), null, Kind.CA);
        static final Credential SERVER =
            issue("CN=localhost,O=dtlsj", ec("secp256r1"), ROOT, Kind.SERVER).credential();
        static final Credential CLIENT =
            issue("CN=dtlsj test ECDSA client,O=dtlsj", ec("secp256r1"), ROOT, Kind.CLIENT).credential();
    }

    private static final class Ec384Pki {
        static final Credential SERVER =
            issue("CN=localhost,OU=P-384,O=dtlsj", ec("secp384r1"), EcPki.ROOT, Kind.SERVER).credential();
    }

    private static final class RsaPki {
        static final Issued ROOT = issue("CN=dtlsj test RSA root CA,O=dtlsj", rsa(), null, Kind.CA);
        static final Issued INTERMEDIATE = issue("CN=dtlsj test RSA intermediate CA,O=dtlsj", rsa(), ROOT, Kind.CA);
        static final Credential SERVER =
            issue("CN=localhost,O=dtlsj", rsa(), INTERMEDIATE, Kind.SERVER).credential();
    }

    private static final class RsaClientPki {
        static final Credential CLIENT =
            issue("CN=dtlsj test RSA client,O=dtlsj", rsa(), RsaPki.INTERMEDIATE, Kind.CLIENT).credential();
    }

    // ---------------------------------------------------------------- generation

    private enum Kind { CA, SERVER, CLIENT }

    /** A certificate with its key pair and, for non-roots, its issuer. */
    private record Issued(KeyPair keys, X509Certificate cert, Issued issuer) {
        /** Chain leaf first, stopping before the self-signed root. */
        Credential credential() {
            List<X509Certificate> chain = new java.util.ArrayList<>();
            for (Issued i = this; i != null && i.issuer != null; i = i.issuer) {
                chain.add(i.cert);
            }
            return new Credential(keys.getPrivate(), chain);
        }
    }

    private static KeyPair ec(String curve) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec(curve), RANDOM);
            return kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate EC key on " + curve, e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048, RANDOM);
            return kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate RSA key", e);
        }
    }

    private static Issued issue(String subjectDn, KeyPair subjectKeys, Issued issuer, Kind kind) {
        try {
            X500Name subject = new X500Name(subjectDn);
            KeyPair signerKeys = issuer == null ? subjectKeys : issuer.keys();
            X500Name issuerName = issuer == null
                ? subject
                : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuerName,
                new BigInteger(63, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(3650))),
                subject,
                subjectKeys.getPublic());

            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false,
                ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                ext.createAuthorityKeyIdentifier(signerKeys.getPublic()));

            boolean rsaKey = "RSA".equals(subjectKeys.getPublic().getAlgorithm());
            switch (kind) {
                case CA -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                }
                case SERVER -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(
                        rsaKey ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                }
                case CLIENT -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
            }

            String sigAlg = "RSA".equals(signerKeys.getPrivate().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(signerKeys.getPrivate())));
            cert.verify(signerKeys.getPublic());
            return new Issued(subjectKeys, cert, issuer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue " + subjectDn, e);
        }
    }
}
