package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.interop.peers.BcDtlsPeer;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.JsseDtlsPeer;
import org.dtlsj.interop.peers.PeerOptions;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dtlsj client asks SunJSSE and Bouncy Castle servers for a renegotiation (RFC 5746). Neither
 * does DTLS renegotiation; whatever each does with the request — answer, refuse with
 * no_renegotiation, or ignore it until the handshake timeout — the connection must come out of it
 * whole: the future says which, and data flows before and after under the keys in force.
 */
class PeerRenegotiationInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"JSSE", "BOUNCY_CASTLE"})
    void renegotiationEndsInNewKeysOrARefusalNeverABrokenConnection(String peer) throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        PeerOptions opts = PeerOptions.builder().cipherSuites(suite.ianaName()).trustRoots(TestPki.roots())
                .credential(TestPki.ecServer()).cookieExchange(true).build();
        try (DtlsTestServer server = peer.equals("JSSE") ? JsseDtlsPeer.startServer(opts) : BcDtlsPeer.startServer(opts)) {
            // A peer that ignores the request leaves it to the handshake timeout: a short one here.
            DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).cipherSuites(List.of(suite))
                    .handshakeTimeout(Duration.ofSeconds(5)).build();
            try (DtlsSession s = DtlsClient.connect(new InetSocketAddress("127.0.0.1", server.port()), config, "localhost")) {
                server.awaitHandshake(TIMEOUT);
                echo(s, "before");
                byte[] keys = s.exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16);
                boolean renegotiated;
                try {
                    SessionInfo after = s.renegotiate().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    renegotiated = true;
                    assertThat(after.secureRenegotiation()).isTrue();
                } catch (ExecutionException refused) {
                    renegotiated = false;
                    assertThat(refused.getCause()).hasMessageContaining("refused");
                }
                assertThat(s.isOpen()).as("the session survives either way").isTrue();
                echo(s, "after");
                byte[] now = s.exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16);
                if (renegotiated) {
                    assertThat(now).isNotEqualTo(keys);
                } else {
                    assertThat(now).isEqualTo(keys);
                }
            }
        }
    }

    static void echo(DtlsSession s, String text) throws Exception {
        s.send(text.getBytes(StandardCharsets.UTF_8));
        byte[] back = s.receive(TIMEOUT);
        assertThat(back).as("echo of " + text).isNotNull();
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(text);
    }
}
