package org.dtlsj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dtlsj.crypto.OpenSslTool.run;
import static org.dtlsj.crypto.OpenSslTool.signsAndVerifies;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SelfSignedCertificate}: an ECDSA P-256 key and an X.509 v3 certificate (RFC 5280) with
 * the extensions a DTLS server or client certificate needs, checked by the JDK's parser and by
 * {@code openssl}.
 */
class SelfSignedCertificateTest {
    @TempDir
    Path dir;

    @Test
    void parsesAndVerifiesItself() throws Exception {
        Instant before = Instant.now();
        SelfSignedCertificate s = SelfSignedCertificate.generate("dtlsj test", List.of("localhost", "example.test"),
                Duration.ofDays(30));
        X509Certificate c = s.certificate();
        assertThat(c.getVersion()).isEqualTo(3);
        assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(c.getSubjectX500Principal()).isEqualTo(c.getIssuerX500Principal());
        assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=dtlsj test");
        c.verify(c.getPublicKey()); // self-signed
        c.checkValidity();
        assertThat(((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(s.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(signsAndVerifies(s.privateKey(), c.getPublicKey())).isTrue();

        // notBefore an hour back for clock skew; notAfter = now + validity (second precision).
        assertThat(c.getNotBefore().toInstant())
                .isBetween(before.minus(Duration.ofHours(1)).minusSeconds(2), before.minus(Duration.ofHours(1)).plusSeconds(60));
        assertThat(c.getNotAfter().toInstant())
                .isBetween(before.plus(Duration.ofDays(30)).minusSeconds(2), Instant.now().plus(Duration.ofDays(30)).plusSeconds(2));

        // Serial: 16 random bytes, positive.
        BigInteger serial = c.getSerialNumber();
        assertThat(serial.signum()).isPositive();
        assertThat(serial.bitLength()).isLessThanOrEqualTo(127);
        assertThat(serial).isNotEqualTo(SelfSignedCertificate.generate("x", List.of("x"), Duration.ofDays(1))
                .certificate().getSerialNumber());
    }

    @Test
    void extensionsAsSpecified() throws Exception {
        SelfSignedCertificate s = SelfSignedCertificate.generate("server",
                List.of("localhost", "127.0.0.1", "::1", "host.example"), Duration.ofDays(1));
        X509Certificate c = s.certificate();
        // basicConstraints CA:false, critical (RFC 5280 4.2.1.9).
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        assertThat(c.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        // keyUsage digitalSignature only, critical (4.2.1.3).
        boolean[] ku = c.getKeyUsage();
        assertThat(ku[0]).isTrue();
        for (int i = 1; i < ku.length; i++) assertThat(ku[i]).as("keyUsage bit " + i).isFalse();
        // extendedKeyUsage serverAuth + clientAuth (4.2.1.12).
        assertThat(c.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        // subjectAltName: dNSName (2) and iPAddress (7) entries (4.2.1.6).
        assertThat(c.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"), List.of(2, "host.example"));
    }

    @Test
    void fingerprintMatchesOpenssl() throws Exception {
        OpenSslTool.assumeAvailable();
        SelfSignedCertificate s = SelfSignedCertificate.generate("fp", List.of("localhost"), Duration.ofDays(1));
        Files.writeString(dir.resolve("c.pem"), PemFiles.toPem(s.certificate()));
        String out = run(dir, "x509", "-in", "c.pem", "-noout", "-fingerprint", "-sha256").trim();
        // OpenSSL 3 prints "sha256 Fingerprint=AB:CD:...", 1.1 "SHA256 Fingerprint=...".
        String theirs = out.substring(out.indexOf('=') + 1);
        assertThat(s.sha256Fingerprint()).isEqualTo(theirs).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void opensslReadsTheCertificateAndKey() throws Exception {
        OpenSslTool.assumeAvailable();
        SelfSignedCertificate s = SelfSignedCertificate.generate("peer", List.of("localhost", "10.0.0.1"), Duration.ofDays(1));
        Files.writeString(dir.resolve("c.pem"), PemFiles.toPem(s.certificate()));
        Files.writeString(dir.resolve("k.pem"), PemFiles.toPem(s.privateKey()));
        String ext = run(dir, "x509", "-in", "c.pem", "-noout", "-ext",
                "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName");
        assertThat(ext).contains("X509v3 Basic Constraints: critical", "CA:FALSE",
                "X509v3 Key Usage: critical", "Digital Signature",
                "TLS Web Server Authentication", "TLS Web Client Authentication",
                "DNS:localhost", "IP Address:10.0.0.1");
        // openssl agrees the key is the certificate's: the public key it derives from each is the same.
        String certPub = run(dir, "x509", "-in", "c.pem", "-noout", "-pubkey");
        String keyPub = run(dir, "pkey", "-in", "k.pem", "-pubout");
        assertThat(keyPub).isEqualTo(certPub);
        // The signature checks out with openssl as well (the certificate is its own trust anchor).
        assertThat(run(dir, "verify", "-partial_chain", "-CAfile", "c.pem", "c.pem")).contains("c.pem: OK");
    }

    @Test
    void roundTripsThroughPemFiles() throws Exception {
        SelfSignedCertificate s = SelfSignedCertificate.generate("rt", List.of("localhost"), Duration.ofDays(1));
        Path c = Files.writeString(dir.resolve("c.pem"), PemFiles.toPem(s.certificate()));
        Path k = Files.writeString(dir.resolve("k.pem"), PemFiles.toPem(s.privateKey()));
        assertThat(PemFiles.readCertificates(c)).containsExactly(s.certificate());
        assertThat(PemFiles.readPrivateKey(k).getEncoded()).isEqualTo(s.privateKey().getEncoded());
    }

    /**
     * RFC 5280 4.1.2.5: dates in 2050 or later must be GeneralizedTime; a UTCTime "55..." means 1955.
     */
    @Test
    void longValidityPast2049() {
        Duration validity = Duration.ofDays(365L * 40);
        SelfSignedCertificate s = SelfSignedCertificate.generate("long", List.of("localhost"), validity);
        Instant expected = Instant.now().plus(validity);
        assertThat(s.certificate().getNotAfter().toInstant())
                .isBetween(expected.minus(Duration.ofMinutes(1)), expected.plus(Duration.ofMinutes(1)));
    }

    /** RFC 5280 4.2.1.6: GeneralNames is SIZE (1..MAX), so no names means no subjectAltName extension. */
    @Test
    void noNamesMeansNoEmptySubjectAltName() throws Exception {
        SelfSignedCertificate s = SelfSignedCertificate.generate("bare", List.of(), Duration.ofDays(1));
        X509Certificate c = s.certificate();
        c.verify(c.getPublicKey());
        assertThat(c.getExtensionValue("2.5.29.17")).isNull();
    }

    /** Only real IP literals become iPAddress names; nothing that looks numeric is resolved or guessed. */
    @Test
    void ipLiteralsAreCheckedNotLookedUp() throws Exception {
        SelfSignedCertificate ok = SelfSignedCertificate.generate("ip", List.of("127.0.0.1", "::1", "255.255.255.255"), Duration.ofDays(1));
        List<String> names = ok.certificate().getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList();
        assertThat(names).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1", "255.255.255.255");
        for (String bad : List.of("1.2.3", "999.1.1.1", "1.2.3.4.5", "host:name")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> SelfSignedCertificate.generate("ip", List.of(bad), Duration.ofDays(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
    }
}
