package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.examples.SeedClient;
import org.dtlsj.examples.SeedSelectClient;
import org.dtlsj.examples.SeedServer;
import org.dtlsj.interop.peers.LossyRelay;
import org.dtlsj.interop.peers.TestPki;
import org.dtlsj.openssl.Bio;
import org.dtlsj.openssl.BioClose;
import org.dtlsj.openssl.BioCtrl;
import org.dtlsj.openssl.DtlsMethod;
import org.dtlsj.openssl.FileType;
import org.dtlsj.openssl.Ssl;
import org.dtlsj.openssl.SslCtx;
import org.dtlsj.openssl.SslOptions;
import org.dtlsj.openssl.SslError;
import org.dtlsj.openssl.VerifyMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenSSL-style API: the seed's programs (ported in dtlsj-examples) against each other and
 * against the OpenSSL command line, and every {@link SslError} a datagram connection can produce.
 */
class OpenSslStyleApiTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;
    static Path ca;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void pem() throws IOException {
        cert = dir.resolve("server-chain.pem");
        key = dir.resolve("server-key.pem");
        ca = dir.resolve("roots.pem");
        TestPki.writeCertChainPem(cert, TestPki.ecServer().chain());
        TestPki.writePkcs8KeyPem(key, TestPki.ecServer().key());
        TestPki.writeCertChainPem(ca, TestPki.roots());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) c.close();
    }

    SeedServer seedServer() throws IOException {
        SeedServer s = new SeedServer(new InetSocketAddress("127.0.0.1", 0), cert, key);
        Thread.ofPlatform().daemon(true).start(s);
        cleanup.add(s::stop);
        return s;
    }

    @Test
    void seedClientAndSeedServer() throws Exception {
        SeedServer s = seedServer();
        assertThat(SeedClient.exchange(s.address(), ca, List.of("one", "two", "three"))).containsExactly("one", "two", "three");
        // A second client while the first one's thread may still run: listen serves the next.
        assertThat(SeedClient.exchange(s.address(), ca, List.of("again"))).containsExactly("again");
    }

    @Test
    void selectLoopClientRecoversLossWithItsTimers() throws Exception {
        SeedServer s = seedServer();
        // Lose the server's first flight after the cookie exchange: the client's timer must fire.
        LossyRelay relay = LossyRelay.start(s.address(),
                (direction, index, datagram) -> direction == LossyRelay.Direction.SERVER_TO_CLIENT && index == 2);
        cleanup.add(relay);
        SeedSelectClient.timeoutsHandled = 0;
        assertThat(SeedSelectClient.exchange(relay.address(), ca, List.of("through loss"))).containsExactly("through loss");
        assertThat(SeedSelectClient.timeoutsHandled).as("dtlsHandleTimeout fired").isGreaterThanOrEqualTo(1);
        assertThat(relay.dropped()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ against the OpenSSL command line

    Process openssl(BlockingQueue<String> lines, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-o0", "openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        cleanup.add(p::destroyForcibly);
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

    static String await(BlockingQueue<String> lines, String fragment) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < until) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l == null) continue;
            seen.add(l);
            if (l.contains(fragment)) return l;
        }
        throw new AssertionError("never saw '" + fragment + "' in " + seen);
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void sslClientAgainstOpensslServer() throws Exception {
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process server = openssl(lines, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
                "-key", key.toString(), "-listen");
        await(lines, "ACCEPT");
        Ssl ssl = verifyingClient(new InetSocketAddress("127.0.0.1", port));
        Bio bio = ssl.getRbio();
        assertThat(ssl.connect()).as(ssl.lastErrorString()).isEqualTo(1);
        assertThat(ssl.getVersion()).isEqualTo("DTLSv1.2");
        assertThat(ssl.getCurrentCipher()).startsWith("TLS_ECDHE_ECDSA_WITH_");
        assertThat(ssl.getPeerCertificate()).isEqualTo(TestPki.ecServer().chain().get(0));
        byte[] hello = "hello openssl\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ssl.write(hello, 0, hello.length)).isEqualTo(hello.length);
        await(lines, "hello openssl");
        OutputStream in = server.getOutputStream();
        in.write("hello ssl api\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        byte[] buf = new byte[100];
        int n = ssl.read(buf, 0, buf.length);
        assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("hello ssl api\n");
        assertThat(ssl.shutdown()).isZero();
        bio.free();
    }

    @Test
    void sslRenegotiateAndDoHandshakeAgainstOpensslServer() throws Exception {
        int port = freePort();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        openssl(lines, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
                "-key", key.toString(), "-client_renegotiation");
        await(lines, "ACCEPT");
        Ssl ssl = verifyingClient(new InetSocketAddress("127.0.0.1", port));
        Bio bio = ssl.getRbio();
        assertThat(ssl.connect()).as(ssl.lastErrorString()).isEqualTo(1);
        assertThat(ssl.getSecureRenegotiationSupport()).isEqualTo(1);
        byte[] before = "before renegotiation\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ssl.write(before, 0, before.length)).isEqualTo(before.length);
        await(lines, "before renegotiation");
        byte[] keys = new byte[16];
        assertThat(ssl.exportKeyingMaterial(keys, "EXPERIMENTAL-dtlsj", null, false)).isEqualTo(1);
        // SSL_renegotiate, then SSL_do_handshake until it is done (OpenSSL's pattern).
        assertThat(ssl.renegotiate()).isEqualTo(1);
        assertThat(ssl.renegotiatePending()).isEqualTo(1);
        assertThat(ssl.doHandshake()).as(ssl.lastErrorString()).isEqualTo(1);
        assertThat(ssl.renegotiatePending()).isZero();
        byte[] after = new byte[16];
        assertThat(ssl.exportKeyingMaterial(after, "EXPERIMENTAL-dtlsj", null, false)).isEqualTo(1);
        assertThat(after).isNotEqualTo(keys);
        byte[] msg = "after renegotiation\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ssl.write(msg, 0, msg.length)).isEqualTo(msg.length);
        await(lines, "after renegotiation");
        assertThat(ssl.shutdown()).isZero();
        bio.free();
    }

    @Test
    void sslOptionNoRenegotiationRefusesIt() throws Exception {
        DtlsServer server = echoServer();
        Ssl refusing = verifyingClient(server.address());
        refusing.setOptions(SslOptions.NO_RENEGOTIATION);
        Bio bio = refusing.getRbio();
        assertThat(refusing.connect()).as(refusing.lastErrorString()).isEqualTo(1);
        assertThat(refusing.renegotiate()).isZero();
        assertThat(refusing.lastErrorString()).contains("refused by configuration");
        bio.free();
    }

    /** A client {@code Ssl} that verifies the test PKI's server, on a channel connected to {@code server}. */
    Ssl verifyingClient(InetSocketAddress server) throws IOException {
        SslCtx ctx = SslCtx.newCtx(DtlsMethod.client());
        ctx.loadVerifyLocations(ca);
        ctx.setVerify(VerifyMode.PEER, (ok, store) -> ok);
        DatagramChannel fd = DatagramChannel.open();
        fd.connect(server);
        Bio bio = Bio.newDgram(fd, BioClose.CLOSE);
        Ssl ssl = ctx.newSsl();
        ssl.setBio(bio, bio);
        return ssl;
    }

    /**
     * {@code s_server} prints what it receives and sends its stdin: a thread that writes every
     * received test line back makes it an echo server for the seed's clients.
     */
    Process echoingOpensslServer(int port) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process server = openssl(lines, "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
                "-key", key.toString());
        await(lines, "ACCEPT");
        Thread.ofVirtual().start(() -> {
            try {
                OutputStream in = server.getOutputStream();
                while (server.isAlive()) {
                    String l = lines.poll(100, TimeUnit.MILLISECONDS);
                    if (l != null && l.startsWith("seed:")) {
                        // s_server sends what one read() of its stdin returns: one line, no newline added.
                        in.write(l.getBytes(StandardCharsets.UTF_8));
                        in.flush();
                    }
                }
            } catch (Exception ignored) {
                // the server ended
            }
        });
        return server;
    }

    @Test
    void seedClientsAgainstOpensslServer() throws Exception {
        int port = freePort();
        echoingOpensslServer(port);
        assertThat(SeedClient.exchange(new InetSocketAddress("127.0.0.1", port), ca, List.of("seed:blocking client\n")))
                .containsExactly("seed:blocking client");
        int port2 = freePort();
        echoingOpensslServer(port2);
        assertThat(SeedSelectClient.exchange(new InetSocketAddress("127.0.0.1", port2), ca, List.of("seed:select loop\n")))
                .containsExactly("seed:select loop");
    }

    @Test
    void opensslClientAgainstSeedServer() throws Exception {
        SeedServer s = seedServer();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process client = openssl(lines, "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + s.address().getPort(),
                "-CAfile", ca.toString(), "-servername", "localhost", "-verify_return_error");
        await(lines, "Verify return code: 0 (ok)");
        client.getOutputStream().write("echo from the seed server\n".getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().flush();
        await(lines, "echo from the seed server");
    }

    // ------------------------------------------------------------------ every SslError, provoked

    /** A connected client Ssl on a non-blocking or blocking channel, after a handshake with a dtlsj server. */
    Ssl connectedClient(InetSocketAddress server, boolean blocking) throws IOException {
        SslCtx ctx = SslCtx.newCtx(DtlsMethod.client());
        ctx.loadVerifyLocations(ca);
        ctx.setVerify(VerifyMode.PEER, null);
        DatagramChannel fd = DatagramChannel.open();
        fd.connect(server);
        Bio bio = Bio.newDgram(fd, BioClose.CLOSE);
        Ssl ssl = ctx.newSsl();
        ssl.setBio(bio, bio);
        assertThat(ssl.connect()).as(String.valueOf(ssl.lastErrorString())).isEqualTo(1);
        assertThat(ssl.getError(1)).isEqualTo(SslError.NONE);
        fd.configureBlocking(blocking);
        cleanup.add(bio::free);
        return ssl;
    }

    DtlsServer echoServer() throws IOException {
        var c = TestPki.ecServer();
        DtlsServer s = DtlsServer.builder(DtlsConfig.builder().credentials(c.key(), c.chain()).build())
                .bind(new InetSocketAddress("127.0.0.1", 0)).start();
        cleanup.add(s);
        return s;
    }

    @Test
    void zeroReturnWhenThePeerClosed() throws Exception {
        DtlsServer server = echoServer();
        Ssl ssl = connectedClient(server.address(), true);
        DtlsSession peer = server.accept(Duration.ofSeconds(10));
        peer.close();
        byte[] buf = new byte[10];
        int n = ssl.read(buf, 0, buf.length);
        assertThat(n).isZero();
        assertThat(ssl.getError(n)).isEqualTo(SslError.ZERO_RETURN);
    }

    @Test
    void wantReadOnAnEmptyNonBlockingSocket() throws Exception {
        DtlsServer server = echoServer();
        Ssl ssl = connectedClient(server.address(), false);
        int n = ssl.read(new byte[10], 0, 10);
        assertThat(n).isEqualTo(-1);
        assertThat(ssl.getError(n)).isEqualTo(SslError.WANT_READ);
    }

    @Test
    void wantReadWhenTheSocketTimeoutExpires() throws Exception {
        DtlsServer server = echoServer();
        Ssl ssl = connectedClient(server.address(), true);
        ssl.getRbio().ctrl(BioCtrl.DGRAM_SET_RECV_TIMEOUT, 0, Duration.ofMillis(200));
        int n = ssl.read(new byte[10], 0, 10);
        assertThat(ssl.getError(n)).isEqualTo(SslError.WANT_READ);
        assertThat(ssl.getRbio().dgramRecvTimedOut()).isTrue();
    }

    @Test
    void sslErrorWithAReasonWhenTheCertificateIsRejected() throws Exception {
        DtlsServer server = echoServer();
        SslCtx ctx = SslCtx.newCtx(DtlsMethod.client());
        ctx.setVerify(VerifyMode.PEER, (ok, store) -> false);
        DatagramChannel fd = DatagramChannel.open();
        fd.connect(server.address());
        Bio bio = Bio.newDgram(fd, BioClose.CLOSE);
        cleanup.add(bio::free);
        Ssl ssl = ctx.newSsl();
        ssl.setBio(bio, bio);
        int r = ssl.connect();
        assertThat(r).isEqualTo(-1);
        assertThat(ssl.getError(r)).isEqualTo(SslError.SSL);
        assertThat(ssl.lastErrorString()).contains("trust");
    }

    @Test
    void syscallWhenTheChannelIsClosed() throws Exception {
        DtlsServer server = echoServer();
        Ssl ssl = connectedClient(server.address(), true);
        ssl.getRbio().channel().close();
        int n = ssl.read(new byte[10], 0, 10);
        assertThat(ssl.getError(n)).isEqualTo(SslError.SYSCALL);
        assertThat(ssl.lastErrorString()).contains("closed");
    }

    @Test
    void memoryBioPairInOneThreadAndWantWrite() {
        Bio[] pair = Bio.newBioPair(64, 64);
        SslCtx sctx = SslCtx.newCtx(DtlsMethod.server());
        assertThat(sctx.useCertificateChainFile(cert)).isEqualTo(1);
        assertThat(sctx.usePrivateKeyFile(key, FileType.PEM)).isEqualTo(1);
        SslCtx cctx = SslCtx.newCtx(DtlsMethod.client());
        cctx.loadVerifyLocations(ca);
        cctx.setVerify(VerifyMode.PEER, null);
        Ssl server = sctx.newSsl();
        server.setBio(pair[0], pair[0]);
        Ssl client = cctx.newSsl();
        client.setBio(pair[1], pair[1]);
        int c = -1;
        int s = -1;
        for (int i = 0; i < 20 && (c != 1 || s != 1); i++) {
            if (c != 1) {
                c = client.connect();
                if (c != 1) assertThat(client.getError(c)).isEqualTo(SslError.WANT_READ);
            }
            if (s != 1) {
                s = server.accept();
                if (s != 1) assertThat(server.getError(s)).isEqualTo(SslError.WANT_READ);
            }
        }
        assertThat(c).isEqualTo(1);
        assertThat(s).isEqualTo(1);
        byte[] m = "in memory".getBytes(StandardCharsets.UTF_8);
        assertThat(client.write(m, 0, m.length)).isEqualTo(m.length);
        byte[] buf = new byte[32];
        assertThat(server.pending()).isZero();
        int n = server.read(buf, 0, buf.length);
        assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("in memory");
        // A BIO that cannot take a datagram now: WANT_WRITE.
        Bio[] full = Bio.newBioPair(0, 0);
        Ssl stuck = cctx.newSsl();
        stuck.setBio(full[0], full[0]);
        int r = stuck.connect();
        assertThat(stuck.getError(r)).isEqualTo(SslError.WANT_WRITE);
    }

    @Test
    void wantConnectWithoutAPeerAndWantAcceptBeforeAClientHello() throws Exception {
        SslCtx cctx = SslCtx.newCtx(DtlsMethod.client());
        DatagramChannel unconnected = DatagramChannel.open();
        unconnected.configureBlocking(false);
        Bio bio = Bio.newDgram(unconnected, BioClose.CLOSE);
        cleanup.add(bio::free);
        Ssl client = cctx.newSsl();
        client.setBio(bio, bio);
        int r = client.connect();
        assertThat(client.getError(r)).isEqualTo(SslError.WANT_CONNECT);
        bio.ctrl(BioCtrl.DGRAM_SET_CONNECTED, 0, new InetSocketAddress("127.0.0.1", freePort()));
        assertThat(client.getError(client.connect())).isEqualTo(SslError.WANT_READ).as("now it sends its ClientHello");

        SslCtx sctx = SslCtx.newCtx(DtlsMethod.server());
        sctx.useCertificateChainFile(cert);
        sctx.usePrivateKeyFile(key, FileType.PEM);
        Bio[] pair = Bio.newBioPair(8, 8);
        Ssl server = sctx.newSsl();
        server.setBio(pair[0], pair[0]);
        r = server.accept();
        assertThat(server.getError(r)).isEqualTo(SslError.WANT_ACCEPT);
        // The combined verify flags compile and apply.
        sctx.setVerify(VerifyMode.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT), (ok, store) -> ok);
    }

    @Test
    void wantX509LookupWhileTheClientCertificateIsChosen() {
        SslCtx sctx = SslCtx.newCtx(DtlsMethod.server());
        sctx.useCertificateChainFile(cert);
        sctx.usePrivateKeyFile(key, FileType.PEM);
        sctx.loadVerifyLocations(ca);
        sctx.setVerify(VerifyMode.of(VerifyMode.PEER, VerifyMode.FAIL_IF_NO_PEER_CERT), (ok, store) -> ok);
        SslCtx cctx = SslCtx.newCtx(DtlsMethod.client());
        cctx.loadVerifyLocations(ca);
        cctx.setVerify(VerifyMode.PEER, null);
        int[] asked = new int[1];
        cctx.setClientCertCallback(ssl -> ++asked[0] == 1 ? null
                : org.dtlsj.config.ClientCertificateSelector.Choice.of(TestPki.ecClient().key(), TestPki.ecClient().chain()));
        Bio[] pair = Bio.newBioPair(64, 64);
        Ssl server = sctx.newSsl();
        server.setBio(pair[0], pair[0]);
        Ssl client = cctx.newSsl();
        client.setBio(pair[1], pair[1]);
        List<SslError> clientErrors = new ArrayList<>();
        int c = -1;
        int s = -1;
        for (int i = 0; i < 20 && (c != 1 || s != 1); i++) {
            if (c != 1) {
                c = client.connect();
                if (c != 1) clientErrors.add(client.getError(c));
            }
            if (s != 1) s = server.accept();
        }
        assertThat(clientErrors).contains(SslError.WANT_X509_LOOKUP);
        assertThat(asked[0]).isEqualTo(2);
        assertThat(c).isEqualTo(1);
        assertThat(s).as(String.valueOf(server.lastErrorString())).isEqualTo(1);
        assertThat(server.getPeerCertificate()).isEqualTo(TestPki.ecClient().chain().get(0));
    }

    @Test
    void nonBlockingTimersWithGetAndHandleTimeout() throws Exception {
        // A silent peer: the client's flight must go out again when dtlsHandleTimeout is called.
        try (DatagramChannel silent = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Selector sel = Selector.open()) {
            SslCtx ctx = SslCtx.newCtx(DtlsMethod.client());
            DatagramChannel fd = DatagramChannel.open();
            fd.connect(silent.getLocalAddress());
            fd.configureBlocking(false);
            fd.register(sel, SelectionKey.OP_READ);
            Bio bio = Bio.newDgram(fd, BioClose.CLOSE);
            cleanup.add(bio::free);
            Ssl ssl = ctx.newSsl();
            ssl.setBio(bio, bio);
            assertThat(ssl.dtlsGetTimeout()).isEmpty();
            int r = ssl.connect();
            assertThat(ssl.getError(r)).isEqualTo(SslError.WANT_READ);
            Duration t = ssl.dtlsGetTimeout().orElseThrow();
            assertThat(t).isLessThanOrEqualTo(Duration.ofSeconds(1)).isPositive();
            assertThat(ssl.dtlsHandleTimeout()).as("not due yet").isZero();
            assertThat(sel.select(t.toMillis() + 50)).isZero();
            assertThat(ssl.dtlsHandleTimeout()).isEqualTo(1);
            ByteBuffer got = ByteBuffer.allocate(2048);
            silent.configureBlocking(true);
            silent.receive(got); // the first ClientHello
            got.clear();
            silent.receive(got); // and its retransmission
            assertThat(got.get(0)).isEqualTo((byte) 22);
            assertThat(ssl.dtlsGetTimeout().orElseThrow()).isGreaterThan(Duration.ofSeconds(1));
        }
    }

    /** Drives a client and a server {@link Ssl} over a memory BIO pair to completion. */
    static void handshake(Ssl client, Ssl server) {
        int c = -1;
        int s = -1;
        for (int i = 0; i < 20 && (c != 1 || s != 1); i++) {
            if (c != 1) c = client.connect();
            if (s != 1) s = server.accept();
        }
        assertThat(c).as(String.valueOf(client.lastErrorString())).isEqualTo(1);
        assertThat(s).as(String.valueOf(server.lastErrorString())).isEqualTo(1);
    }

    @Test
    void pskCallbacksAndSessionReuse() {
        SslCtx sctx = SslCtx.newCtx(DtlsMethod.server());
        java.util.List<String> identities = new java.util.ArrayList<>();
        sctx.setPskServerCallback((ssl, identity) -> {
            identities.add(identity);
            return identity.equals("client-7") ? new byte[16] : null;
        });
        sctx.usePskIdentityHint("hint-3");
        SslCtx cctx = SslCtx.newCtx(DtlsMethod.client());
        assertThat(cctx.setAlpnProtos(java.util.List.of("coap", "h2"))).isZero();
        assertThat(sctx.setAlpnProtos(java.util.List.of("h2"))).isZero();
        java.util.List<String> hints = new java.util.ArrayList<>();
        cctx.setPskClientCallback((ssl, hint) -> {
            hints.add(hint);
            return new org.dtlsj.config.PskProvider.Psk("client-7".getBytes(StandardCharsets.UTF_8), new byte[16]);
        });
        assertThat(cctx.setCipherList("PSK-AES128-CCM8")).isEqualTo(1);
        assertThat(sctx.setCipherList("PSK-AES128-CCM8:PSK-AES128-GCM-SHA256")).isEqualTo(1);

        Bio[] pair = Bio.newBioPair(4096, 4096);
        Ssl server = sctx.newSsl();
        server.setBio(pair[0], pair[0]);
        Ssl client = cctx.newSsl();
        client.setBio(pair[1], pair[1]);
        handshake(client, server);
        assertThat(client.getCurrentCipher()).isEqualTo("TLS_PSK_WITH_AES_128_CCM_8");
        // SSL_export_keying_material: the same bytes on both sides.
        byte[] ek = new byte[24];
        byte[] sk = new byte[24];
        assertThat(client.exportKeyingMaterial(ek, "EXPERIMENTAL api", new byte[] {1}, true)).isEqualTo(1);
        assertThat(server.exportKeyingMaterial(sk, "EXPERIMENTAL api", new byte[] {1}, true)).isEqualTo(1);
        assertThat(ek).isEqualTo(sk).isNotEqualTo(new byte[24]);
        assertThat(client.exportKeyingMaterial(ek, "master secret", null, false)).as("a reserved label").isZero();
        assertThat(identities).containsExactly("client-7");
        assertThat(hints).containsExactly("hint-3");
        assertThat(client.get0AlpnSelected()).isEqualTo("h2");
        assertThat(client.sessionReused()).isZero();

        // SSL_get1_session / SSL_set_session: a new connection resumes, no PSK lookup needed.
        org.dtlsj.session.ResumableSession saved = client.get1Session();
        assertThat(saved).isNotNull();
        Bio[] again = Bio.newBioPair(4096, 4096);
        Ssl server2 = sctx.newSsl();
        server2.setBio(again[0], again[0]);
        Ssl client2 = cctx.newSsl();
        client2.setBio(again[1], again[1]);
        assertThat(client2.setSession(saved)).isEqualTo(1);
        handshake(client2, server2);
        assertThat(client2.sessionReused()).isEqualTo(1);
        assertThat(server2.sessionReused()).isEqualTo(1);
        assertThat(identities).as("resumption needs no lookup").hasSize(1);
        byte[] m = "resumed".getBytes(StandardCharsets.UTF_8);
        assertThat(client2.write(m, 0, m.length)).isEqualTo(m.length);
        byte[] buf = new byte[16];
        int n = server2.read(buf, 0, buf.length);
        assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("resumed");

        // SSL_OP_NO_TICKET: resumption by session ID instead.
        Bio[] third = Bio.newBioPair(4096, 4096);
        Ssl server3 = sctx.newSsl();
        server3.setBio(third[0], third[0]);
        Ssl client3 = cctx.newSsl();
        client3.setOptions(org.dtlsj.openssl.SslOptions.NO_TICKET);
        client3.setBio(third[1], third[1]);
        handshake(client3, server3);
        org.dtlsj.session.ResumableSession byId = client3.get1Session();
        assertThat(byId.ticket()).isNull();
        assertThat(byId.sessionId()).hasSize(32);
    }
}
