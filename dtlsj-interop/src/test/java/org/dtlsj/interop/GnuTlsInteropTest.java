package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dtlsj against GnuTLS's command line ({@code gnutls-serv --udp}, {@code gnutls-cli --udp}), both roles. */
class GnuTlsInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void pem() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gnutls-cli")), "gnutls-bin is not installed (CI installs it)");
        TestPki.writeCertChainPem(dir.resolve("chain.pem"), TestPki.ecServer().chain());
        // gnutls-serv gets a key and certificate made by OpenSSL (GnuTLS reads those without fuss).
        try {
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", dir.resolve("gnutls-key.pem").toString(), "-out", dir.resolve("gnutls-cert.pem").toString(),
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-days", "2")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IOException("openssl req: " + out);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        TestPki.writeCertChainPem(dir.resolve("roots.pem"), TestPki.roots());
    }

    @AfterEach
    void stop() {
        for (Process p : processes) p.destroyForcibly();
    }

    Process start(BlockingQueue<String> lines, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            try {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // ended
            }
        });
        return p;
    }

    static String await(BlockingQueue<String> q, String fragment) throws InterruptedException {
        long until = System.nanoTime() + TIMEOUT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < until) {
            String l = q.poll(100, TimeUnit.MILLISECONDS);
            if (l == null) continue;
            seen.add(l);
            if (l.contains(fragment)) return l;
        }
        throw new AssertionError("never saw '" + fragment + "' in " + seen);
    }

    @Test
    void dtlsjClientAgainstGnutlsServer() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        start(lines, "gnutls-serv", "--udp", "--echo", "-p", String.valueOf(port), "--x509certfile", dir.resolve("gnutls-cert.pem").toString(),
                "--x509keyfile", dir.resolve("gnutls-key.pem").toString());
        await(lines, "listening on IPv4");
        DtlsConfig config = DtlsConfig.builder()
                .trustAnchors(org.dtlsj.crypto.PemFiles.readCertificates(dir.resolve("gnutls-cert.pem"))).build();
        try (DtlsTestClient client = DtlsjUdpPeer.connect(new InetSocketAddress("127.0.0.1", port), config, "localhost", TIMEOUT)) {
            for (String m : List.of("hello gnutls", "x".repeat(1000))) {
                byte[] out = m.getBytes(StandardCharsets.UTF_8);
                client.send(out);
                // gnutls-serv --echo reads into a small buffer and echoes what each read returned,
                // so a long record may come back as several shorter ones: compare the whole stream.
                java.io.ByteArrayOutputStream echoed = new java.io.ByteArrayOutputStream();
                while (echoed.size() < out.length) echoed.writeBytes(client.receive(TIMEOUT));
                assertThat(echoed.toByteArray()).isEqualTo(out);
            }
        }
    }

    @Test
    void gnutlsClientAgainstDtlsjServer() throws Exception {
        var cred = TestPki.ecServer();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(DtlsConfig.builder().credentials(cred.key(), cred.chain()).build())) {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Process client = start(lines, "gnutls-cli", "--udp", "--x509cafile", dir.resolve("roots.pem").toString(),
                    "-p", String.valueOf(server.port()), "--sni-hostname", "localhost", "--verify-hostname", "localhost", "127.0.0.1");
            await(lines, "Handshake was completed");
            client.getOutputStream().write("echo through gnutls\n".getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            await(lines, "echo through gnutls");
            assertThat(server.echoedRecords()).isEqualTo(1);
            client.getOutputStream().close();
            assertThat(server.awaitCloseNotify(TIMEOUT)).isTrue();
        }
    }
}
