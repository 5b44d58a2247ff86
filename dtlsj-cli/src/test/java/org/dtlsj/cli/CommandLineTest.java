package org.dtlsj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.crypto.PemFiles;
import org.dtlsj.crypto.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dtlsj} command, run as separate processes over loopback UDP. */
class CommandLineTest {
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : processes) p.destroyForcibly();
    }

    /** A dtlsj process; stdout and stderr lines go to queues. */
    final class Cli {
        final Process process;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final BlockingQueue<String> err = new LinkedBlockingQueue<>();

        Cli(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).start();
            processes.add(process);
            pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), out);
            pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), err);
        }

        private void pump(BufferedReader r, BlockingQueue<String> q) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (String l; (l = r.readLine()) != null; ) q.add(l);
                } catch (IOException ignored) {
                    // process ended
                }
            });
        }

        String expect(BlockingQueue<String> q, String prefix) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < until) {
                String l = q.poll(200, TimeUnit.MILLISECONDS);
                if (l == null) continue;
                seen.add(l);
                if (l.startsWith(prefix)) return l;
            }
            throw new AssertionError("no line starting with '" + prefix + "'; saw " + seen + "; stderr " + err);
        }

        void write(String text) throws IOException {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        int exit() throws Exception {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process ended").isTrue();
            return process.exitValue();
        }
    }

    int serverPort(Cli server) throws InterruptedException {
        String ready = server.expect(server.out, "ready ");
        assertThat(ready).matches("ready 127\\.0\\.0\\.1:\\d+");
        return Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
    }

    @Test
    void echoServerAndClient() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo");
        int port = serverPort(server);
        assertThat(server.expect(server.err, "using an ephemeral")).contains("fingerprint");
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--linger", "2000");
        client.write("first line\nsecond line\n");
        client.process.getOutputStream().close();
        assertThat(client.expect(client.out, "first")).isEqualTo("first line");
        assertThat(client.expect(client.out, "second")).isEqualTo("second line");
        assertThat(client.exit()).isZero();
        server.process.destroy(); // SIGTERM: close_notify to everyone, then exit
        assertThat(server.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void verifiedCertificateAndKeyLog(@TempDir Path dir) throws Exception {
        SelfSignedCertificate ss = SelfSignedCertificate.generate("localhost", List.of("localhost"), java.time.Duration.ofDays(1));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path keylog = dir.resolve("keys.log");
        Files.writeString(cert, PemFiles.toPem(ss.certificate()));
        Files.writeString(key, PemFiles.toPem(ss.privateKey()));
        Cli server = new Cli("server", "--port", "0", "--echo", "--cert", cert.toString(), "--key", key.toString());
        int port = serverPort(server);
        Cli client = new Cli("client", "localhost:" + port, "--cafile", cert.toString(), "--keylog", keylog.toString(),
                "--linger", "1500");
        client.write("over a verified channel\n");
        client.process.getOutputStream().close();
        assertThat(client.expect(client.out, "over")).isEqualTo("over a verified channel");
        assertThat(client.exit()).isZero();
        assertThat(client.expect(client.err, "WARNING")).contains(keylog.toString());
        assertThat(Files.readString(keylog)).matches("(?s)CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\\n");
    }

    @Test
    void pkcs12CredentialsAndOpensslKeys(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed");
        Path key = dir.resolve("sec1.pem");
        Path cert = dir.resolve("cert.pem");
        Path p12 = dir.resolve("server.p12");
        // A SEC1 EC key as `openssl ecparam -genkey` writes it, with its EC PARAMETERS block.
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
        run("openssl", "req", "-x509", "-key", key.toString(), "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost", "-days", "2", "-out", cert.toString());
        run("openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-out", p12.toString(),
                "-passout", "pass:secret");
        Cli server = new Cli("server", "--port", "0", "--echo", "--cert", p12.toString(), "--pass", "secret");
        int port = serverPort(server);
        Cli client = new Cli("client", "localhost:" + port, "--cafile", cert.toString(), "--linger", "1500");
        client.write("pkcs12\n");
        client.process.getOutputStream().close();
        assertThat(client.expect(client.out, "pkcs12")).isEqualTo("pkcs12");
        assertThat(client.exit()).isZero();
        Cli pem = new Cli("server", "--port", "0", "--cert", cert.toString(), "--key", key.toString());
        serverPort(pem);
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    @Test
    void pskServerAndClientWithTheCoapSuite() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo", "--psk", "sensor-1:00112233445566778899aabbccddeeff",
                "--psk-hint", "plant-7");
        int port = serverPort(server);
        assertThat(server.expect(server.err, "no certificate")).contains("PSK suites only");
        Cli client = new Cli("client", "127.0.0.1:" + port, "--psk", "sensor-1:00112233445566778899aabbccddeeff",
                "--ciphers", "PSK-AES128-CCM8", "--linger", "2000");
        assertThat(client.expect(client.err, "connected")).isEqualTo("connected DTLSv1.2 TLS_PSK_WITH_AES_128_CCM_8 no-ecdhe psk_identity=sensor-1");
        client.write("over psk\n");
        client.process.getOutputStream().close();
        assertThat(client.expect(client.out, "over")).isEqualTo("over psk");
        assertThat(client.exit()).isZero();
        assertThat(server.expect(server.err, "connected")).endsWith("psk_identity=sensor-1");

        // A wrong identity: the server names it, the client says why.
        Cli stranger = new Cli("client", "127.0.0.1:" + port, "--psk", "intruder:00112233445566778899aabbccddeeff");
        stranger.process.getOutputStream().close();
        assertThat(stranger.exit()).isEqualTo(1);
        assertThat(stranger.expect(stranger.err, "dtlsj client: handshake failed")).contains("unknown_psk_identity");
        // Malformed options are refused before anything is sent.
        Cli bad = new Cli("client", "127.0.0.1:" + port, "--psk", "no-key-here");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.expect(bad.err, "dtlsj client:")).contains("IDENTITY:HEX");
    }

    @Test
    void reconnectResumesTheSession() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo", "--alpn", "h2,coap");
        int port = serverPort(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--reconnect", "--linger", "1000", "--alpn", "coap,h2");
        client.write("after reconnect\n");
        client.process.getOutputStream().close();
        assertThat(client.expect(client.err, "connected")).endsWith("x25519 alpn=h2");
        assertThat(client.expect(client.err, "reconnect:")).isEqualTo("reconnect: session resumed");
        assertThat(client.expect(client.err, "connected")).endsWith("resumed alpn=h2");
        assertThat(client.expect(client.out, "after")).isEqualTo("after reconnect");
        assertThat(client.exit()).isZero();
        assertThat(server.expect(server.err, "connected")).endsWith("x25519 alpn=h2");
        assertThat(server.expect(server.err, "connected")).endsWith("resumed alpn=h2");
    }

    @Test
    void renegotiationOnRequestAsInSClient() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo");
        int port = serverPort(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--linger", "2000");
        client.write("before\n");
        assertThat(client.expect(client.out, "before")).isEqualTo("before");
        client.write("R\nduring\n");
        assertThat(client.expect(client.err, "renegotiat")).isEqualTo("renegotiating");
        assertThat(client.expect(client.err, "renegotiated")).startsWith("renegotiated DTLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertThat(client.expect(client.out, "during")).isEqualTo("during");
        client.write("after\n");
        assertThat(client.expect(client.out, "after")).isEqualTo("after");
        assertThat(server.expect(server.err, "renegotiated")).startsWith("renegotiated /127.0.0.1:");
        client.process.getOutputStream().close();
        assertThat(client.exit()).isZero();

        // A server that refuses: the client says so, and the session goes on.
        Cli refusing = new Cli("server", "--port", "0", "--echo", "--no-renegotiation");
        int port2 = serverPort(refusing);
        Cli again = new Cli("client", "127.0.0.1:" + port2, "--insecure", "--linger", "1000");
        again.write("R\nstill\n");
        assertThat(again.expect(again.err, "renegotiation failed")).contains("no_renegotiation");
        assertThat(again.expect(again.out, "still")).isEqualTo("still");
        again.process.getOutputStream().close();
        assertThat(again.exit()).isZero();
    }

    @Test
    void sctpServerAndClientOverUserlandSctp() throws Exception {
        if (!org.dtlsj.sctp.usrsctp.UsrsctpStack.isAvailable()) {
            String why = org.dtlsj.sctp.usrsctp.UsrsctpStack.unavailableReason();
            if ("1".equals(System.getenv("DTLSJ_REQUIRE_USRSCTP"))) throw new AssertionError("DTLSJ_REQUIRE_USRSCTP=1 but " + why);
            org.junit.jupiter.api.Assumptions.abort("--sctp skipped: " + why);
        }
        Cli server = new Cli("server", "--sctp", "--port", "0", "--echo");
        int port = serverPort(server);
        Cli client = new Cli("client", "--sctp", "127.0.0.1:" + port, "--insecure", "--linger", "2000", "--sctp-stream", "3");
        assertThat(client.expect(client.err, "connected")).startsWith("connected sctp DTLSv1.2 ");
        client.write("over sctp\nR\n");
        assertThat(client.expect(client.out, "over")).isEqualTo("over sctp");
        assertThat(client.expect(client.err, "renegotiated")).startsWith("renegotiated DTLSv1.2");
        client.write("after\n");
        assertThat(client.expect(client.out, "after")).isEqualTo("after");
        client.process.getOutputStream().close();
        assertThat(client.exit()).isZero();
        assertThat(server.expect(server.err, "connected")).startsWith("connected sctp");
    }

    @Test
    void dtls10WhenBothAskForIt() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo", "--dtls", "1.0-1.2");
        int port = serverPort(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--dtls", "1.0", "--linger", "1000");
        client.write("old times\n");
        client.process.getOutputStream().close();
        assertThat(client.expect(client.err, "connected")).startsWith("connected DTLSv1 TLS_ECDHE_ECDSA_WITH_AES_");
        assertThat(client.expect(client.out, "old")).isEqualTo("old times");
        assertThat(client.exit()).isZero();
        Cli bad = new Cli("client", "127.0.0.1:" + port, "--insecure", "--dtls", "1.1");
        assertThat(bad.exit()).isEqualTo(2);
    }

    @Test
    void rawPublicKeysBothWays(@TempDir Path dir) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair server = g.generateKeyPair();
        java.security.KeyPair client = g.generateKeyPair();
        Path serverKey = dir.resolve("server-key.pem");
        Path clientKey = dir.resolve("client-key.pem");
        Files.writeString(serverKey, PemFiles.toPem(server) + PemFiles.toPem(server.getPublic()));
        Files.writeString(clientKey, PemFiles.toPem(client) + PemFiles.toPem(client.getPublic()));
        Path serverPub = dir.resolve("server-pub.pem");
        Path clientPub = dir.resolve("client-pub.pem");
        Files.writeString(serverPub, PemFiles.toPem(server.getPublic()));
        Files.writeString(clientPub, PemFiles.toPem(client.getPublic()));
        Cli srv = new Cli("server", "--port", "0", "--echo", "--rpk", "--key", serverKey.toString(),
                "--peer-key", clientPub.toString(), "--verify-client");
        int port = serverPort(srv);
        assertThat(srv.expect(srv.err, "no certificate")).contains("raw public key");
        Cli cli = new Cli("client", "127.0.0.1:" + port, "--rpk", "--key", clientKey.toString(), "--peer-key", serverPub.toString(),
                "--linger", "1000");
        cli.write("raw keys\n");
        cli.process.getOutputStream().close();
        assertThat(cli.expect(cli.err, "connected")).contains("peer_rpk=");
        assertThat(cli.expect(cli.out, "raw")).isEqualTo("raw keys");
        assertThat(cli.exit()).isZero();
        assertThat(srv.expect(srv.err, "connected")).contains("peer_rpk=");
        // A client that trusts another key is refused.
        Cli stranger = new Cli("client", "127.0.0.1:" + port, "--rpk", "--peer-key", clientPub.toString());
        stranger.process.getOutputStream().close();
        assertThat(stranger.exit()).isEqualTo(1);
        assertThat(stranger.expect(stranger.err, "dtlsj client: handshake failed")).contains("certificate rejected");
    }

    @Test
    void untrustedServerIsRejectedWithAReason(@TempDir Path dir) throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.generate("other", List.of("localhost"), java.time.Duration.ofDays(1));
        Path ca = dir.resolve("other.pem");
        Files.writeString(ca, PemFiles.toPem(other.certificate()));
        Cli server = new Cli("server", "--port", "0", "--echo");
        int port = serverPort(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--cafile", ca.toString());
        client.process.getOutputStream().close();
        assertThat(client.exit()).isEqualTo(1);
        assertThat(client.expect(client.err, "dtlsj client: handshake failed")).contains("certificate rejected");
    }

    @Test
    void silentServerTimesOut() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--timeout", "3");
        client.process.getOutputStream().close();
        assertThat(client.exit()).isEqualTo(1);
        assertThat(client.expect(client.err, "dtlsj client: handshake failed")).contains("timeout");
    }

    @Test
    void heartbeatsBothWays() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo", "--heartbeat", "1");
        int port = serverPort(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--heartbeat", "1");
        assertThat(client.expect(client.out, "heartbeat rtt=")).matches("heartbeat rtt=[0-9]+\\.[0-9]{3} ms");
        assertThat(server.expect(server.out, "heartbeat rtt=")).matches("heartbeat rtt=[0-9]+\\.[0-9]{3} ms");
        client.process.getOutputStream().close();
        assertThat(client.exit()).isZero();
    }

    @Test
    void pathMtuOverLoopback() throws Exception {
        Cli server = new Cli("server", "--port", "0", "--echo");
        int port = serverPort(server);
        // Loopback carries 65,535 bytes; the search stops at the ceiling asked for.
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--pmtu", "--pmtu-max", "1472");
        String line = client.expect(client.out, "pmtu=");
        assertThat(Integer.parseInt(line.substring(5))).isBetween(1464, 1472);
        client.process.getOutputStream().close();
        assertThat(client.exit()).isZero();
    }

    @Test
    void sequentialHandshakes() throws Exception {
        Cli server = new Cli("server", "--port", "0");
        int port = serverPort(server);
        Cli client = new Cli("client", "127.0.0.1:" + port, "--insecure", "--handshakes", "20");
        assertThat(client.expect(client.out, "handshakes=")).matches("handshakes=20 seconds=[0-9.]+ rate=[0-9.]+/s");
        assertThat(client.exit()).isZero();
    }

    @Test
    void demoRunsAndShowsTheProtocol() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = Main.run("demo");
        } finally {
            System.setOut(saved);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("ClientHello (seq 0").contains("HelloVerifyRequest").contains("ClientHello (seq 1")
                .contains("loses server datagram").contains("retransmitting").contains("echoed: \"hello, datagram world\"")
                .contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").contains("close_notify");
    }
}
