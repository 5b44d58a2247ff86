package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CBC suites with the OpenSSL command line, with encrypt-then-MAC (RFC 7366, OpenSSL's default)
 * and without ({@code s_client -no_etm}, or a dtlsj client that does not offer it), both roles.
 * The each-suite tests of {@link OpenSslInteropTest} cover every CBC suite with encrypt-then-MAC.
 */
class OpenSslCbcInteropTest {
    @org.junit.jupiter.api.io.TempDir
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

    @ParameterizedTest(name = "encrypt-then-MAC {0}")
    @ValueSource(booleans = {true, false})
    void sClientAgainstDtlsjServer(boolean etm) throws Exception {
        Credential c = TestPki.ecServer();
        List<DtlsSession> sessions = new CopyOnWriteArrayList<>();
        DtlsConfig config = DtlsConfig.builder().credentials(c.key(), c.chain()).cipherSuites(List.of(CipherSuite.values())).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(new InetSocketAddress("127.0.0.1", 0)).handler(new DtlsHandler() {
            @Override
            public void onConnected(DtlsSession s) {
                sessions.add(s);
            }

            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                try {
                    s.send(data);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            }
        }).start()) {
            List<String> args = new ArrayList<>(List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + server.address().getPort(),
                    "-CAfile", dir.resolve("roots.pem").toString(), "-cipher", "ECDHE-ECDSA-AES128-SHA256"));
            if (!etm) args.add("-no_etm");
            OpenSslCli client = new OpenSslCli("s_client", args);
            processes.add(client);
            client.await("verified", l -> l.trim().equals("Verify return code: 0 (ok)"));
            for (int n : new int[] {1, 15, 16, 17, 700}) {
                String line = "m".repeat(n);
                client.write(line + "\n");
                client.await("echo of " + n, l -> l.equals(line));
            }
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).info().encryptThenMac()).isEqualTo(etm);
        }
    }

    @ParameterizedTest(name = "encrypt-then-MAC {0}")
    @ValueSource(booleans = {true, false})
    void dtlsjClientAgainstSServer(boolean etm) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        OpenSslCli server = new OpenSslCli("s_server", List.of("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-naccept", "1",
                "-cert", dir.resolve("ec-server-cert.pem").toString(), "-key", dir.resolve("ec-server-key.pem").toString(),
                "-cipher", "ECDHE-ECDSA-AES256-SHA"));
        processes.add(server);
        server.port = port;
        server.await("ACCEPT", l -> l.equals("ACCEPT"));
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).encryptThenMac(etm)
                .cipherSuites(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA)).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            assertThat(s.info().encryptThenMac()).isEqualTo(etm);
            for (int n : new int[] {1, 31, 32, 33, 900}) {
                String line = "k".repeat(n);
                s.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
                server.await("line of " + n, l -> l.equals(line));
            }
            server.write("from openssl\n");
            assertThat(new String(s.receive(OpenSslInteropTest.WAIT), StandardCharsets.US_ASCII)).isEqualTo("from openssl\n");
        }
    }
}
