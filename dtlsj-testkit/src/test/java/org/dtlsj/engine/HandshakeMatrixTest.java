package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.dtlsj.config.CertificateVerifier;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.SignatureScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key type, group and signature scheme dtlsj offers, and the checks on the peer's certificate. */
class HandshakeMatrixTest {
    static final long BUDGET = 60_000_000_000L;

    static TestPki.Credential ec(String curve, String sigAlg) {
        TestPki.Authority root = TestPki.rootCa("matrix root " + curve, TestPki.ecKeys(curve), sigAlg);
        KeyPair k = TestPki.ecKeys(curve);
        return new TestPki.Credential(k.getPrivate(), List.of(TestPki.leaf(root, "localhost", k)), root.certificate());
    }

    static final TestPki.Credential P256 = TestPki.ecdsaP256();
    static final TestPki.Credential P384 = ec("secp384r1", "SHA384withECDSA");
    static final TestPki.Credential RSA = TestPki.rsaChain2048();

    static Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of(P256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NamedGroup.X25519, null),
                Arguments.of(P256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, NamedGroup.SECP256R1, null),
                Arguments.of(P384, CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, NamedGroup.SECP384R1,
                        SignatureScheme.ECDSA_SECP384R1_SHA384),
                Arguments.of(RSA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NamedGroup.X25519,
                        SignatureScheme.RSA_PSS_RSAE_SHA256),
                Arguments.of(RSA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, NamedGroup.SECP384R1,
                        SignatureScheme.RSA_PKCS1_SHA256),
                Arguments.of(RSA, CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, NamedGroup.SECP256R1,
                        SignatureScheme.RSA_PSS_RSAE_SHA512),
                Arguments.of(P256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM, NamedGroup.X25519, null),
                Arguments.of(P256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM, NamedGroup.SECP256R1, null),
                Arguments.of(P256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, NamedGroup.SECP256R1, null),
                Arguments.of(P384, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, NamedGroup.X25519,
                        SignatureScheme.ECDSA_SECP384R1_SHA384),
                Arguments.of(P256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, NamedGroup.X25519, null),
                Arguments.of(P384, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, NamedGroup.SECP384R1,
                        SignatureScheme.ECDSA_SECP384R1_SHA384),
                Arguments.of(RSA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, NamedGroup.X25519,
                        SignatureScheme.RSA_PSS_RSAE_SHA256),
                Arguments.of(RSA, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, NamedGroup.SECP256R1,
                        SignatureScheme.RSA_PKCS1_SHA256));
    }

    @ParameterizedTest(name = "{1} over {2} signed {3}")
    @MethodSource("matrix")
    void negotiatesEveryCombination(TestPki.Credential cred, CipherSuite suite, NamedGroup group, SignatureScheme scheme) {
        DtlsConfig.Builder server = DtlsConfig.builder().credentials(cred.key(), cred.chain())
                .cipherSuites(List.of(CipherSuite.values()));
        DtlsConfig.Builder client = DtlsConfig.builder().trustAnchors(List.of(cred.root()))
                .cipherSuites(List.of(suite)).groups(List.of(group));
        if (scheme != null) client.signatureSchemes(List.of(scheme));
        EnginePair p = new EnginePair(client.build(), server.build(), LinkConditions.perfect(), LinkConditions.perfect(), 1);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        SessionInfo s = p.client.connection().session();
        assertThat(s.cipherSuite()).isEqualTo(suite);
        assertThat(s.group()).isEqualTo(group);
        assertThat(s.extendedMasterSecret()).isTrue();
        assertThat(s.secureRenegotiation()).isTrue();
        assertThat(s.peerCertificates()).isEqualTo(cred.chain());
        p.client.connection().send(new byte[] {1, 2, 3}, p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), BUDGET);
        assertThat(p.client.received().get(0)).containsExactly(1, 2, 3);
    }

    /** RFC 7366: encrypt-then-MAC when both take it, MAC-then-encrypt when either does not; data flows either way. */
    @Test
    void encryptThenMacIsNegotiatedForCbcOnly() {
        for (boolean clientEtm : new boolean[] {true, false}) {
            for (boolean serverEtm : new boolean[] {true, false}) {
                DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain()).encryptThenMac(serverEtm)
                        .cipherSuites(List.of(CipherSuite.values())).build();
                DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root())).encryptThenMac(clientEtm)
                        .cipherSuites(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256)).build();
                EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 4);
                assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
                assertThat(p.client.connection().session().encryptThenMac()).isEqualTo(clientEtm && serverEtm);
                assertThat(p.server.connection().session().encryptThenMac()).isEqualTo(clientEtm && serverEtm);
                for (int size : new int[] {0, 1, 15, 16, 17, 500, 1100}) {
                    p.client.received().clear();
                    p.client.connection().send(new byte[size], p.net.now());
                    p.net.runUntil(() -> !p.client.received().isEmpty(), BUDGET);
                    assertThat(p.client.received().get(0)).hasSize(size);
                }
            }
        }
        // With an AEAD suite nobody claims it.
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain()).cipherSuites(List.of(CipherSuite.values())).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root()))
                .cipherSuites(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA)).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 5);
        assertThat(p.handshake(BUDGET)).isTrue();
        assertThat(p.client.connection().session().encryptThenMac()).isFalse();
    }

    @Test
    void mutualAuthenticationWithEachKeyType() {
        for (TestPki.Credential clientCred : List.of(P256, RSA)) {
            DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain())
                    .trustAnchors(List.of(clientCred.root())).clientAuth(ClientAuth.NEED).build();
            DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root()))
                    .credentials(clientCred.key(), clientCred.chain()).build();
            EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 2);
            assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
            assertThat(p.server.connection().session().peerCertificates()).isEqualTo(clientCred.chain());
        }
    }

    @Test
    void serverThatNeedsACertificateRefusesAClientWithout() {
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain())
                .trustAnchors(List.of(P256.root())).clientAuth(ClientAuth.NEED).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root())).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 3);
        assertThat(p.handshake(BUDGET)).isFalse();
        p.settle(BUDGET);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.CERTIFICATE_REQUIRED);
        assertThat(p.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
    }

    @Test
    void wantedButAbsentClientCertificateIsFine() {
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain())
                .trustAnchors(List.of(P256.root())).clientAuth(ClientAuth.WANT).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root())).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 4);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        assertThat(p.server.connection().session().peerCertificates()).isEmpty();
    }

    @Test
    void untrustedServerFailsWithUnknownCa() {
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain()).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(RSA.root())).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 5);
        assertThat(p.handshake(BUDGET)).isFalse();
        p.settle(BUDGET);
        assertThat(p.client.connection().failure().reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(p.server.connection().failure().peerAlert()).isEqualTo(AlertDescription.UNKNOWN_CA);
    }

    @Test
    void hostNameMustMatch() {
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain()).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root())).build();
        EngineEndpointPair p = EngineEndpointPair.withServerName(client, server, "example.org");
        assertThat(p.pair().handshake(BUDGET)).isFalse();
        assertThat(p.pair().client.connection().failure().reason()).isEqualTo(Reason.CERTIFICATE_HOSTNAME_MISMATCH);
    }

    @Test
    void verifyCallbackHasTheLastWord() {
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain()).build();
        AtomicReference<CertificateVerifier.Context> seen = new AtomicReference<>();
        // Trusts nothing by PKIX, but the callback accepts (the seed's verify_cert returning 1).
        DtlsConfig accepting = DtlsConfig.builder().trustAnchors(List.of(RSA.root()))
                .verifier((ok, ctx) -> { seen.set(ctx); return true; }).build();
        EnginePair p = new EnginePair(accepting, server, LinkConditions.perfect(), LinkConditions.perfect(), 6);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        assertThat(seen.get().chain()).isEqualTo(P256.chain());
        assertThat(seen.get().error()).contains("not trusted");
        // Trusted by PKIX, but the callback refuses.
        DtlsConfig refusing = DtlsConfig.builder().trustAnchors(List.of(P256.root())).verifier((ok, ctx) -> false).build();
        EnginePair q = new EnginePair(refusing, server, LinkConditions.perfect(), LinkConditions.perfect(), 7);
        assertThat(q.handshake(BUDGET)).isFalse();
        assertThat(q.client.connection().failure().reason()).isEqualTo(Reason.CERTIFICATE_REJECTED);
    }

    @Test
    void extendedMasterSecretCanBeRequired() {
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain()).requireExtendedMasterSecret(true).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root())).requireExtendedMasterSecret(true).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 8);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
    }

    @Test
    void noCommonCipherSuiteFailsWithHandshakeFailure() {
        DtlsConfig server = DtlsConfig.builder().credentials(P256.key(), P256.chain()).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(P256.root()))
                .cipherSuites(List.of(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 9);
        assertThat(p.handshake(BUDGET)).isFalse();
        p.settle(BUDGET);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.NO_COMMON_PARAMETERS);
        assertThat(p.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
    }
}
