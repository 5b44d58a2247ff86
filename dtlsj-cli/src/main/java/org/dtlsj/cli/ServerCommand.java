package org.dtlsj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.SelfSignedCertificate;
import org.dtlsj.error.DtlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dtlsj server}: a DTLS server for any number of peers on one port. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Serve DTLS 1.2 on a UDP port, to any number of peers. Prints 'ready HOST:PORT' once bound.")
final class ServerCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "4433", description = "UDP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--verify-client", description = "Require a client certificate that chains to --cafile.")
    boolean verifyClient;

    @Option(names = "--echo", description = "Send every application datagram back unchanged.")
    boolean echo;

    @Option(names = "--sctp", description = "DTLS over SCTP (RFC 6083) on userland SCTP over UDP encapsulation; PORT is the UDP and the SCTP port.")
    boolean sctp;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "1", description = "Event loops, each with its own socket (SO_REUSEPORT).")
    int loops;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        DtlsConfig.Builder b = DtlsConfig.builder();
        try {
            common.apply(b, err, "server");
        } catch (IOException | IllegalArgumentException e) {
            err.println("dtlsj server: " + e.getMessage());
            return 2;
        }
        if (common.cert == null && common.rpk) {
            err.println("no certificate: presenting a raw public key, SHA-256 " + CommonOptions.fingerprint(common.rawKey.getPublic()));
            err.println(org.dtlsj.crypto.PemFiles.toPem(common.rawKey.getPublic()).strip());
        } else if (common.cert == null && common.psk != null) {
            // Like s_server -nocert: a PSK-only server.
            if (common.ciphers == null) b.cipherSuites(DtlsConfig.DEFAULT_PSK_SUITES);
            err.println("no certificate: serving the PSK suites only");
        } else if (common.cert == null) {
            SelfSignedCertificate ss = SelfSignedCertificate.generate("localhost", List.of("localhost", bind), Duration.ofDays(30));
            b.credentials(ss.privateKey(), List.of(ss.certificate()));
            err.println("using an ephemeral self-signed ECDSA P-256 certificate, SHA-256 fingerprint " + ss.sha256Fingerprint());
        }
        if (verifyClient) {
            if (common.cafile == null && common.peerKey == null && !common.rpk) {
                err.println("dtlsj server: --verify-client needs --cafile (or --rpk with --peer-key)");
                return 2;
            }
            b.clientAuth(ClientAuth.NEED);
        }
        DtlsHandler handler = new DtlsHandler() {
            @Override
            public void onConnected(DtlsSession s) {
                common.startHeartbeats(s, out);
                err.println("connected " + s.peer() + " " + s.info().version() + " " + s.info().cipherSuite().ianaName()
                        + " " + (s.info().resumed() ? "resumed" : s.info().group() != null ? s.info().group() : "no-ecdhe")
                        + (s.info().pskIdentity() != null ? " psk_identity=" + new String(s.info().pskIdentity(), StandardCharsets.UTF_8) : "")
                        + (s.info().peerRawPublicKey() != null ? " peer_rpk=" + CommonOptions.fingerprint(s.info().peerRawPublicKey()) : "")
                + (s.info().applicationProtocol() != null ? " alpn=" + s.info().applicationProtocol() : ""));
            }

            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                if (echo) {
                    try {
                        s.send(data);
                    } catch (IOException e) {
                        err.println("echo to " + s.peer() + " failed: " + e.getMessage());
                    }
                } else {
                    synchronized (out) {
                        out.println(new String(data, StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
                return true;
            }

            @Override
            public void onRenegotiated(DtlsSession s) {
                err.println("renegotiated " + s.peer() + " " + s.info().version() + " " + s.info().cipherSuite().ianaName()
                        + (s.info().group() != null ? " " + s.info().group() : ""));
            }

            @Override
            public void onClosed(DtlsSession s, DtlsException error) {
                if (s != null) err.println("closed " + s.peer() + (error != null ? ": " + error.getMessage() : ""));
            }
        };
        if (sctp) return SctpCommands.server(b.build(), bind, port, echo, out, err);
        DtlsServer server;
        try {
            server = DtlsServer.builder(b.build()).bind(new InetSocketAddress(bind, port)).eventLoops(loops).handler(handler).start();
        } catch (IOException e) {
            err.println("dtlsj server: cannot bind " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGINT/SIGTERM: close_notify to every peer, then exit.
            server.close();
            stopped.countDown();
        }));
        InetSocketAddress a = server.address();
        out.println("ready " + a.getAddress().getHostAddress() + ":" + a.getPort());
        out.flush();
        stopped.await();
        return 0;
    }
}
