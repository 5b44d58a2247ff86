package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.Test;

/**
 * Secure renegotiation (RFC 5746) with the OpenSSL command line, started from each side in each
 * role, with data flowing before, during and after it: s_client's {@code R} and s_server's
 * {@code r} commands, and {@code DtlsSession.renegotiate()} against them.
 */
class OpenSslRenegotiationInteropTest extends OpenSslFixture {
    static final Duration WAIT = Duration.ofSeconds(20);

    static String receive(DtlsSession s) throws Exception {
        byte[] d = s.receive(WAIT);
        assertThat(d).as("a datagram within " + WAIT).isNotNull();
        return new String(d, StandardCharsets.US_ASCII).trim();
    }

    static void send(DtlsSession s, String line) throws Exception {
        s.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    OpenSslCli sServerEc(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-dtls1_2", "-naccept", "1",
                "-cert", file("ec-server-cert.pem"), "-key", file("ec-server-key.pem")));
        args.addAll(List.of(extra));
        return sServer(args);
    }

    @Test
    void dtlsjClientRenegotiatesWithSServer() throws Exception {
        // OpenSSL 3 servers take a client's renegotiation only with -client_renegotiation.
        OpenSslCli server = sServerEc("-client_renegotiation");
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            assertThat(s.info().secureRenegotiation()).isTrue();
            byte[] before = s.exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16);
            send(s, "c-before");
            server.await("c-before", l -> l.equals("c-before"));
            server.write("s-before\n");
            assertThat(receive(s)).isEqualTo("s-before");

            CompletableFuture<SessionInfo> done = s.renegotiate();
            send(s, "c-during");
            SessionInfo after = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(after.secureRenegotiation()).isTrue();
            assertThat(s.info()).isSameAs(after);
            assertThat(s.exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16)).isNotEqualTo(before);
            server.await("c-during", l -> l.equals("c-during"));

            send(s, "c-after");
            server.await("c-after", l -> l.equals("c-after"));
            server.write("s-after\n");
            assertThat(receive(s)).isEqualTo("s-after");
        }
    }

    @Test
    void sServerWithoutClientRenegotiationRefusesAndTheSessionGoesOn() throws Exception {
        OpenSslCli server = sServerEc();
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            CompletableFuture<SessionInfo> done = s.renegotiate();
            assertThat(done).failsWithin(WAIT).withThrowableThat().withMessageContaining("no_renegotiation");
            send(s, "still-here");
            server.await("still-here", l -> l.equals("still-here"));
        }
    }

    @Test
    void sServerRenegotiatesWithDtlsjClient() throws Exception {
        OpenSslCli server = sServerEc();
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).build();
        CompletableFuture<SessionInfo> renegotiated = new CompletableFuture<>();
        DtlsHandler handler = new DtlsHandler() {
            @Override
            public void onRenegotiated(DtlsSession session) {
                renegotiated.complete(session.info());
            }
        };
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost", handler)) {
            send(s, "c-before");
            server.await("c-before", l -> l.equals("c-before"));
            // s_server's "r": SSL_renegotiate, a HelloRequest to the client.
            server.write("r\n");
            send(s, "c-during");
            SessionInfo after = renegotiated.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(after.secureRenegotiation()).isTrue();
            server.await("c-during", l -> l.equals("c-during"));
            send(s, "c-after");
            server.await("c-after", l -> l.equals("c-after"));
            server.write("s-after\n");
            assertThat(receive(s)).isEqualTo("s-after");
        }
    }

    @Test
    void sClientRenegotiatesWithDtlsjServer() throws Exception {
        Credential c = TestPki.ecServer();
        List<DtlsSession> sessions = new CopyOnWriteArrayList<>();
        try (DtlsServer server = echoServer(DtlsConfig.builder().credentials(c.key(), c.chain()).build(), sessions)) {
            OpenSslCli client = openssl("s_client", List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + server.address().getPort(),
                    "-CAfile", file("roots.pem")));
            client.await("handshake", l -> l.trim().startsWith("Verify return code"));
            client.write("before\n");
            client.await("echo of before", l -> l.equals("before"));
            byte[] keysBefore = session(sessions, 0).exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16);
            // s_client's "R": SSL_renegotiate from the client.
            client.write("R\n");
            client.await("RENEGOTIATING", l -> l.startsWith("RENEGOTIATING"));
            client.write("during\n");
            client.await("echo of during", l -> l.equals("during"));
            client.write("after\n");
            client.await("echo of after", l -> l.equals("after"));
            session(sessions, 0); // the server's handler may hear of the handshake a moment after the peer
            assertThat(sessions).hasSize(1);
            // The server's session went through the new handshake: its exporter changed with the keys.
            assertThat(sessions.get(0).exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16)).isNotEqualTo(keysBefore);
        }
    }

    @Test
    void dtlsjServerRenegotiatesWithSClient() throws Exception {
        Credential c = TestPki.ecServer();
        List<DtlsSession> sessions = new CopyOnWriteArrayList<>();
        try (DtlsServer server = echoServer(DtlsConfig.builder().credentials(c.key(), c.chain()).build(), sessions)) {
            OpenSslCli client = openssl("s_client", List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + server.address().getPort(),
                    "-CAfile", file("roots.pem")));
            client.await("handshake", l -> l.trim().startsWith("Verify return code"));
            client.write("before\n");
            client.await("echo of before", l -> l.equals("before"));
            DtlsSession s = session(sessions, 0);
            byte[] keysBefore = s.exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16);
            CompletableFuture<SessionInfo> done = s.renegotiate();
            send(s, "s-during");
            client.write("during\n");
            SessionInfo after = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(after.secureRenegotiation()).isTrue();
            assertThat(s.exportKeyingMaterial("EXPERIMENTAL-dtlsj", null, 16)).isNotEqualTo(keysBefore);
            client.await("s-during", l -> l.equals("s-during"));
            // s_client goes back to reading its input only once something arrives after the handshake:
            // "during" may still sit in its stdin until "s-after" comes.
            send(s, "s-after");
            client.await("s-after", l -> l.equals("s-after"));
            client.await("echo of during", l -> l.equals("during"));
            client.write("after\n");
            client.await("echo of after", l -> l.equals("after"));
        }
    }
}
