package org.dtlsj.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
            SecureRandom random = new SecureRandom();
            byte[] serial = new byte[16];
            random.nextBytes(serial);
            serial[0] &= 0x7f;
            byte[] algId = Der.seq(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
            byte[] name = Der.seq(Der.tlv(Der.SET, Der.seq(Der.oid("2.5.4.3"),
                    Der.tlv(Der.UTF8_STRING, commonName.getBytes(StandardCharsets.UTF_8)))));
            Instant now = Instant.now();
            byte[] validityDer = Der.seq(time(now.minus(Duration.ofHours(1))), time(now.plus(validity)));
            byte[] extensions = Der.tlv(0xa3, Der.seq(
                    extension("2.5.29.19", true, Der.seq()),                                        // basicConstraints CA:false
                    extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})), // digitalSignature
                    extension("2.5.29.37", false, Der.seq(Der.oid("1.3.6.1.5.5.7.3.1"), Der.oid("1.3.6.1.5.5.7.3.2"))),
                    extension("2.5.29.17", false, subjectAltNames(names))));
            byte[] tbs = Der.seq(
                    Der.tlv(0xa0, Der.integer(BigInteger.TWO)),
                    Der.integer(new BigInteger(1, serial)),
                    algId, name, validityDer, name,
                    kp.getPublic().getEncoded(),
                    extensions);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate(), random);
            s.update(tbs);
            byte[] sig = s.sign();
            byte[] bits = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bits, 1, sig.length);
            byte[] der = Der.seq(tbs, algId, Der.tlv(Der.BIT_STRING, bits));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new SelfSignedCertificate(kp.getPrivate(), cert);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate", e);
        }
    }

    private static byte[] subjectAltNames(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            if (n.matches("[0-9.]+") || n.contains(":")) {
                try {
                    out.writeBytes(Der.tlv(0x87, InetAddress.getByName(n).getAddress()));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("bad IP literal " + n);
                }
            } else {
                out.writeBytes(Der.tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        return Der.tlv(Der.SEQUENCE, out.toByteArray());
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.seq(Der.oid(oid), Der.tlv(0x01, new byte[] {(byte) 0xff}), Der.tlv(Der.OCTET_STRING, value))
                : Der.seq(Der.oid(oid), Der.tlv(Der.OCTET_STRING, value));
    }

    private static byte[] time(Instant t) {
        String s = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t);
        return Der.tlv(Der.UTC_TIME, s.getBytes(StandardCharsets.US_ASCII));
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
