package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.List;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** Raw public keys (RFC 7250), engine to engine, both directions. */
class RawPublicKeyTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final KeyPair SERVER = TestPki.ecKeys("secp256r1");
    static final KeyPair CLIENT = TestPki.ecKeys("secp256r1");
    static final KeyPair STRANGER = TestPki.ecKeys("secp256r1");

    static EnginePair run(DtlsConfig client, DtlsConfig server) {
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        p.handshake(BUDGET);
        p.settle(BUDGET);
        return p;
    }

    @Test
    void serverAndClientAuthenticateWithRawPublicKeys() {
        DtlsConfig server = DtlsConfig.builder().rawPublicKeyCredentials(SERVER).trustedRawPublicKeys(List.of(CLIENT.getPublic()))
                .clientAuth(ClientAuth.NEED).build();
        DtlsConfig client = DtlsConfig.builder().rawPublicKeyCredentials(CLIENT).trustedRawPublicKeys(List.of(SERVER.getPublic())).build();
        EnginePair p = run(client, server);
        assertThat(p.bothConnected()).as(p.describe()).isTrue();
        assertThat(p.client.connection().session().peerRawPublicKey()).isEqualTo(SERVER.getPublic());
        assertThat(p.server.connection().session().peerRawPublicKey()).isEqualTo(CLIENT.getPublic());
        assertThat(p.client.connection().session().peerCertificates()).isEmpty();
        // Resumption keeps the peer's key.
        var again = new EnginePair(DtlsConnection.client(client, "localhost", p.client.connection().resumableSession()), server,
                new byte[] {1, 2, 3, 4, 5, 6}, LinkConditions.perfect(), LinkConditions.perfect(), 2);
        assertThat(again.handshake(BUDGET)).isTrue();
        assertThat(again.server.connection().session().resumed()).isTrue();
        assertThat(again.server.connection().session().peerRawPublicKey()).isEqualTo(CLIENT.getPublic());
    }

    @Test
    void anUntrustedRawKeyIsRefused() {
        DtlsConfig server = DtlsConfig.builder().rawPublicKeyCredentials(STRANGER).build();
        DtlsConfig client = DtlsConfig.builder().trustedRawPublicKeys(List.of(SERVER.getPublic())).build();
        EnginePair p = run(client, server);
        assertThat(p.client.connection().failure().reason()).isEqualTo(Reason.CERTIFICATE_UNTRUSTED);
        assertThat(p.server.connection().failure().peerAlert()).isEqualTo(AlertDescription.UNKNOWN_CA);
    }

    @Test
    void aServerWithBothAnswersEachClientInItsOwnTerms() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        KeyPair certKeys = new KeyPair(cred.chain().get(0).getPublicKey(), cred.key());
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).rawPublicKeyCredentials(certKeys).build();
        DtlsConfig x509Client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).build();
        DtlsConfig rpkClient = DtlsConfig.builder().trustedRawPublicKeys(List.of(certKeys.getPublic())).build();
        EnginePair a = run(x509Client, server);
        assertThat(a.client.connection().session().peerCertificates()).isEqualTo(cred.chain());
        EnginePair b = run(rpkClient, server);
        assertThat(b.bothConnected()).as(b.describe()).isTrue();
        assertThat(b.client.connection().session().peerRawPublicKey()).isEqualTo(certKeys.getPublic());
        assertThat(b.client.connection().session().peerCertificates()).isEmpty();
    }

    @Test
    void aRawKeyOnlyServerAndAnX509OnlyClientHaveNothingInCommon() {
        DtlsConfig server = DtlsConfig.builder().rawPublicKeyCredentials(SERVER).build();
        TestPki.Credential cred = TestPki.ecdsaP256();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).build();
        EnginePair p = run(client, server);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.NO_COMMON_PARAMETERS);
        // And a client that takes only raw keys (it has no roots for a chain) meets an X.509-only
        // server: RFC 7250 §4.2, unsupported_certificate.
        DtlsConfig x509Server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).build();
        DtlsConfig rpkOnly = DtlsConfig.builder().trustedRawPublicKeys(List.of(SERVER.getPublic())).build();
        EnginePair q = run(rpkOnly, x509Server);
        assertThat(q.server.connection().failure().reason()).isEqualTo(Reason.UNSUPPORTED_CERTIFICATE);
        assertThat(q.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.UNSUPPORTED_CERTIFICATE);
    }
}
