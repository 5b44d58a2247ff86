package org.dtlsj.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * Issues X.509 v3 certificates (RFC 5280) with the JDK alone: a CA or a leaf for DNS names and IP
 * addresses, signed by a given key. For demos, tests and self-signed servers; a public CA's
 * certificate is what production wants.
 *
 * <pre>{@code
 * X509Certificate leaf = CertificateBuilder.forSubject("localhost", keyPair.getPublic())
 *         .names(List.of("localhost", "127.0.0.1"))
 *         .issuedBy("Test CA", caKey, "SHA256withECDSA");
 * }</pre>
 */
public final class CertificateBuilder {
    private final String subject;
    private final PublicKey publicKey;
    private boolean ca;
    private List<String> names = List.of();
    private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(365));

    private CertificateBuilder(String subject, PublicKey publicKey) {
        this.subject = Objects.requireNonNull(subject);
        this.publicKey = Objects.requireNonNull(publicKey);
    }

    /** A certificate for {@code commonName} and its public key. */
    public static CertificateBuilder forSubject(String commonName, PublicKey publicKey) {
        return new CertificateBuilder(commonName, publicKey);
    }

    /** A CA certificate (basicConstraints CA:TRUE, keyCertSign) rather than a leaf. */
    public CertificateBuilder ca(boolean isCa) {
        this.ca = isCa;
        return this;
    }

    /** subjectAltName entries: DNS names and IP literals. */
    public CertificateBuilder names(List<String> dnsNamesAndIps) {
        this.names = List.copyOf(dnsNamesAndIps);
        return this;
    }

    public CertificateBuilder validity(Instant from, Instant until) {
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    /**
     * Signs it. {@code issuerCommonName} and {@code issuerKey} are the subject's own for a
     * self-signed certificate. {@code signatureAlgorithm}: SHA256withECDSA, SHA384withECDSA or SHA256withRSA.
     */
    public X509Certificate issuedBy(String issuerCommonName, PrivateKey issuerKey, String signatureAlgorithm) {
        try {
            byte[] algId = switch (signatureAlgorithm) {
                case "SHA256withECDSA" -> Der.seq(Der.oid("1.2.840.10045.4.3.2"));
                case "SHA384withECDSA" -> Der.seq(Der.oid("1.2.840.10045.4.3.3"));
                case "SHA256withRSA" -> Der.seq(Der.oid("1.2.840.113549.1.1.11"), Der.tlv(Der.NULL, new byte[0]));
                default -> throw new IllegalArgumentException("unsupported signature algorithm " + signatureAlgorithm);
            };
            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            serial[0] &= 0x7f;
            byte[] extensions = ca
                    ? Der.seq(extension("2.5.29.19", true, Der.seq(Der.tlv(0x01, new byte[] {(byte) 0xff}))),
                            extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {1, 0x06})))
                    : Der.seq(extension("2.5.29.19", true, Der.seq()),
                            extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})),
                            extension("2.5.29.37", false, Der.seq(Der.oid("1.3.6.1.5.5.7.3.1"), Der.oid("1.3.6.1.5.5.7.3.2"))),
                            names.isEmpty() ? new byte[0] : extension("2.5.29.17", false, subjectAltNames(names)));
            byte[] tbs = Der.seq(
                    Der.tlv(0xa0, Der.integer(BigInteger.TWO)),
                    Der.integer(new BigInteger(1, serial)),
                    algId, name(issuerCommonName), Der.seq(time(notBefore), time(notAfter)), name(subject),
                    publicKey.getEncoded(),
                    Der.tlv(0xa3, extensions));
            Signature s = Signature.getInstance(signatureAlgorithm);
            s.initSign(issuerKey);
            s.update(tbs);
            byte[] sig = s.sign();
            byte[] bits = new byte[sig.length + 1];
            System.arraycopy(sig, 0, bits, 1, sig.length);
            byte[] der = Der.seq(tbs, algId, Der.tlv(Der.BIT_STRING, bits));
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }

    private static byte[] name(String cn) {
        return Der.seq(Der.tlv(Der.SET, Der.seq(Der.oid("2.5.4.3"), Der.tlv(Der.UTF8_STRING, cn.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] subjectAltNames(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            // IP literals only (never a name lookup): a dotted quad, or IPv6 hex digits and colons.
            if (n.matches("[0-9.]+") || n.contains(":")) {
                boolean v4 = n.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
                boolean v6 = n.matches("[0-9A-Fa-f:.]+") && n.contains(":");
                if (!v4 && !v6) throw new IllegalArgumentException("bad IP literal " + n);
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

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime (tag 0x18) from 2050. */
    private static byte[] time(Instant t) {
        boolean utc = t.atZone(ZoneOffset.UTC).getYear() < 2050;
        String s = DateTimeFormatter.ofPattern(utc ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t);
        return Der.tlv(utc ? Der.UTC_TIME : 0x18, s.getBytes(StandardCharsets.US_ASCII));
    }
}
