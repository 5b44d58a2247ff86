package org.dtlsj.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes X.509 certificates for tests with nothing but the JDK: a small DER writer and the JCA's
 * signatures. Chains are real (CA flag, key usage, SANs for localhost and 127.0.0.1), so the
 * JDK's PKIX validator and other DTLS stacks accept them.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffL);

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

    // ---------------------------------------------------------------- DER

    static X509Certificate issue(String subjectCn, KeyPair subjectKeys, String issuerCn, PrivateKey issuerKey, String sigAlg,
                                 boolean ca, List<String> dnsNames, Instant notBefore, Instant notAfter) {
        try {
            byte[] algId = algorithmIdentifier(sigAlg);
            List<byte[]> exts = new ArrayList<>();
            // basicConstraints (critical)
            exts.add(extension("2.5.29.19", true, seq(ca ? tlv(0x01, new byte[] {(byte) 0xff}) : new byte[0])));
            // keyUsage (critical): keyCertSign|cRLSign for a CA, digitalSignature for a leaf
            byte[] ku = ca ? new byte[] {1, 0x06} : new byte[] {7, (byte) 0x80};
            exts.add(extension("2.5.29.15", true, tlv(0x03, ku)));
            if (!ca) {
                ByteArrayOutputStream names = new ByteArrayOutputStream();
                for (String n : dnsNames) names.writeBytes(tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));
                names.writeBytes(tlv(0x87, new byte[] {127, 0, 0, 1}));
                exts.add(extension("2.5.29.17", false, tlv(0x30, names.toByteArray())));
            }
            byte[] tbs = seq(
                    tlv(0xa0, integer(BigInteger.TWO)),
                    integer(BigInteger.valueOf(SERIAL.incrementAndGet())),
                    algId,
                    name(issuerCn),
                    seq(time(notBefore), time(notAfter)),
                    name(subjectCn),
                    subjectKeys.getPublic().getEncoded(),
                    tlv(0xa3, seq(exts.toArray(new byte[0][]))));
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(issuerKey);
            s.update(tbs);
            byte[] sig = s.sign();
            byte[] bits = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bits, 1, sig.length);
            byte[] der = seq(tbs, algId, tlv(0x03, bits));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] algorithmIdentifier(String sigAlg) {
        return switch (sigAlg) {
            case "SHA256withECDSA" -> seq(oid("1.2.840.10045.4.3.2"));
            case "SHA384withECDSA" -> seq(oid("1.2.840.10045.4.3.3"));
            case "SHA256withRSA" -> seq(oid("1.2.840.113549.1.1.11"), new byte[] {5, 0});
            default -> throw new IllegalArgumentException(sigAlg);
        };
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? seq(oid(oid), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, value)) : seq(oid(oid), tlv(0x04, value));
    }

    private static byte[] name(String cn) {
        return seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, cn.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant t) {
        String s = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t);
        return tlv(0x17, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    private static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            byte[] tmp = new byte[10];
            int n = 0;
            do {
                tmp[n++] = (byte) (v & 0x7f);
                v >>>= 7;
            } while (v != 0);
            for (int j = n - 1; j >= 0; j--) out.write(tmp[j] | (j > 0 ? 0x80 : 0));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return tlv(0x30, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
