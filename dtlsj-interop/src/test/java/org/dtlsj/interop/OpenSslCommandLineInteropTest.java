package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dtlsj against the OpenSSL command line ({@code openssl s_server -dtls1_2} and
 * {@code s_client -dtls1_2}), both roles, over loopback UDP: ECDSA, a 2048-bit RSA chain with a
 * 500-byte MTU so flights fragment, client certificates, and the cookie exchange.
 */
class OpenSslCommandLineInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static Path dir;
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    static Path tmp;

    @BeforeAll
    static void pem() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || onPath("openssl"),
                "the openssl command is not installed (CI installs it)");
        dir = tmp;
        write("ec", TestPki.ecServer());
        write("rsa", TestPki.rsaServer());
        write("client", TestPki.ecClient());
        TestPki.writeCertChainPem(dir.resolve("roots.pem"), TestPki.roots());
    }

    static boolean onPath(String cmd) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, cmd))) return true;
        }
        return false;
    }

    static void write(String name, Credential c) throws IOException {
        TestPki.writeCertChainPem(dir.resolve(name + "-chain.pem"), c.chain());
        if (c.chain().size() > 1) {
            // s_server takes the leaf from -cert and the intermediates from -cert_chain.
            TestPki.writeCertChainPem(dir.resolve(name + "-intermediates.pem"), c.chain().subList(1, c.chain().size()));
        }
        TestPki.writePkcs8KeyPem(dir.resolve(name + "-key.pem"), c.key());
    }

    @AfterEach
    void stop() {
        for (Process p : processes) p.destroyForcibly();
    }

    /** An openssl process with its output in a queue and its stdin open. */
    final class OpenSsl {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final OutputStream stdin;

        OpenSsl(String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            // openssl writes received data with stdio, which buffers a pipe fully: unbuffer it.
            if (onPath("stdbuf")) cmd.addAll(List.of("stdbuf", "-o0"));
            cmd.add("openssl");
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes.add(process);
            stdin = process.getOutputStream();
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                try {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (IOException ignored) {
                    // ended
                }
            });
        }

        String await(String fragment) throws InterruptedException {
            long until = System.nanoTime() + TIMEOUT.toNanos();
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < until) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l == null) {
                    if (!process.isAlive() && lines.isEmpty()) break;
                    continue;
                }
                seen.add(l);
                if (l.contains(fragment)) return l;
            }
            throw new AssertionError("openssl never printed '" + fragment + "'; it printed: " + seen);
        }

        void send(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String p(String name) {
        return dir.resolve(name).toString();
    }

    // ------------------------------------------------------------------ dtlsj client, s_server

    void dtlsjClientAgainstServer(String cred, DtlsConfig config, String... extra) throws Exception {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", p(cred + "-chain.pem"), "-key", p(cred + "-key.pem")));
        args.addAll(List.of(extra));
        OpenSsl server = new OpenSsl(args.toArray(String[]::new));
        server.await("ACCEPT");
        try (DtlsTestClient client = DtlsjUdpPeer.connect(new InetSocketAddress("127.0.0.1", port), config, "localhost", TIMEOUT)) {
            client.send("hello from dtlsj\n".getBytes(StandardCharsets.UTF_8));
            server.await("hello from dtlsj");
            server.send("hello from openssl");
            byte[] got = client.receive(TIMEOUT);
            assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("hello from openssl\n");
        }
    }

    static DtlsConfig.Builder clientConfig() {
        return DtlsConfig.builder().trustAnchors(TestPki.roots());
    }

    @Test
    void dtlsjClientWithEcdsaServer() throws Exception {
        dtlsjClientAgainstServer("ec", clientConfig().build());
    }

    @Test
    void dtlsjClientWithRsaChainAndMtu500() throws Exception {
        dtlsjClientAgainstServer("rsa", clientConfig().mtu(500).build(), "-mtu", "500", "-cert_chain", p("rsa-intermediates.pem"));
    }

    @Test
    void dtlsjClientAuthenticatesToServer() throws Exception {
        Credential c = TestPki.ecClient();
        dtlsjClientAgainstServer("ec", clientConfig().credentials(c.key(), c.chain()).build(),
                "-Verify", "1", "-CAfile", p("roots.pem"));
    }

    @Test
    void dtlsjClientThroughCookieExchange() throws Exception {
        dtlsjClientAgainstServer("ec", clientConfig().build(), "-listen");
    }

    // ------------------------------------------------------------------ s_client, dtlsj server

    void clientAgainstDtlsjServer(DtlsConfig config, String... extra) throws Exception {
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(config)) {
            List<String> args = new ArrayList<>(List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + server.port(),
                    "-CAfile", p("roots.pem"), "-servername", "localhost", "-verify_return_error"));
            args.addAll(List.of(extra));
            OpenSsl client = new OpenSsl(args.toArray(String[]::new));
            server.awaitHandshake(TIMEOUT);
            client.await("Verify return code: 0 (ok)");
            client.send("echo me please");
            client.await("echo me please");
            assertThat(server.echoedRecords()).isEqualTo(1);
            client.stdin.close(); // s_client sends close_notify at end of input
            assertThat(server.awaitCloseNotify(TIMEOUT)).isTrue();
            assertThat(server.failure()).isNull();
        }
    }

    static DtlsConfig serverConfig(Credential c) {
        return DtlsConfig.builder().credentials(c.key(), c.chain()).trustAnchors(TestPki.roots()).build();
    }

    @Test
    void opensslClientWithEcdsaServer() throws Exception {
        clientAgainstDtlsjServer(serverConfig(TestPki.ecServer()));
    }

    @Test
    void opensslClientWithRsaChainAndMtu500() throws Exception {
        clientAgainstDtlsjServer(serverConfig(TestPki.rsaServer()).toBuilder().mtu(500).build(), "-mtu", "500");
    }

    @Test
    void opensslClientWithCertificate() throws Exception {
        clientAgainstDtlsjServer(serverConfig(TestPki.ecServer()).toBuilder().clientAuth(ClientAuth.NEED).build(),
                "-cert", p("client-chain.pem"), "-key", p("client-key.pem"));
    }

    @Test
    void opensslKeyLogMatchesOurs() throws Exception {
        Path keylog = dir.resolve("openssl-keys.log");
        List<String> ours = new java.util.concurrent.CopyOnWriteArrayList<>();
        DtlsConfig config = serverConfig(TestPki.ecServer()).toBuilder().keyLog(ours::add).build();
        clientAgainstDtlsjServer(config, "-keylogfile", keylog.toString());
        String theirs = Files.readString(keylog).trim();
        assertThat(ours).hasSize(1);
        assertThat(theirs).endsWith(ours.get(0));
    }
}
