package org.dtlsj.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 6125 §6.4 host name checks: DNS names (one left-most wildcard label), IP addresses only against iPAddress names. */
class HostNameMatchTest {
    static X509Certificate cert;
    static X509Certificate cnOnly;

    @BeforeAll
    static void make() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair k = g.generateKeyPair();
        cert = CertificateBuilder.forSubject("server", k.getPublic())
                .names(List.of("example.org", "*.dev.example.org", "127.0.0.1", "::1"))
                .issuedBy("server", k.getPrivate(), "SHA256withECDSA");
        cnOnly = CertificateBuilder.forSubject("legacy.example.org", k.getPublic()).issuedBy("ca", k.getPrivate(), "SHA256withECDSA");
    }

    @Test
    void dnsNamesAndOneWildcardLabel() {
        assertThat(CertificateChecker.matchesHost(cert, "example.org")).isTrue();
        assertThat(CertificateChecker.matchesHost(cert, "EXAMPLE.org.")).isTrue();
        assertThat(CertificateChecker.matchesHost(cert, "a.dev.example.org")).isTrue();
        assertThat(CertificateChecker.matchesHost(cert, "a.b.dev.example.org")).isFalse();
        assertThat(CertificateChecker.matchesHost(cert, "dev.example.org")).isFalse();
        assertThat(CertificateChecker.matchesHost(cert, "other.org")).isFalse();
    }

    @Test
    void ipLiteralsMatchOnlyIpAddressNames() {
        assertThat(CertificateChecker.matchesHost(cert, "127.0.0.1")).isTrue();
        assertThat(CertificateChecker.matchesHost(cert, "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(CertificateChecker.matchesHost(cert, "127.0.0.2")).isFalse();
        assertThat(CertificateChecker.matchesHost(cnOnly, "127.0.0.1")).as("never against a common name").isFalse();
    }

    @Test
    void theCommonNameCountsOnlyWithoutSubjectAltNames() {
        assertThat(CertificateChecker.matchesHost(cnOnly, "legacy.example.org")).isTrue();
        assertThat(CertificateChecker.matchesHost(cert, "server")).isFalse();
    }
}
