package org.dtlsj.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.DtlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dtlsj client HOST:PORT}: lines from stdin out as datagrams, datagrams in as lines. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Connect to a DTLS 1.2 server; send each stdin line as one datagram, print each datagram received as a line.")
final class ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST:PORT")
    String target;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--insecure", description = "Do not verify the server's certificate (testing only).")
    boolean insecure;

    @Option(names = "--servername", paramLabel = "NAME", description = "Name for SNI and certificate checking (default: HOST).")
    String serverName;

    @Option(names = "--linger", paramLabel = "MS", defaultValue = "1000", description = "At end of input, wait this long for replies (default ${DEFAULT-VALUE}).")
    long lingerMs;

    @Option(names = "--reconnect", description = "Connect, close, then connect again offering the session (RFC 5246 §7.3, RFC 5077) and say whether it was resumed.")
    boolean reconnect;

    @Option(names = "--no-commands", description = "Send every input line as data; without it, a line 'R' asks for a renegotiation (as in s_client).")
    boolean noCommands;

    @Option(names = "--sctp", description = "DTLS over SCTP (RFC 6083) on userland SCTP over UDP encapsulation; PORT is the UDP and the SCTP port.")
    boolean sctp;

    @Option(names = "--sctp-stream", paramLabel = "SID", defaultValue = "1", description = "With --sctp: the stream lines go on (default ${DEFAULT-VALUE}).")
    int sctpStream;

    @Option(names = "--sctp-ppid", paramLabel = "PPID", defaultValue = "0", description = "With --sctp: the payload protocol identifier (default ${DEFAULT-VALUE}).")
    int sctpPpid;

    @Option(names = "--sctp-unordered", description = "With --sctp: send lines unordered.")
    boolean sctpUnordered;

    @Option(names = "--handshakes", paramLabel = "N", description = "Make N sequential full handshakes, then print the rate.")
    Integer handshakes;

    @Option(names = "--bulk", paramLabel = "SECONDS", description = "Echo throughput: send datagrams for SECONDS (server must echo), print 'bulk mb_per_s=X dgrams_per_s=Y lost=Z'.")
    Double bulk;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1000", description = "With --bulk: bytes per datagram (default ${DEFAULT-VALUE}).")
    int bulkSize;

    @Option(names = "--window", paramLabel = "N", defaultValue = "32", description = "With --bulk: at most N datagrams un-echoed (default ${DEFAULT-VALUE}).")
    int bulkWindow;

    @Option(names = "--pmtu", description = "Discover the path MTU with heartbeat probes after the handshake and print 'pmtu=BYTES'.")
    boolean pmtu;

    @Option(names = "--pmtu-max", paramLabel = "BYTES", defaultValue = "1472", description = "Largest UDP payload to probe (default ${DEFAULT-VALUE}).")
    int pmtuMax;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "63", description = "Give up a handshake after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected HOST:PORT, got " + hostPort);
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InetSocketAddress addr;
        DtlsConfig config;
        try {
            addr = parse(target);
            DtlsConfig.Builder b = DtlsConfig.builder().handshakeTimeout(Duration.ofSeconds(timeoutSeconds));
            common.apply(b, err, "client");
            if (insecure) {
                b.verifyPeer(false);
            } else if (common.rpk && common.peerKey == null && common.cafile == null) {
                err.println("dtlsj client: --rpk needs --peer-key FILE with the server's public key (or --insecure)");
                return 2;
            } else if (common.rpk || common.peerKey != null) {
                // raw public keys are checked against --peer-key
            } else if (common.cafile == null && common.psk != null) {
                // Like s_client -psk: nothing to verify a certificate with, so offer the PSK suites alone.
                if (common.ciphers == null) b.cipherSuites(DtlsConfig.DEFAULT_PSK_SUITES);
            } else if (common.cafile == null) {
                err.println("dtlsj client: give --cafile FILE to verify the server, or --insecure to skip verification");
                return 2;
            }
            config = b.build();
        } catch (IOException | IllegalArgumentException e) {
            err.println("dtlsj client: " + e.getMessage());
            return 2;
        }
        String name = serverName != null ? serverName : addr.getHostString();
        if (handshakes != null) return handshakes(addr, config, name, out, err);
        if (bulk != null && sctp) {
            err.println("dtlsj client: --bulk measures over UDP; leave out --sctp");
            return 2;
        }
        if (sctp) {
            org.dtlsj.sctp.SctpSndInfo where = new org.dtlsj.sctp.SctpSndInfo(sctpStream,
                    sctpUnordered ? org.dtlsj.sctp.SctpSndInfo.SCTP_UNORDERED : 0, sctpPpid, 0);
            return SctpCommands.client(config, addr, name, where, !noCommands, lingerMs, out, err);
        }
        if (bulk != null) return BulkRun.run(addr, config, name, bulk, bulkSize, bulkWindow, out, err);
        DtlsHandler printer = new DtlsHandler() {
            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                synchronized (out) {
                    out.println(new String(data, StandardCharsets.UTF_8));
                    out.flush();
                }
                return true;
            }
        };
        DtlsSession session;
        try {
            session = DtlsClient.connect(addr, config, name, printer);
            if (reconnect) {
                // Like s_client -reconnect: close, then come back (from a new port) and offer the session.
                org.dtlsj.session.ResumableSession offered = session.resumableSession();
                printConnected(session, err);
                session.close();
                session = DtlsClient.connect(addr, config, name, printer, offered);
                err.println(offered == null ? "reconnect: the server offered no session to resume; full handshake"
                        : session.info().resumed() ? "reconnect: session resumed"
                        : "reconnect: full handshake (the server did not resume the session)");
            }
        } catch (DtlsException e) {
            err.println("dtlsj client: handshake failed: " + describe(e));
            return 1;
        }
        if (pmtu) {
            try {
                int found = session.discoverPathMtu(pmtuMax).get(120, java.util.concurrent.TimeUnit.SECONDS);
                out.println("pmtu=" + found);
                out.flush();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                err.println("dtlsj client: path MTU discovery failed: " + (e.getCause() != null ? e.getCause().getMessage() : e));
            }
        }
        common.startHeartbeats(session, out);
        printConnected(session, err);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!noCommands && line.equals("R")) {
                    renegotiate(session, err);
                    continue;
                }
                session.send(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            err.println("dtlsj client: " + e.getMessage());
            session.close();
            return 1;
        }
        // Wait for replies still on their way, then close_notify.
        long until = System.nanoTime() + lingerMs * 1_000_000L;
        while (session.isOpen() && System.nanoTime() < until) {
            Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
        session.close();
        return 0;
    }

    /** s_client's "R": a secure renegotiation (RFC 5746); its outcome is printed when it comes, while input goes on. */
    static void renegotiate(DtlsSession session, PrintStream err) {
        err.println("renegotiating");
        session.renegotiate().whenComplete((info, failure) -> {
            synchronized (err) {
                if (failure != null) {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    err.println("renegotiation failed: " + cause.getMessage());
                } else {
                    err.println("renegotiated " + info.version() + " " + info.cipherSuite().ianaName()
                            + (info.group() != null ? " " + info.group() : ""));
                }
                err.flush();
            }
        });
    }

    static void printConnected(DtlsSession session, PrintStream err) {
        err.println("connected " + session.info().version() + " " + session.info().cipherSuite().ianaName() + " "
                + (session.info().resumed() ? "resumed" : session.info().group() != null ? session.info().group() : "no-ecdhe")
                + (session.info().pskIdentity() != null ? " psk_identity=" + new String(session.info().pskIdentity(), StandardCharsets.UTF_8) : "")
                + (session.info().peerRawPublicKey() != null ? " peer_rpk=" + CommonOptions.fingerprint(session.info().peerRawPublicKey()) : "")
                + (session.info().applicationProtocol() != null ? " alpn=" + session.info().applicationProtocol() : ""));
    }

    static String describe(DtlsException e) {
        if (e.peerAlert() != null) return "server sent alert " + e.peerAlert() + " (" + e.getMessage() + ")";
        return switch (e.reason()) {
            case HANDSHAKE_TIMEOUT -> "timeout: " + e.getMessage();
            case CERTIFICATE_UNTRUSTED, CERTIFICATE_EXPIRED, CERTIFICATE_HOSTNAME_MISMATCH, CERTIFICATE_REJECTED, BAD_CERTIFICATE ->
                    "certificate rejected: " + e.getMessage();
            default -> e.getMessage();
        };
    }

    private int handshakes(InetSocketAddress addr, DtlsConfig config, String name, PrintStream out, PrintStream err) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < handshakes; i++) {
            try (DtlsSession s = DtlsClient.connect(addr, config, name)) {
                // a full handshake each time: a new socket and a new connection
            } catch (DtlsException e) {
                err.println("dtlsj client: handshake " + (i + 1) + " failed: " + describe(e));
                return 1;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(java.util.Locale.ROOT, "handshakes=%d seconds=%.3f rate=%.1f/s%n", handshakes, seconds, handshakes / seconds);
        return 0;
    }
}
