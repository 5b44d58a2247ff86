package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.config.ServerNameSelector;
import org.dtlsj.crypto.PemFiles;
import org.dtlsj.crypto.SelfSignedCertificate;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * server_name (RFC 6066 §3) with the OpenSSL command line: a dtlsj client gets the certificate
 * {@code s_server -servername ... -cert2} keeps for its name, and {@code s_client -servername}
 * gets the one a dtlsj {@link ServerNameSelector} picks, or unrecognized_name.
 */
class OpenSslServerNameInteropTest {
    @TempDir
    static Path dir;
    static final SelfSignedCertificate ALPHA = SelfSignedCertificate.generate("alpha.example", List.of("alpha.example"), Duration.ofDays(2));
    static final SelfSignedCertificate BETA = SelfSignedCertificate.generate("beta.example", List.of("beta.example"), Duration.ofDays(2));

    final List<OpenSslCli> processes = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        OpenSslInteropTest.openssl = OpenSslInteropTest.executable("openssl", "/usr/bin/openssl");
        Assumptions.assumeTrue(OpenSslInteropTest.openssl != null,
                "skipped: the 'openssl' command is not installed (neither /usr/bin/openssl nor on PATH); CI installs it");
        OpenSslInteropTest.stdbuf = OpenSslInteropTest.executable("stdbuf", "/usr/bin/stdbuf");
        for (var e : List.of(java.util.Map.entry("alpha", ALPHA), java.util.Map.entry("beta", BETA))) {
            Files.writeString(dir.resolve(e.getKey() + "-cert.pem"), PemFiles.toPem(e.getValue().certificate()));
            Files.writeString(dir.resolve(e.getKey() + "-key.pem"), PemFiles.toPem(e.getValue().privateKey()));
        }
    }

    @AfterEach
    void stop() {
        for (OpenSslCli p : processes) p.close();
    }

    @Test
    void dtlsjClientGetsTheCertificateForItsName() throws Exception {
        for (String name : List.of("alpha.example", "beta.example")) {
            int port;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
            OpenSslCli server = new OpenSslCli("s_server", List.of("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                    "-naccept", "1", "-cert", dir.resolve("alpha-cert.pem").toString(), "-key", dir.resolve("alpha-key.pem").toString(),
                    "-servername", "beta.example", "-cert2", dir.resolve("beta-cert.pem").toString(),
                    "-key2", dir.resolve("beta-key.pem").toString()));
            processes.add(server);
            server.port = port;
            server.await("ACCEPT", l -> l.equals("ACCEPT"));
            DtlsConfig config = DtlsConfig.builder().trustAnchors(List.of(ALPHA.certificate(), BETA.certificate())).build();
            try (DtlsSession s = DtlsClient.connect(server.address(), config, name)) {
                assertThat(s.info().peerCertificates().get(0))
                        .isEqualTo(name.startsWith("beta") ? BETA.certificate() : ALPHA.certificate());
            }
        }
    }

    @Test
    void sClientGetsTheCertificateTheSelectorPicks() throws Exception {
        DtlsConfig config = DtlsConfig.builder().credentials(ALPHA.privateKey(), List.of(ALPHA.certificate()))
                .serverNameSelector(name -> "beta.example".equals(name)
                        ? new ServerNameSelector.Use(BETA.privateKey(), List.of(BETA.certificate()))
                        : "alpha.example".equals(name) ? ServerNameSelector.USE_DEFAULT : ServerNameSelector.REJECT)
                .build();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(config)) {
            OpenSslCli client = sClient(server.address(), "beta.example", "beta-cert.pem");
            client.await("s_client verified beta's certificate", l -> l.trim().equals("Verify return code: 0 (ok)"));
            server.awaitHandshake(OpenSslInteropTest.WAIT);
            assertThat(server.peerCertificates()).isEmpty();
        }
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(config)) {
            OpenSslCli client = sClient(server.address(), "gamma.example", "alpha-cert.pem");
            client.await("unrecognized_name from dtlsj", l -> l.contains("unrecognized name"));
        }
    }

    OpenSslCli sClient(InetSocketAddress to, String name, String caFile) throws IOException {
        OpenSslCli c = new OpenSslCli("s_client", List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + to.getPort(),
                "-servername", name, "-verify_hostname", name, "-CAfile", dir.resolve(caFile).toString(), "-verify_return_error"));
        processes.add(c);
        return c;
    }
}
