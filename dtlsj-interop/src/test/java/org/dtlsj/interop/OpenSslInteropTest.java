package org.dtlsj.interop;

import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.OpenSslProcesses.WireTap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.config.KeyExchangeAlgorithm;
import org.dtlsj.engine.Tracer;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.dtlsj.interop.peers.LossyRelay;
import org.dtlsj.interop.peers.TestPki;
import org.dtlsj.wire.HandshakeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * dtlsj's engine against the OpenSSL command line over loopback UDP, in both roles.
 *
 * <ul>
 *   <li>dtlsj client &rarr; {@code openssl s_server -dtls1_2}: ECDSA P-256; a 2048-bit RSA chain (leaf +
 *       intermediate) at a 500-byte MTU on both sides, checked on the wire through a relay; client
 *       authentication ({@code -Verify 1 -CAfile}); {@code -listen}'s stateless cookie exchange; every suite.</li>
 *   <li>{@code openssl s_client -dtls1_2} &rarr; dtlsj echo server: the same variants (dtlsj's server always
 *       does the cookie exchange), client certificates from {@code -cert/-key[/-cert_chain]}; every suite.</li>
 * </ul>
 *
 * <p>{@code s_server} does not echo: it prints what it receives on standard output and sends what it reads
 * on standard input, so the test writes lines into its stdin and reads its stdout. {@code s_client} sends
 * each stdin line, newline included, as one record and prints what it receives. Lines never start with
 * the letters the two commands treat as commands (Q, q, R, r, k, K, c, B, P, S).
 *
 * <p>{@link #dtlsjServerInitialServerHelloTakesClientHelloRecordSequence()} fails on purpose while dtlsj's
 * server gives its initial ServerHello record sequence number 0 instead of the ClientHello's (RFC 6347
 * §4.2.1); the other s_client cases still pass, each after a 1 s retransmission stall that bug causes.
 *
 * <p>Skipped only when no {@code openssl} binary exists; CI installs it.
 */
class OpenSslInteropTest {
    /** Upper bound for any single wait. */
    static final Duration WAIT = Duration.ofSeconds(20);
    static final int MTU = 500;

    @TempDir
    static Path pki;
    static String openssl;
    static String stdbuf;

    private final List<OpenSslCli> processes = new ArrayList<>();

    @BeforeAll
    static void writePki() throws IOException {
        openssl = executable("openssl", "/usr/bin/openssl");
        Assumptions.assumeTrue(openssl != null,
                "skipped: the 'openssl' command is not installed (neither /usr/bin/openssl nor on PATH); CI installs it");
        stdbuf = executable("stdbuf", "/usr/bin/stdbuf");
        write("ec-server", TestPki.ecServer());
        write("rsa-server", TestPki.rsaServer());
        write("ec-client", TestPki.ecClient());
        write("rsa-client", TestPki.rsaClient());
        TestPki.writeCertChainPem(pki.resolve("roots.pem"), TestPki.roots());
    }

    /** {@code name-cert.pem} (leaf), {@code name-chain.pem} (intermediates, if any), {@code name-key.pem}. */
    static void write(String name, Credential c) throws IOException {
        TestPki.writeCertChainPem(pki.resolve(name + "-cert.pem"), c.chain().subList(0, 1));
        if (c.chain().size() > 1) {
            TestPki.writeCertChainPem(pki.resolve(name + "-chain.pem"), c.chain().subList(1, c.chain().size()));
        }
        TestPki.writePkcs8KeyPem(pki.resolve(name + "-key.pem"), c.key());
    }

    static String executable(String name, String preferred) {
        if (Files.isExecutable(Path.of(preferred))) return preferred;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
        }
        return null;
    }

    static String file(String name) {
        return pki.resolve(name).toString();
    }

    @AfterEach
    void stopProcesses() {
        for (OpenSslCli p : processes) p.close();
        processes.clear();
    }

    OpenSslCli start(String role, List<String> args) throws IOException {
        OpenSslCli p = new OpenSslCli(role, args);
        processes.add(p);
        return p;
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    // ================================================================== dtlsj client -> s_server

    /** What a dtlsj client versus s_server case varies. */
    record ServerCase(String credential, List<String> extraArgs) {
    }

    /**
     * A running {@code s_server} on 127.0.0.1, bound to a port that was free a moment ago. Should another
     * process take that port in between, s_server exits without "ACCEPT" and another port is tried.
     */
    OpenSslCli startServer(ServerCase c) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int port = freeUdpPort();
            OpenSslCli server = startServer(c, port);
            String ready = server.await("ACCEPT (socket bound) or exit", l -> l.equals("ACCEPT"), true);
            if (ready != null) return server;
            if (attempt == 3 || !server.lines().stream().anyMatch(l -> l.contains("Address already in use") || l.contains("bind"))) {
                throw new AssertionError("openssl s_server did not start listening\n" + server.transcript());
            }
        }
    }

    OpenSslCli startServer(ServerCase c, int port) throws IOException {
        List<String> args = new ArrayList<>(List.of("s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-naccept", "1", "-cert", file(c.credential + "-cert.pem"), "-key", file(c.credential + "-key.pem")));
        if (Files.exists(pki.resolve(c.credential + "-chain.pem"))) {
            args.addAll(List.of("-cert_chain", file(c.credential + "-chain.pem")));
        }
        args.addAll(c.extraArgs);
        OpenSslCli server = start("s_server", args);
        server.port = port;
        // "ACCEPT" comes after the socket is bound (the caller waits for it): a datagram sent earlier
        // would draw an ICMP port-unreachable.
        return server;
    }

    /**
     * Moves application data both ways over an established dtlsj client / s_server association and
     * checks it byte for byte, then closes with close_notify and checks that s_server saw it.
     */
    static void exchangeWithServer(DtlsTestClient client, OpenSslCli server, String tag) throws Exception {
        // dtlsj -> s_server: one record per line; s_server writes each payload to stdout unchanged.
        List<String> toServer = List.of("hello from dtlsj " + tag, "hello again " + tag + " " + printable(300, tag.hashCode()));
        for (String line : toServer) {
            client.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
            server.await("the line dtlsj sent: " + abbreviate(line), l -> l.equals(line));
        }
        // s_server -> dtlsj: s_server sends what read() gets from its stdin, so lines may share a record.
        String fromServer = "hello from openssl " + tag + "\n" + "hello twice " + printable(200, ~tag.hashCode()) + "\n";
        server.write(fromServer);
        byte[] expected = fromServer.getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        while (got.size() < expected.length) {
            got.write(client.receive(WAIT));
        }
        assertThat(got.toByteArray()).as("bytes dtlsj received from s_server").isEqualTo(expected);
        // close_notify: s_server's SSL_read returns 0 (SSL_ERROR_ZERO_RETURN) and it prints DONE.
        client.close();
        server.await("DONE (s_server received dtlsj's close_notify)", l -> l.equals("DONE"));
    }

    /** The suite s_server reports ("CIPHER is ECDHE-ECDSA-AES128-GCM-SHA256"), as dtlsj's enum. */
    static CipherSuite serverReportedSuite(OpenSslCli server) throws InterruptedException {
        String line = server.await("CIPHER is ...", l -> l.startsWith("CIPHER is "));
        return byOpensslName(line.substring("CIPHER is ".length()).trim(), server);
    }

    static CipherSuite byOpensslName(String name, OpenSslCli p) {
        for (CipherSuite s : CipherSuite.values()) if (s.opensslName.equals(name)) return s;
        throw new AssertionError(p.role + " negotiated " + name + ", which dtlsj does not implement\n" + p.transcript());
    }

    /** Records the handshake messages a dtlsj connection sent and processed, and its engine events. */
    static final class HandshakeLog implements Tracer {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void handshake(Direction dir, HandshakeType type, int messageSeq, int length) {
            messages.add(dir + " " + type);
        }

        @Override
        public void event(String text) {
            events.add(text);
        }

        long count(Direction dir, HandshakeType type) {
            return messages.stream().filter(m -> m.equals(dir + " " + type)).count();
        }

        @Override
        public String toString() {
            return "messages " + messages + ", events " + events;
        }
    }

    static DtlsConfig.Builder clientConfig(HandshakeLog log) {
        return DtlsConfig.builder().trustAnchors(TestPki.roots()).tracer(log);
    }

    /** 1(a) ECDSA P-256 server; s_server also writes its NSS key log, which must match dtlsj's. */
    @Test
    void dtlsjClientToOpenSslServerWithEcdsaCertificate() throws Exception {
        Path keylog = pki.resolve("s_server-ecdsa.keylog");
        Files.deleteIfExists(keylog);
        List<String> ourKeyLog = new CopyOnWriteArrayList<>();
        HandshakeLog log = new HandshakeLog();
        OpenSslCli server = startServer(new ServerCase("ec-server", List.of("-keylogfile", keylog.toString())));
        DtlsConfig config = clientConfig(log).keyLog(ourKeyLog::add).build();
        try (DtlsTestClient client = connect(server.address(), config, server)) {
            CipherSuite theirs = serverReportedSuite(server);
            assertThat(client.cipherSuite()).as("dtlsj and s_server agree on the suite").isEqualTo(theirs.ianaName());
            // OpenSSL honours the client's order by default (no -serverpref): dtlsj's first ECDSA suite.
            assertThat(theirs).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
            assertThat(client.peerCertificates()).containsExactlyElementsOf(TestPki.ecServer().chain());
            // s_server sets SSL_OP_COOKIE_EXCHANGE on every DTLS-over-UDP connection, -listen or not:
            // dtlsj's first ClientHello draws a HelloVerifyRequest and is sent again with the cookie.
            assertThat(log.count(Tracer.Direction.SENT, HandshakeType.CLIENT_HELLO)).as("%s", log).isEqualTo(2);
            exchangeWithServer(client, server, "ecdsa");
        }
        List<String> lines = Files.readAllLines(keylog).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).as("s_server -keylogfile content").hasSize(1);
        assertThat(lines.get(0)).matches("CLIENT_RANDOM [0-9a-fA-F]{64} [0-9a-fA-F]{96}");
        assertThat(ourKeyLog).as("dtlsj's key log").hasSize(1);
        assertThat(lines.get(0).toLowerCase(Locale.ROOT)).as("s_server's key log line equals dtlsj's")
                .isEqualTo(ourKeyLog.get(0).trim().toLowerCase(Locale.ROOT));
    }

    /**
     * 1(b) RSA 2048 leaf + intermediate with {@code -mtu 500} at s_server and {@code mtu(500)} at dtlsj:
     * the server's Certificate (about 1.7 KB) must arrive in several fragments and no datagram, either
     * way, may exceed 500 bytes. A relay between the two sees every datagram.
     */
    @Test
    void dtlsjClientToOpenSslServerWithRsaChainAtMtu500() throws Exception {
        HandshakeLog log = new HandshakeLog();
        OpenSslCli server = startServer(new ServerCase("rsa-server", List.of("-mtu", String.valueOf(MTU))));
        WireTap tap = new WireTap();
        try (LossyRelay relay = LossyRelay.start(server.address(), tap);
             DtlsTestClient client = connect(relay.address(), clientConfig(log).mtu(MTU).build(), server)) {
            CipherSuite theirs = serverReportedSuite(server);
            assertThat(client.cipherSuite()).isEqualTo(theirs.ianaName());
            assertThat(theirs.keyExchange).isEqualTo(KeyExchangeAlgorithm.ECDHE_RSA);
            assertThat(client.peerCertificates()).as("leaf and intermediate from -cert/-cert_chain")
                    .containsExactlyElementsOf(TestPki.rsaServer().chain());
            exchangeWithServer(client, server, "rsa-mtu");
        }
        tap.assertAllDatagramsAtMost(MTU);
        tap.assertFragmented(LossyRelay.Direction.SERVER_TO_CLIENT, HandshakeType.CERTIFICATE, MTU);
    }

    /** 1(c) client authentication: s_server {@code -Verify 1 -CAfile roots.pem} requires dtlsj's ECDSA certificate. */
    @Test
    void dtlsjClientAuthenticatesToOpenSslServer() throws Exception {
        HandshakeLog log = new HandshakeLog();
        OpenSslCli server = startServer(new ServerCase("ec-server", List.of("-Verify", "1", "-CAfile", file("roots.pem"))));
        Credential me = TestPki.ecClient();
        DtlsConfig config = clientConfig(log).credentials(me.key(), me.chain()).build();
        try (DtlsTestClient client = connect(server.address(), config, server)) {
            serverReportedSuite(server);
            assertThat(log.count(Tracer.Direction.RECEIVED, HandshakeType.CERTIFICATE_REQUEST)).isEqualTo(1);
            assertThat(log.count(Tracer.Direction.SENT, HandshakeType.CERTIFICATE_VERIFY)).isEqualTo(1);
            // s_server prints the verified client certificate's subject after the handshake.
            server.await("s_server's 'Client certificate' block", l -> l.equals("Client certificate"));
            server.await("the client's subject", l -> l.startsWith("subject=") && l.contains("dtlsj test ECDSA client"));
            exchangeWithServer(client, server, "client-auth");
        }
        assertThat(server.lines()).as("s_server output").noneMatch(l -> l.contains("verify error"));
    }

    /** 1(c), negative: without a certificate dtlsj must get s_server's fatal alert, not hang. */
    @Test
    void dtlsjClientWithoutCertificateIsRefusedByOpenSslServer() throws Exception {
        HandshakeLog log = new HandshakeLog();
        OpenSslCli server = startServer(new ServerCase("ec-server", List.of("-Verify", "1", "-CAfile", file("roots.pem"))));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> DtlsjUdpPeer.connect(server.address(), clientConfig(log).build(), "localhost", WAIT).close())
                .as(() -> "dtlsj client without certificate against s_server -Verify 1\n" + server.transcript())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("handshake_failure");
        // RFC 5246 §7.4.6: a client without a suitable certificate sends an empty Certificate message.
        assertThat(log.count(Tracer.Direction.SENT, HandshakeType.CERTIFICATE)).as("%s", log).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the alert ends the handshake at once").isLessThan(Duration.ofSeconds(5));
        server.await("s_server's reason", l -> l.contains("peer did not return a certificate"));
    }

    /**
     * 1(d) {@code -listen}: s_server answers the first ClientHello with a stateless HelloVerifyRequest
     * (DTLSv1_listen) and dtlsj must send its ClientHello again with that cookie (RFC 6347 §4.2.1).
     * Checked on the wire: dtlsj's tracer does not report a received HelloVerifyRequest.
     */
    @Test
    void dtlsjClientThroughOpenSslListenCookieExchange() throws Exception {
        HandshakeLog log = new HandshakeLog();
        OpenSslCli server = startServer(new ServerCase("ec-server", List.of("-listen")));
        WireTap tap = new WireTap();
        try (LossyRelay relay = LossyRelay.start(server.address(), tap);
             DtlsTestClient client = connect(relay.address(), clientConfig(log).build(), server)) {
            assertThat(client.cipherSuite()).isEqualTo(serverReportedSuite(server).ianaName());
            exchangeWithServer(client, server, "listen");
        }
        List<WireTap.Fragment> hvr = tap.messages(LossyRelay.Direction.SERVER_TO_CLIENT, HandshakeType.HELLO_VERIFY_REQUEST);
        assertThat(hvr).as("HelloVerifyRequest from s_server -listen; datagrams:%s", tap.sizes()).hasSize(1);
        byte[] hvrBody = hvr.get(0).body();
        // HelloVerifyRequest: server_version (2), cookie<0..2^8-1>.
        byte[] cookie = java.util.Arrays.copyOfRange(hvrBody, 3, 3 + (hvrBody[2] & 0xff));
        assertThat(cookie).as("s_server's cookie").isNotEmpty();
        List<WireTap.Fragment> hellos = tap.messages(LossyRelay.Direction.CLIENT_TO_SERVER, HandshakeType.CLIENT_HELLO);
        assertThat(hellos).as("ClientHello without and with the cookie").hasSize(2);
        assertThat(WireTap.clientHelloCookie(hellos.get(0).body())).isEmpty();
        assertThat(WireTap.clientHelloCookie(hellos.get(1).body())).as("the cookie dtlsj echoed").isEqualTo(cookie);
        assertThat(hellos.get(1).messageSeq()).as("RFC 6347 §4.2.2: the second ClientHello has message_seq 1").isEqualTo(1);
        // OpenSSL keeps RFC 6347 §4.2.1's rule that dtlsj's server breaks (see the test below).
        List<WireTap.Fragment> serverHello = tap.messages(LossyRelay.Direction.SERVER_TO_CLIENT, HandshakeType.SERVER_HELLO);
        assertThat(serverHello.get(0).recordSeq()).as("s_server's ServerHello record sequence number")
                .isEqualTo(hellos.get(1).recordSeq());
        assertThat(log.count(Tracer.Direction.SENT, HandshakeType.CLIENT_HELLO)).as("%s", log).isEqualTo(2);
    }

    /** Each suite dtlsj implements, offered alone by dtlsj, against s_server with the matching certificate. */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, mode = EnumSource.Mode.MATCH_NONE, names = ".*_PSK_.*") // PSK: OpenSslPskInteropTest
    void dtlsjClientToOpenSslServerWithEachSuite(CipherSuite suite) throws Exception {
        String cred = suite.keyExchange == KeyExchangeAlgorithm.ECDHE_ECDSA ? "ec-server" : "rsa-server";
        // OpenSSL 3.0's DEFAULT cipher list leaves out AES-CCM: name the suite to s_server.
        OpenSslCli server = startServer(new ServerCase(cred, List.of("-cipher", suite.opensslName)));
        DtlsConfig config = clientConfig(new HandshakeLog()).cipherSuites(List.of(suite)).build();
        try (DtlsTestClient client = connect(server.address(), config, server)) {
            assertThat(serverReportedSuite(server)).isEqualTo(suite);
            assertThat(client.cipherSuite()).isEqualTo(suite.ianaName());
            exchangeWithServer(client, server, suite.opensslName);
        }
    }

    /** Connects dtlsj to s_server, attaching s_server's output to a failure. */
    static DtlsTestClient connect(InetSocketAddress to, DtlsConfig config, OpenSslCli server) {
        try {
            return DtlsjUdpPeer.connect(to, config, "localhost", WAIT);
        } catch (Exception e) {
            throw new AssertionError("dtlsj client handshake with openssl s_server failed: " + e
                    + (config.tracer() != null ? "\ndtlsj trace: " + config.tracer() : "")
                    + "\n" + server.transcript(), e);
        }
    }

    // ================================================================== s_client -> dtlsj echo server

    /** A dtlsj echo server's configuration with {@code c} as its credential. */
    static DtlsConfig.Builder serverConfig(Credential c, HandshakeLog log) {
        return DtlsConfig.builder().credentials(c.key(), c.chain()).trustAnchors(TestPki.roots()).tracer(log);
    }

    /** s_client against {@code target}, verifying the server's chain and name against roots.pem. */
    OpenSslCli startClient(InetSocketAddress target, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("s_client", "-dtls1_2",
                "-connect", target.getAddress().getHostAddress() + ":" + target.getPort(),
                "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", file("roots.pem"),
                "-verify_return_error", "-nocommands"));
        args.addAll(extra);
        return start("s_client", args);
    }

    /**
     * Waits for s_client's handshake and verification, checks the suite on both sides, echoes lines
     * through the dtlsj server, then ends s_client's input so it sends close_notify.
     */
    static CipherSuite echoThroughServer(OpenSslCli client, DtlsTestServer server, HandshakeLog log, String tag) throws Exception {
        try {
            server.awaitHandshake(WAIT);
        } catch (Exception e) {
            throw new AssertionError("dtlsj server handshake with openssl s_client failed: " + e + " / " + server.failure()
                    + "\ndtlsj trace: " + log + "\n" + client.transcript(), e);
        }
        client.await("s_client verified dtlsj's chain", l -> l.trim().equals("Verify return code: 0 (ok)"));
        client.await("Protocol DTLSv1.2", l -> l.matches("\\s*Protocol\\s*:\\s*DTLSv1\\.2\\s*"));
        Matcher m = Pattern.compile("Cipher is (\\S+)").matcher(client.await("Cipher is ...", l -> l.contains("Cipher is ")));
        assertThat(m.find()).isTrue();
        CipherSuite suite = byOpensslName(m.group(1), client);
        assertThat(server.cipherSuite()).as("dtlsj server and s_client agree on the suite").isEqualTo(suite.ianaName());
        // dtlsj's server always does the cookie exchange, statelessly (RFC 6347 §4.2.1).
        assertThat(log.events).as("dtlsj server trace").anyMatch(e -> e.contains("HelloVerifyRequest sent"));
        assertThat(log.count(Tracer.Direction.RECEIVED, HandshakeType.CLIENT_HELLO))
                .as("ClientHello processed once, the one with the cookie; %s", log).isEqualTo(1);

        // s_client sends each stdin line, with its "\n", as one record; the echo comes back as one line.
        List<String> lines = List.of("hello from s_client " + tag, "hello more " + printable(300, tag.hashCode()));
        int n = 0;
        for (String line : lines) {
            client.write(line + "\n");
            client.await("the echo of " + abbreviate(line), l -> l.equals(line));
            n++;
            assertThat(server.echoedRecords()).as("one record per stdin line").isEqualTo(n);
        }
        client.closeStdin(); // end of input: s_client sends close_notify and exits
        assertThat(server.awaitCloseNotify(WAIT)).as("close_notify from s_client\n%s", client.transcript()).isTrue();
        assertThat(client.awaitExit()).as("s_client exit status\n%s", client.transcript()).isZero();
        assertThat(server.failure()).isNull();
        return suite;
    }

    /** 2(a) ECDSA server; s_client writes its key log, which must hold dtlsj's CLIENT_RANDOM line. */
    @Test
    void openSslClientToDtlsjServerWithEcdsaCertificate() throws Exception {
        Path keylog = pki.resolve("s_client-ecdsa.keylog");
        Files.deleteIfExists(keylog);
        List<String> ourKeyLog = new CopyOnWriteArrayList<>();
        HandshakeLog log = new HandshakeLog();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(serverConfig(TestPki.ecServer(), log).keyLog(ourKeyLog::add).build())) {
            OpenSslCli client = startClient(server.address(), List.of("-keylogfile", keylog.toString()));
            CipherSuite suite = echoThroughServer(client, server, log, "ecdsa");
            assertThat(suite.keyExchange).isEqualTo(KeyExchangeAlgorithm.ECDHE_ECDSA);
            assertThat(server.peerCertificates()).isEmpty();
        }
        List<String> lines = Files.readAllLines(keylog).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).as("s_client -keylogfile content").hasSize(1);
        assertThat(lines.get(0)).matches("CLIENT_RANDOM [0-9a-fA-F]{64} [0-9a-fA-F]{96}");
        assertThat(ourKeyLog).hasSize(1);
        assertThat(lines.get(0).toLowerCase(Locale.ROOT)).isEqualTo(ourKeyLog.get(0).trim().toLowerCase(Locale.ROOT));
    }

    /** 2(b) RSA leaf + intermediate at MTU 500 on both sides: dtlsj's Certificate is fragmented on the wire. */
    @Test
    void openSslClientToDtlsjServerWithRsaChainAtMtu500() throws Exception {
        HandshakeLog log = new HandshakeLog();
        WireTap tap = new WireTap();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(serverConfig(TestPki.rsaServer(), log).mtu(MTU).build());
             LossyRelay relay = LossyRelay.start(server.address(), tap)) {
            OpenSslCli client = startClient(relay.address(), List.of("-mtu", String.valueOf(MTU)));
            CipherSuite suite = echoThroughServer(client, server, log, "rsa-mtu");
            assertThat(suite.keyExchange).isEqualTo(KeyExchangeAlgorithm.ECDHE_RSA);
            // s_client lists the chain dtlsj sent: depth 0 the leaf, depth 1 the intermediate.
            assertThat(client.lines()).as("s_client output").anyMatch(l -> l.matches("\\s*1 s:.*dtlsj test RSA intermediate CA.*"));
        }
        tap.assertAllDatagramsAtMost(MTU);
        tap.assertFragmented(LossyRelay.Direction.SERVER_TO_CLIENT, HandshakeType.CERTIFICATE, MTU);
    }

    /** 2(c) s_client presents an ECDSA certificate ({@code -cert/-key}); dtlsj's server needs one. */
    @Test
    void openSslClientAuthenticatesToDtlsjServer() throws Exception {
        HandshakeLog log = new HandshakeLog();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(serverConfig(TestPki.ecServer(), log).clientAuth(ClientAuth.NEED).build())) {
            OpenSslCli client = startClient(server.address(),
                    List.of("-cert", file("ec-client-cert.pem"), "-key", file("ec-client-key.pem")));
            echoThroughServer(client, server, log, "client-auth");
            // With -cert but no -cert_chain, OpenSSL builds the chain from its -CAfile store and sends the
            // self-signed root too (RFC 5246 §7.4.2 lets it be omitted, not forbids it).
            List<X509Certificate> sent = server.peerCertificates();
            assertThat(sent).as("the chain s_client sent").isIn(TestPki.ecClient().chain(), List.of(TestPki.ecClient().leaf(), TestPki.ecRoot()));
            assertThat(log.count(Tracer.Direction.RECEIVED, HandshakeType.CERTIFICATE_VERIFY)).isEqualTo(1);
        }
    }

    /** 2(c) with an RSA leaf + intermediate from {@code -cert/-cert_chain}, at MTU 500 so it fragments too. */
    @Test
    void openSslClientAuthenticatesWithRsaChainAtMtu500() throws Exception {
        HandshakeLog log = new HandshakeLog();
        WireTap tap = new WireTap();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(serverConfig(TestPki.ecServer(), log)
                        .clientAuth(ClientAuth.NEED).mtu(MTU).build());
             LossyRelay relay = LossyRelay.start(server.address(), tap)) {
            OpenSslCli client = startClient(relay.address(), List.of("-mtu", String.valueOf(MTU),
                    "-cert", file("rsa-client-cert.pem"), "-cert_chain", file("rsa-client-chain.pem"),
                    "-key", file("rsa-client-key.pem")));
            echoThroughServer(client, server, log, "rsa-client");
            List<X509Certificate> theirs = server.peerCertificates();
            assertThat(theirs).containsExactlyElementsOf(TestPki.rsaClient().chain());
        }
        tap.assertAllDatagramsAtMost(MTU);
        tap.assertFragmented(LossyRelay.Direction.CLIENT_TO_SERVER, HandshakeType.CERTIFICATE, MTU);
    }

    /**
     * RFC 6347 §4.2.1: "In order to avoid sequence number duplication in case of multiple cookie
     * exchanges, the server MUST use the record sequence number in the ClientHello as the record
     * sequence number in its initial ServerHello." A server that starts its stateful records at 0
     * repeats the HelloVerifyRequest's record sequence number 0; OpenSSL's replay check
     * (RFC 6347 §4.1.2.6) then discards the ServerHello and the handshake stalls until a retransmission
     * timer fires (1 s by default) on a lossless loopback.
     */
    @Test
    void dtlsjServerInitialServerHelloTakesClientHelloRecordSequence() throws Exception {
        HandshakeLog log = new HandshakeLog();
        WireTap tap = new WireTap();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(serverConfig(TestPki.ecServer(), log).build());
             LossyRelay relay = LossyRelay.start(server.address(), tap)) {
            OpenSslCli client = startClient(relay.address(), List.of());
            echoThroughServer(client, server, log, "record-seq");
        }
        List<WireTap.Fragment> hvr = tap.messages(LossyRelay.Direction.SERVER_TO_CLIENT, HandshakeType.HELLO_VERIFY_REQUEST);
        List<WireTap.Fragment> hellos = tap.messages(LossyRelay.Direction.CLIENT_TO_SERVER, HandshakeType.CLIENT_HELLO);
        List<WireTap.Fragment> serverHellos = tap.messages(LossyRelay.Direction.SERVER_TO_CLIENT, HandshakeType.SERVER_HELLO);
        assertThat(hvr).isNotEmpty();
        assertThat(hellos).hasSizeGreaterThanOrEqualTo(2);
        assertThat(serverHellos).isNotEmpty();
        assertThat(hvr.get(0).recordSeq()).as("HelloVerifyRequest record sequence number = first ClientHello's (RFC 6347 §4.2.1)")
                .isEqualTo(hellos.get(0).recordSeq());
        long expected = hellos.get(1).recordSeq();
        long actual = serverHellos.get(0).recordSeq();
        if (actual != expected) {
            fail("dtlsj server bug, RFC 6347 §4.2.1: \"the server MUST use the record sequence number in the ClientHello as the"
                    + " record sequence number in its initial ServerHello\". The ClientHello with the cookie had record sequence "
                    + expected + " but dtlsj's initial ServerHello went out with " + actual + ", which its HelloVerifyRequest (record "
                    + hvr.get(0).recordSeq() + ") had already used: OpenSSL's s_client drops that ServerHello as a replay, so every"
                    + " handshake with it waits for a retransmission timer. dtlsj events: " + log.events
                    + "\nrecords on the wire:" + tap.records());
        }
        assertThat(log.events).as("no retransmission needed on a lossless loopback").noneMatch(e -> e.startsWith("timer expired"));
    }

    /** Each suite dtlsj implements, as the only one s_client offers ({@code -cipher}). */
    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, mode = EnumSource.Mode.MATCH_NONE, names = ".*_PSK_.*") // PSK: OpenSslPskInteropTest
    void openSslClientToDtlsjServerWithEachSuite(CipherSuite suite) throws Exception {
        Credential cred = suite.keyExchange == KeyExchangeAlgorithm.ECDHE_ECDSA ? TestPki.ecServer() : TestPki.rsaServer();
        HandshakeLog log = new HandshakeLog();
        // dtlsj's default suites leave out AES-CCM, as OpenSSL's do: enable every suite.
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(serverConfig(cred, log)
                .cipherSuites(List.of(CipherSuite.values())).build())) {
            OpenSslCli client = startClient(server.address(), List.of("-cipher", suite.opensslName));
            assertThat(echoThroughServer(client, server, log, suite.opensslName)).isEqualTo(suite);
        }
    }

    // ================================================================== helpers

    /** Deterministic printable ASCII (letters, digits, "-_.:"; no spaces) of {@code n} characters. */
    static String printable(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...(" + s.length() + " chars)";
    }
}
