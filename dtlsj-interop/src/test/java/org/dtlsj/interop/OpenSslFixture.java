package org.dtlsj.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the feature-by-feature OpenSSL interop tests share: the {@code openssl} command, the test
 * PKI written as PEM files ({@code ec-server}, {@code rsa-server}, {@code ec-client}, {@code roots.pem}),
 * processes stopped after each test, and a dtlsj echo server that records its sessions.
 */
abstract class OpenSslFixture {
    @TempDir
    static Path dir;

    final List<OpenSslCli> processes = new ArrayList<>();

    @BeforeAll
    static void findOpenSslAndWritePki() throws IOException {
        OpenSslInteropTest.openssl = OpenSslInteropTest.executable("openssl", "/usr/bin/openssl");
        Assumptions.assumeTrue(OpenSslInteropTest.openssl != null,
                "skipped: the 'openssl' command is not installed (neither /usr/bin/openssl nor on PATH); CI installs it");
        OpenSslInteropTest.stdbuf = OpenSslInteropTest.executable("stdbuf", "/usr/bin/stdbuf");
        OpenSslInteropTest.pki = dir;
        OpenSslInteropTest.write("ec-server", TestPki.ecServer());
        OpenSslInteropTest.write("rsa-server", TestPki.rsaServer());
        OpenSslInteropTest.write("ec-client", TestPki.ecClient());
        TestPki.writeCertChainPem(dir.resolve("roots.pem"), TestPki.roots());
    }

    @AfterEach
    void stopProcesses() {
        for (OpenSslCli p : processes) p.close();
        processes.clear();
    }

    static String file(String name) {
        return dir.resolve(name).toString();
    }

    /** An openssl process, stopped after the test. */
    OpenSslCli openssl(String role, List<String> args) throws IOException {
        OpenSslCli p = new OpenSslCli(role, args);
        processes.add(p);
        return p;
    }

    /** {@code s_server} with {@code args} on a free loopback port, once it is listening. */
    OpenSslCli sServer(List<String> args) throws IOException, InterruptedException {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        List<String> all = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:" + port));
        all.addAll(args);
        OpenSslCli server = openssl("s_server", all);
        server.port = port;
        server.await("ACCEPT", l -> l.equals("ACCEPT"));
        return server;
    }

    /**
     * The {@code index}-th session {@link #echoServer} recorded, waiting for it: the peer can
     * finish its handshake (and print so) a moment before the server's handler hears of it.
     */
    static DtlsSession session(List<DtlsSession> sessions, int index) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        synchronized (sessions) {
            while (sessions.size() <= index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no session " + index + " within 10 s; have " + sessions.size());
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(sessions, left);
            }
            return sessions.get(index);
        }
    }

    /** A dtlsj server on loopback that echoes every datagram and adds each completed session to {@code sessions}. */
    static DtlsServer echoServer(DtlsConfig config, List<DtlsSession> sessions) throws IOException {
        return DtlsServer.builder(config).bind(new InetSocketAddress("127.0.0.1", 0)).handler(new DtlsHandler() {
            @Override
            public void onConnected(DtlsSession s) {
                synchronized (sessions) {
                    sessions.add(s);
                    sessions.notifyAll();
                }
            }

            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                try {
                    s.send(data);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            }
        }).start();
    }
}
