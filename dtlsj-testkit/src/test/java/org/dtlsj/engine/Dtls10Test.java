package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.api.Test;

/** DTLS 1.0 (RFC 4347) for legacy peers, off by default, and version negotiation per RFC 6347 §4.2.1. */
class Dtls10Test {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Credential EC = TestPki.ecdsaP256();
    static final TestPki.Credential RSA = TestPki.rsaChain2048();
    static final List<ProtocolVersion> ONLY_10 = List.of(ProtocolVersion.DTLS_1_0);
    static final List<ProtocolVersion> BOTH = List.of(ProtocolVersion.DTLS_1_2, ProtocolVersion.DTLS_1_0);
    static final List<CipherSuite> ALL = List.of(CipherSuite.values());

    static EnginePair run(DtlsConfig client, DtlsConfig server) {
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        p.handshake(BUDGET);
        p.settle(BUDGET);
        return p;
    }

    static void carriesData(EnginePair p) {
        p.client.connection().send(new byte[] {1, 0}, p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), BUDGET);
        assertThat(p.client.received().get(0)).containsExactly(1, 0);
    }

    @Test
    void offByDefault() {
        assertThat(DtlsConfig.builder().build().versions()).containsExactly(ProtocolVersion.DTLS_1_2);
    }

    @Test
    void eachDtls10SuiteWithEcdsaAndRsaAndMutualAuth() {
        for (CipherSuite s : ALL) {
            if (!s.usableIn(ProtocolVersion.DTLS_1_0) || s.keyExchange.usesPsk()) continue;
            TestPki.Credential cred = s.keyExchange.certificateKeyAlgorithm.equals("EC") ? EC : RSA;
            for (boolean mutual : new boolean[] {false, true}) {
                DtlsConfig.Builder server = DtlsConfig.builder().versions(ONLY_10).cipherSuites(ALL).credentials(cred.key(), cred.chain());
                DtlsConfig.Builder client = DtlsConfig.builder().versions(ONLY_10).cipherSuites(List.of(s)).trustAnchors(List.of(cred.root()));
                if (mutual) {
                    server.trustAnchors(List.of(EC.root())).clientAuth(ClientAuth.NEED);
                    client.credentials(EC.key(), EC.chain());
                }
                EnginePair p = run(client.build(), server.build());
                assertThat(p.bothConnected()).as("%s mutual %s: %s", s, mutual, p.describe()).isTrue();
                assertThat(p.client.connection().session().version()).isEqualTo(ProtocolVersion.DTLS_1_0);
                assertThat(p.client.connection().session().extendedMasterSecret()).isTrue();
                if (mutual) assertThat(p.server.connection().session().peerCertificates()).isEqualTo(EC.chain());
                carriesData(p);
                // Exporters work with the DTLS 1.0 PRF too, equal on both sides.
                assertThat(p.client.connection().exportKeyingMaterial("EXPERIMENTAL x", null, 16))
                        .isEqualTo(p.server.connection().exportKeyingMaterial("EXPERIMENTAL x", null, 16));
            }
        }
    }

    @Test
    void aClientOfBothVersionsMeetsADtls10OnlyServer() {
        DtlsConfig server = DtlsConfig.builder().versions(ONLY_10).cipherSuites(ALL).credentials(EC.key(), EC.chain()).build();
        DtlsConfig client = DtlsConfig.builder().versions(BOTH).cipherSuites(ALL).trustAnchors(List.of(EC.root())).build();
        EnginePair p = run(client, server);
        assertThat(p.bothConnected()).as(p.describe()).isTrue();
        assertThat(p.client.connection().session().version()).isEqualTo(ProtocolVersion.DTLS_1_0);
        assertThat(p.client.connection().session().cipherSuite().usableIn(ProtocolVersion.DTLS_1_0)).isTrue();
        // And a server of both meets it with 1.2.
        DtlsConfig both = DtlsConfig.builder().versions(BOTH).cipherSuites(ALL).credentials(EC.key(), EC.chain()).build();
        EnginePair q = run(client, both);
        assertThat(q.client.connection().session().version()).isEqualTo(ProtocolVersion.DTLS_1_2);
    }

    @Test
    void aDtls10OnlyClientMeetsADtls12OnlyServer() {
        DtlsConfig server = DtlsConfig.builder().credentials(EC.key(), EC.chain()).build();
        DtlsConfig client = DtlsConfig.builder().versions(ONLY_10).cipherSuites(ALL).trustAnchors(List.of(EC.root())).build();
        EnginePair p = run(client, server);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.PROTOCOL_VERSION);
        assertThat(p.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.PROTOCOL_VERSION);
    }
}
