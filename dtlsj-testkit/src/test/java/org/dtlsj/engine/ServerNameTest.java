package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.config.ServerNameSelector;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.session.ResumableSession;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** server_name (RFC 6066 §3) on the server: the requested name, a certificate per name, unknown names refused. */
class ServerNameTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Authority CA = TestPki.rootCa("dtlsj SNI root", TestPki.ecKeys("secp256r1"), "SHA256withECDSA");
    static final java.security.KeyPair KEYS_A = TestPki.ecKeys("secp256r1");
    static final java.security.KeyPair KEYS_B = TestPki.ecKeys("secp256r1");
    static final java.security.cert.X509Certificate A = TestPki.leaf(CA, "a.example", KEYS_A, List.of("a.example"),
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    static final java.security.cert.X509Certificate B = TestPki.leaf(CA, "b.example", KEYS_B, List.of("b.example"),
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    static final byte[] ADDRESS = {10, 1, 1, 1, 0, 80};

    static final List<String> ASKED = new ArrayList<>();

    static DtlsConfig server() {
        return DtlsConfig.builder().credentials(KEYS_A.getPrivate(), List.of(A)).serverNameSelector(name -> {
            ASKED.add(String.valueOf(name));
            if (name == null || name.equals("a.example")) return ServerNameSelector.USE_DEFAULT;
            if (name.equals("b.example")) return new ServerNameSelector.Use(KEYS_B.getPrivate(), List.of(B));
            return ServerNameSelector.REJECT;
        }).build();
    }

    static EnginePair connect(DtlsConfig server, String name, ResumableSession session) {
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(CA.certificate())).build();
        EnginePair p = new EnginePair(DtlsConnection.client(client, name, session), server, ADDRESS,
                LinkConditions.perfect(), LinkConditions.perfect(), 1);
        p.handshake(BUDGET);
        p.settle(BUDGET);
        return p;
    }

    @Test
    void eachNameGetsItsCertificateAndTheServerSeesTheName() {
        DtlsConfig server = server();
        ASKED.clear();
        EnginePair a = connect(server, "a.example", null);
        EnginePair b = connect(server, "b.example", null);
        assertThat(ASKED).containsExactly("a.example", "b.example");
        assertThat(a.client.connection().session().peerCertificates()).containsExactly(A);
        assertThat(b.client.connection().session().peerCertificates()).containsExactly(B);
        assertThat(b.server.connection().session().serverName()).isEqualTo("b.example");
    }

    @Test
    void anUnknownNameIsRefusedWithUnrecognizedName() {
        EnginePair p = connect(server(), "c.example", null);
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.UNRECOGNIZED_NAME);
        assertThat(p.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.UNRECOGNIZED_NAME);
    }

    @Test
    void aSessionIsResumedOnlyUnderTheNameItWasMadeFor() {
        DtlsConfig server = server();
        EnginePair a = connect(server, "a.example", null);
        ResumableSession s = a.client.connection().resumableSession();
        assertThat(connect(server, "a.example", s).server.connection().session().resumed()).isTrue();
        // RFC 6066 §3: another name, a full handshake (and a.example's session does not carry b.example's certificate).
        EnginePair other = connect(server, "b.example", s);
        assertThat(other.server.connection().session().resumed()).isFalse();
        assertThat(other.client.connection().session().peerCertificates()).containsExactly(B);
    }
}
