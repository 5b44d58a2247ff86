package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.dtlsj.session.ResumableSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session resumption (RFC 5246 §7.3) with the OpenSSL command line, both roles, by ticket
 * (RFC 5077) and by session ID: {@code s_client -reconnect}, {@code -sess_out}/{@code -sess_in},
 * and a dtlsj client coming back to {@code s_server} from a new port.
 */
class OpenSslResumptionInteropTest extends OpenSslFixture {




    /** A dtlsj echo server that records, per handshake, whether it resumed. */
    static DtlsServer server(DtlsConfig config, List<Boolean> resumed) throws IOException {
        List<DtlsSession> sessions = new java.util.AbstractList<>() {
            @Override
            public DtlsSession get(int i) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int size() {
                return resumed.size();
            }

            @Override
            public boolean add(DtlsSession s) {
                return resumed.add(s.info().resumed());
            }
        };
        return echoServer(config, sessions);
    }

    static DtlsConfig.Builder serverConfig() {
        Credential c = TestPki.ecServer();
        return DtlsConfig.builder().credentials(c.key(), c.chain());
    }

    OpenSslCli sClient(InetSocketAddress to, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + to.getPort(),
                "-CAfile", dir.resolve("roots.pem").toString(), "-verify_return_error"));
        args.addAll(List.of(extra));
        OpenSslCli c = openssl("s_client", args);
        c.closeStdin();
        return c;
    }

    /** {@code s_client -reconnect}: one full handshake, then five resumed, by ticket or (with {@code -no_ticket}) by session ID. */
    @ParameterizedTest(name = "tickets {0}")
    @ValueSource(booleans = {true, false})
    void sClientReconnectResumes(boolean tickets) throws Exception {
        List<Boolean> resumed = new CopyOnWriteArrayList<>();
        try (DtlsServer server = server(serverConfig().sessionTickets(tickets).build(), resumed)) {
            OpenSslCli c = tickets ? sClient(server.address(), "-reconnect") : sClient(server.address(), "-reconnect", "-no_ticket");
            assertThat(c.awaitExit()).as(c.transcript()).isZero();
            List<String> seen = c.lines().stream().filter(l -> l.startsWith("New, ") || l.startsWith("Reused, "))
                    .map(l -> l.substring(0, l.indexOf(','))).toList();
            assertThat(seen).as(c.transcript()).containsExactly("New", "Reused", "Reused", "Reused", "Reused", "Reused");
            assertThat(resumed).containsExactly(false, true, true, true, true, true);
        }
    }

    @Test
    void sClientSessionFileResumesAcrossProcesses() throws Exception {
        List<Boolean> resumed = new CopyOnWriteArrayList<>();
        Path sess = dir.resolve("session.pem");
        try (DtlsServer server = server(serverConfig().build(), resumed)) {
            OpenSslCli first = sClient(server.address(), "-sess_out", sess.toString());
            assertThat(first.awaitExit()).as(first.transcript()).isZero();
            OpenSslCli second = sClient(server.address(), "-sess_in", sess.toString());
            assertThat(second.awaitExit()).as(second.transcript()).isZero();
            assertThat(second.lines()).as(second.transcript()).anyMatch(l -> l.startsWith("Reused, TLSv1.2"));
            assertThat(resumed).containsExactly(false, true);
        }
    }

    @Test
    void dtlsjClientResumesWithSServerFromANewPort() throws Exception {
        for (boolean tickets : new boolean[] {true, false}) {
            List<String> args = new ArrayList<>(List.of("-dtls1_2", "-naccept", "2",
                    "-cert", dir.resolve("ec-server-cert.pem").toString(), "-key", dir.resolve("ec-server-key.pem").toString()));
            if (!tickets) args.add("-no_ticket");
            OpenSslCli server = sServer(args);
            DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).sessionTickets(tickets).build();
            ResumableSession session;
            try (DtlsSession first = DtlsClient.connect(server.address(), config, "localhost")) {
                assertThat(first.info().resumed()).isFalse();
                session = first.resumableSession();
            }
            assertThat(session).as("s_server offered a session").isNotNull();
            assertThat(session.ticket() != null).as("ticket iff tickets").isEqualTo(tickets);
            server.await("first connection closed", l -> l.equals("DONE"));
            try (DtlsSession again = DtlsClient.connect(server.address(), config, "localhost", null, session)) {
                assertThat(again.info().resumed()).as("resumed (tickets %s)\n%s", tickets, server.transcript()).isTrue();
                assertThat(again.info().peerCertificates()).isEqualTo(TestPki.ecServer().chain());
                again.send("resumed\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                server.await("data over the resumed session", l -> l.equals("resumed"));
            }
        }
    }
}
