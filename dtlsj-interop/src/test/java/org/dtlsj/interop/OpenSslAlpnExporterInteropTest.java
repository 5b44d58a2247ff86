package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.Test;

/**
 * ALPN (RFC 7301) and keying material exporters (RFC 5705) with the OpenSSL command line, both
 * roles: the protocol each side agrees on, and the exported bytes, equal on both sides.
 */
class OpenSslAlpnExporterInteropTest extends OpenSslFixture {
    static final String LABEL = "EXPERIMENTAL-dtlsj-interop";





    static String keyingMaterial(OpenSslCli p) throws InterruptedException {
        String line = p.await("Keying material", l -> l.trim().startsWith("Keying material: "));
        return line.trim().substring("Keying material: ".length()).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void sClientAgainstDtlsjServer() throws Exception {
        Credential c = TestPki.ecServer();
        List<DtlsSession> sessions = new CopyOnWriteArrayList<>();
        DtlsConfig config = DtlsConfig.builder().credentials(c.key(), c.chain()).applicationProtocols(List.of("coap", "h2")).build();
        try (DtlsServer server = echoServer(config, sessions)) {
            OpenSslCli client = openssl("s_client", List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + server.address().getPort(),
                    "-CAfile", dir.resolve("roots.pem").toString(), "-alpn", "h2,coap", "-keymatexport", LABEL, "-keymatexportlen", "32"));
            assertThat(client.await("ALPN", l -> l.startsWith("ALPN protocol: "))).isEqualTo("ALPN protocol: coap");
            String theirs = keyingMaterial(client);
            session(sessions, 0); // the server's handler may hear of the handshake a moment after the peer
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).info().applicationProtocol()).isEqualTo("coap");
            assertThat(HexFormat.of().formatHex(sessions.get(0).exportKeyingMaterial(LABEL, null, 32))).isEqualTo(theirs);
        }
    }

    @Test
    void dtlsjClientAgainstSServer() throws Exception {
        OpenSslCli server = sServer(List.of("-dtls1_2", "-naccept", "1",
                "-cert", dir.resolve("ec-server-cert.pem").toString(), "-key", dir.resolve("ec-server-key.pem").toString(),
                "-alpn", "mqtt,coap", "-keymatexport", LABEL, "-keymatexportlen", "20"));
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).applicationProtocols(List.of("coap", "h2")).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            assertThat(s.info().applicationProtocol()).isEqualTo("coap");
            assertThat(HexFormat.of().formatHex(s.exportKeyingMaterial(LABEL, null, 20))).isEqualTo(keyingMaterial(server));
            s.send("alpn\n".getBytes(StandardCharsets.US_ASCII));
            server.await("data", l -> l.equals("alpn"));
        }
    }
}
