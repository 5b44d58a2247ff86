package org.dtlsj.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.dtlsj.api.DtlsSctpSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.DtlsException;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.SctpSocketOptions;
import org.dtlsj.sctp.usrsctp.UsrsctpAssociation;
import org.dtlsj.sctp.usrsctp.UsrsctpListener;
import org.dtlsj.sctp.usrsctp.UsrsctpStack;

/**
 * {@code dtlsj server --sctp} and {@code dtlsj client --sctp}: DTLS over SCTP (RFC 6083) on the
 * userland SCTP stack (usrsctp, over UDP encapsulation, RFC 6951), with the same contract as the
 * UDP commands: the server prints {@code ready HOST:PORT}, the client sends each input line as
 * one message and prints each message received as a line. PORT is both the UDP port of the
 * encapsulation and the SCTP port.
 */
final class SctpCommands {
    private SctpCommands() {
    }

    static boolean available(PrintStream err, String who) {
        if (UsrsctpStack.isAvailable()) return true;
        err.println("dtlsj " + who + ": --sctp needs the userland SCTP library: " + UsrsctpStack.unavailableReason()
                + " (Debian: apt-get install libusrsctp2)");
        return false;
    }

    static int server(DtlsConfig config, String bind, int port, boolean echo, PrintStream out, PrintStream err) throws Exception {
        if (!available(err, "server")) return 1;
        UsrsctpStack stack;
        UsrsctpListener listener;
        try {
            stack = UsrsctpStack.start(port);
            listener = stack.listen(stack.udpPort(), SctpSocketOptions.defaults());
        } catch (IOException e) {
            err.println("dtlsj server: cannot listen on SCTP over UDP port " + port + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close();
            stack.close();
            stopped.countDown();
        }));
        Thread.ofPlatform().daemon(true).name("dtlsj-sctp-accept").start(() -> {
            while (stopped.getCount() > 0) {
                UsrsctpAssociation a;
                try {
                    a = listener.accept(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    return;
                }
                if (a != null) Thread.ofVirtual().start(() -> serve(a, config, echo, out, err));
            }
        });
        out.println("ready " + bind + ":" + stack.udpPort());
        out.flush();
        stopped.await();
        return 0;
    }

    private static void serve(UsrsctpAssociation a, DtlsConfig config, boolean echo, PrintStream out, PrintStream err) {
        try (DtlsSctpSession s = DtlsSctpSession.accept(a, config)) {
            err.println("connected sctp " + s.info().version() + " " + s.info().cipherSuite().ianaName()
                    + (s.info().group() != null ? " " + s.info().group() : ""));
            for (SctpMessage m; (m = s.receive(Duration.ofDays(1))) != null; ) {
                if (echo) {
                    s.send(m.data(), new SctpSndInfo(m.sid(), m.isUnordered() ? SctpSndInfo.SCTP_UNORDERED : 0, m.ppid(), 0));
                } else {
                    synchronized (out) {
                        out.println(new String(m.data(), StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            }
            err.println("closed sctp" + (s.error() != null ? ": " + s.error().getMessage() : ""));
        } catch (DtlsException e) {
            err.println("dtlsj server: sctp handshake failed: " + e.getMessage());
        } catch (IOException | InterruptedException e) {
            err.println("dtlsj server: sctp: " + e.getMessage());
        } finally {
            a.close();
        }
    }

    static int client(DtlsConfig config, InetSocketAddress target, String name, SctpSndInfo sndinfo, boolean commands, long lingerMs,
                      PrintStream out, PrintStream err) throws Exception {
        if (!available(err, "client")) return 1;
        try (UsrsctpStack stack = UsrsctpStack.start(0)) {
            UsrsctpAssociation a;
            try {
                a = stack.connect(InetAddress.getByName(target.getHostString()), target.getPort(), target.getPort(),
                        SctpSocketOptions.defaults(), config.handshakeTimeout());
            } catch (IOException e) {
                err.println("dtlsj client: no SCTP association with " + target + ": " + e.getMessage());
                return 1;
            }
            DtlsSctpSession s;
            try {
                s = DtlsSctpSession.connect(a, config, name);
            } catch (DtlsException e) {
                err.println("dtlsj client: handshake failed: " + ClientCommand.describe(e));
                a.close();
                return 1;
            }
            err.println("connected sctp " + s.info().version() + " " + s.info().cipherSuite().ianaName()
                    + (s.info().group() != null ? " " + s.info().group() : ""));
            Thread printer = Thread.ofVirtual().start(() -> {
                try {
                    for (SctpMessage m; (m = s.receive(Duration.ofDays(1))) != null; ) {
                        synchronized (out) {
                            out.println(new String(m.data(), StandardCharsets.UTF_8));
                            out.flush();
                        }
                    }
                } catch (InterruptedException e) {
                    // ending
                }
            });
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (commands && line.equals("R")) {
                        err.println("renegotiating");
                        s.renegotiate().whenComplete((info, f) -> err.println(f != null ? "renegotiation failed: " + f.getMessage()
                                : "renegotiated " + info.version() + " " + info.cipherSuite().ianaName()));
                        continue;
                    }
                    s.send(line.getBytes(StandardCharsets.UTF_8), sndinfo);
                }
            }
            printer.join(lingerMs);
            s.close();
            a.close();
            return 0;
        }
    }
}
