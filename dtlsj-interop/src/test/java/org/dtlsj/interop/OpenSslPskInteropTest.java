package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pre-shared keys against the OpenSSL command line over loopback UDP, both roles: every PSK suite
 * OpenSSL 3.0 implements (plain PSK with GCM, CCM, CCM_8 and ChaCha20-Poly1305, ECDHE-PSK with
 * ChaCha20-Poly1305), with an identity hint from the server.
 */
class OpenSslPskInteropTest {
    static final String IDENTITY = "dtlsj-client-1";
    static final String HINT = "dtlsj-interop";
    static final byte[] KEY = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");

    final List<OpenSslCli> processes = new ArrayList<>();

    @BeforeAll
    static void findOpenSsl() {
        OpenSslInteropTest.openssl = OpenSslInteropTest.executable("openssl", "/usr/bin/openssl");
        Assumptions.assumeTrue(OpenSslInteropTest.openssl != null,
                "skipped: the 'openssl' command is not installed (neither /usr/bin/openssl nor on PATH); CI installs it");
        OpenSslInteropTest.stdbuf = OpenSslInteropTest.executable("stdbuf", "/usr/bin/stdbuf");
    }

    @AfterEach
    void stop() {
        for (OpenSslCli p : processes) p.close();
    }

    /**
     * The PSK suites that OpenSSL 3.0 implements, by the names dtlsj shares with it: all but RFC
     * 8442's ECDHE-PSK with AES-GCM and AES-CCM, which Bouncy Castle covers.
     */
    static java.util.stream.Stream<CipherSuite> openSslPskSuites() {
        return java.util.Arrays.stream(CipherSuite.values())
                .filter(s -> s.keyExchange.usesPsk() && !s.opensslName.startsWith("ECDHE-PSK-AES"));
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @ParameterizedTest
    @MethodSource("openSslPskSuites")
    void dtlsjClientToOpenSslServer(CipherSuite suite) throws Exception {
        int port = freeUdpPort();
        OpenSslCli server = new OpenSslCli("s_server", List.of("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-naccept", "1", "-nocert", "-psk", HexFormat.of().formatHex(KEY), "-psk_hint", HINT,
                "-cipher", suite.opensslName));
        processes.add(server);
        server.port = port;
        server.await("ACCEPT", l -> l.equals("ACCEPT"));
        List<String> hints = new ArrayList<>();
        DtlsConfig config = DtlsConfig.builder().cipherSuites(List.of(suite)).pskProvider(hint -> {
            hints.add(new String(hint, StandardCharsets.US_ASCII));
            return new org.dtlsj.config.PskProvider.Psk(IDENTITY.getBytes(StandardCharsets.US_ASCII), KEY);
        }).build();
        try (DtlsTestClient client = OpenSslInteropTest.connect(server.address(), config, server)) {
            assertThat(OpenSslInteropTest.serverReportedSuite(server)).isEqualTo(suite);
            assertThat(client.cipherSuite()).isEqualTo(suite.ianaName());
            assertThat(hints).containsExactly(HINT);
            server.await("s_server names the identity", l -> l.equals("PSK client identity: " + IDENTITY)
                    || l.contains(IDENTITY));
            OpenSslInteropTest.exchangeWithServer(client, server, suite.opensslName);
        }
    }

    @ParameterizedTest
    @MethodSource("openSslPskSuites")
    void openSslClientToDtlsjServer(CipherSuite suite) throws Exception {
        OpenSslInteropTest.HandshakeLog log = new OpenSslInteropTest.HandshakeLog();
        List<String> identities = new ArrayList<>();
        DtlsConfig config = DtlsConfig.builder().cipherSuites(List.of(suite)).tracer(log)
                .pskStore(new org.dtlsj.config.PskStore() {
                    @Override
                    public byte[] key(byte[] identity) {
                        identities.add(new String(identity, StandardCharsets.US_ASCII));
                        return new String(identity, StandardCharsets.US_ASCII).equals(IDENTITY) ? KEY : null;
                    }

                    @Override
                    public byte[] identityHint() {
                        return HINT.getBytes(StandardCharsets.US_ASCII);
                    }
                }).build();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(config)) {
            InetSocketAddress target = server.address();
            OpenSslCli client = new OpenSslCli("s_client", List.of("s_client", "-dtls1_2",
                    "-connect", target.getAddress().getHostAddress() + ":" + target.getPort(),
                    "-psk_identity", IDENTITY, "-psk", HexFormat.of().formatHex(KEY), "-cipher", suite.opensslName, "-nocommands"));
            processes.add(client);
            server.awaitHandshake(OpenSslInteropTest.WAIT);
            assertThat(server.cipherSuite()).isEqualTo(suite.ianaName());
            assertThat(identities).containsExactly(IDENTITY);
            client.await("s_client saw the hint", l -> l.contains(HINT));
            String line = "psk line through " + suite.opensslName;
            client.write(line + "\n");
            client.await("the echo", l -> l.equals(line));
            client.closeStdin();
            assertThat(server.awaitCloseNotify(OpenSslInteropTest.WAIT)).as("close_notify\n%s", client.transcript()).isTrue();
            assertThat(server.failure()).isNull();
        }
    }
}
