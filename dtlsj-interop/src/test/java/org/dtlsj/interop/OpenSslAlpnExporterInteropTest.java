package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALPN (RFC 7301) and keying material exporters (RFC 5705) with the OpenSSL command line, both
 * roles: the protocol each side agrees on, and the exported bytes, equal on both sides.
 */
class OpenSslAlpnExporterInteropTest {
    static final String LABEL = "EXPERIMENTAL-dtlsj-interop";

    @TempDir
    static Path dir;

    final List<OpenSslCli> processes = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        OpenSslInteropTest.openssl = OpenSslInteropTest.executable("openssl", "/usr/bin/openssl");
        Assumptions.assumeTrue(OpenSslInteropTest.openssl != null,
                "skipped: the 'openssl' command is not installed (neither /usr/bin/openssl nor on PATH); CI installs it");
        OpenSslInteropTest.stdbuf = OpenSslInteropTest.executable("stdbuf", "/usr/bin/stdbuf");
        OpenSslInteropTest.pki = dir;
        OpenSslInteropTest.write("ec-server", TestPki.ecServer());
        TestPki.writeCertChainPem(dir.resolve("roots.pem"), TestPki.roots());
    }

    @AfterEach
    void stop() {
        for (OpenSslCli p : processes) p.close();
    }

    static String keyingMaterial(OpenSslCli p) throws InterruptedException {
        String line = p.await("Keying material", l -> l.trim().startsWith("Keying material: "));
        return line.trim().substring("Keying material: ".length()).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void sClientAgainstDtlsjServer() throws Exception {
        Credential c = TestPki.ecServer();
        List<DtlsSession> sessions = new CopyOnWriteArrayList<>();
        DtlsConfig config = DtlsConfig.builder().credentials(c.key(), c.chain()).applicationProtocols(List.of("coap", "h2")).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(new java.net.InetSocketAddress("127.0.0.1", 0)).handler(new DtlsHandler() {
            @Override
            public void onConnected(DtlsSession s) {
                sessions.add(s);
            }
        }).start()) {
            OpenSslCli client = new OpenSslCli("s_client", List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + server.address().getPort(),
                    "-CAfile", dir.resolve("roots.pem").toString(), "-alpn", "h2,coap", "-keymatexport", LABEL, "-keymatexportlen", "32"));
            processes.add(client);
            assertThat(client.await("ALPN", l -> l.startsWith("ALPN protocol: "))).isEqualTo("ALPN protocol: coap");
            String theirs = keyingMaterial(client);
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).info().applicationProtocol()).isEqualTo("coap");
            assertThat(HexFormat.of().formatHex(sessions.get(0).exportKeyingMaterial(LABEL, null, 32))).isEqualTo(theirs);
        }
    }

    @Test
    void dtlsjClientAgainstSServer() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        OpenSslCli server = new OpenSslCli("s_server", List.of("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-naccept", "1",
                "-cert", dir.resolve("ec-server-cert.pem").toString(), "-key", dir.resolve("ec-server-key.pem").toString(),
                "-alpn", "mqtt,coap", "-keymatexport", LABEL, "-keymatexportlen", "20"));
        processes.add(server);
        server.port = port;
        server.await("ACCEPT", l -> l.equals("ACCEPT"));
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).applicationProtocols(List.of("coap", "h2")).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            assertThat(s.info().applicationProtocol()).isEqualTo("coap");
            assertThat(HexFormat.of().formatHex(s.exportKeyingMaterial(LABEL, null, 20))).isEqualTo(keyingMaterial(server));
            s.send("alpn\n".getBytes(StandardCharsets.US_ASCII));
            server.await("data", l -> l.equals("alpn"));
        }
    }
}
