package org.dtlsj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.SelfSignedCertificate;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.engine.Tracer;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.HandshakeType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dtlsj demo}: a server and a client on this machine, with a lossy link between them, and
 * the handshake drawn as a ladder — the first thing to run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Watch a DTLS 1.2 handshake over a lossy link on this machine: flights, cookie exchange, retransmission, echo, close.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--no-loss", description = "Do not lose any datagram on the way.")
    boolean noLoss;

    private static final int WIDTH = 78;
    private final long start = System.nanoTime();
    private PrintStream out;

    private synchronized void line(String s) {
        out.println(s);
        out.flush();
    }

    private String time() {
        return String.format("%6.3fs", (System.nanoTime() - start) / 1e9);
    }

    /** Client events on the left, server events on the right. */
    private final class Ladder implements Tracer {
        final boolean server;

        Ladder(boolean server) {
            this.server = server;
        }

        private void put(String text, boolean sent) {
            String arrow = sent ? (server ? "<---- " : "") + text + (server ? "" : " ---->") : text;
            if (server) {
                line(time() + " " + " ".repeat(Math.max(0, WIDTH - 8 - arrow.length())) + arrow);
            } else {
                line(time() + " " + arrow);
            }
        }

        @Override
        public void handshake(Direction dir, HandshakeType type, int messageSeq, int length) {
            if (dir == Direction.SENT) put(type + " (seq " + messageSeq + ", " + length + " bytes)", true);
        }

        @Override
        public void record(Direction dir, ContentType type, int epoch, long seq, int length) {
            if (dir == Direction.SENT && type.equals(ContentType.CHANGE_CIPHER_SPEC)) put("ChangeCipherSpec (epoch " + epoch + " ends)", true);
            if (dir == Direction.SENT && type.equals(ContentType.APPLICATION_DATA)) put("application data, epoch " + epoch + " record " + seq + " (" + length + " bytes, encrypted)", true);
            if (dir == Direction.SENT && type.equals(ContentType.ALERT)) put("alert (epoch " + epoch + ")", true);
        }

        @Override
        public void event(String text) {
            put("[" + text + "]", false);
        }
    }

    @Override
    public Integer call() throws Exception {
        out = System.out;
        line("dtlsj demo: a DTLS 1.2 handshake over UDP on 127.0.0.1, through a link that loses datagrams.");
        line("Left: what the client sends. Right: what the server sends. Times since start.");
        line("-".repeat(WIDTH));
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", List.of("localhost"), Duration.ofDays(1));
        DtlsConfig serverConfig = DtlsConfig.builder().credentials(cert.privateKey(), List.of(cert.certificate()))
                .tracer(new Ladder(true)).build();
        DtlsHandler echo = new DtlsHandler() {
            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                try {
                    s.send(data);
                } catch (IOException e) {
                    line("echo failed: " + e.getMessage());
                }
                return true;
            }
        };
        try (DtlsServer server = DtlsServer.builder(serverConfig).bind(new InetSocketAddress("127.0.0.1", 0)).handler(echo).start();
             LossyRelay link = new LossyRelay(server.address(), i -> !noLoss && i == 2, (toServer, i, len, dropped) -> {
                 if (dropped) line(time() + " " + " ".repeat(24) + "X  the link loses server datagram #" + i + " (" + len + " bytes)");
             })) {
            DtlsConfig clientConfig = DtlsConfig.builder().trustAnchors(List.of(cert.certificate()))
                    .tracer(new Ladder(false)).build();
            DtlsSession s = DtlsClient.connect(link.address(), clientConfig, "localhost");
            line("-".repeat(WIDTH));
            SessionInfo info = s.info();
            line("Handshake complete in " + time().trim() + ":");
            line("  version            " + info.version());
            line("  cipher suite       " + info.cipherSuite().ianaName());
            line("  key exchange       ECDHE over " + info.group());
            line("  server certificate " + info.peerCertificates().get(0).getSubjectX500Principal().getName()
                    + " (SHA-256 " + cert.sha256Fingerprint().substring(0, 23) + "...)");
            line("  extended master secret " + (info.extendedMasterSecret() ? "yes (RFC 7627)" : "no")
                    + ", secure renegotiation " + (info.secureRenegotiation() ? "yes (RFC 5746)" : "no"));
            line("-".repeat(WIDTH));
            for (String m : List.of("hello, datagram world", "records carry an explicit epoch and sequence number", "bye")) {
                s.send(m.getBytes(StandardCharsets.UTF_8));
                byte[] back = s.receive(Duration.ofSeconds(5));
                line(time() + "   echoed: \"" + (back == null ? "(nothing -- lost?)" : new String(back, StandardCharsets.UTF_8)) + "\"");
            }
            s.close();
            line(time() + " client sent close_notify; the server answers with its own and forgets the peer.");
        }
        line("-".repeat(WIDTH));
        line("What happened: the server answered the first ClientHello with a HelloVerifyRequest and kept no state;");
        line("the client proved its address by echoing the cookie. " + (noLoss ? "" : "A lost datagram of the server's flight"));
        line(noLoss ? "" : "was recovered by the retransmission timer (RFC 6347 §4.2.4): the client sent its flight again.");
        return 0;
    }
}
