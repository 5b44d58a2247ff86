package org.dtlsj.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtlsj.openssl.Bio;
import org.dtlsj.openssl.BioClose;
import org.dtlsj.openssl.BioCtrl;
import org.dtlsj.openssl.DtlsMethod;
import org.dtlsj.openssl.FileType;
import org.dtlsj.openssl.Ssl;
import org.dtlsj.openssl.SslCtx;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.SctpSocketOptions;
import org.dtlsj.sctp.usrsctp.UsrsctpAssociation;
import org.dtlsj.sctp.usrsctp.UsrsctpListener;
import org.dtlsj.sctp.usrsctp.UsrsctpStack;

/**
 * The seed's SCTP server: no {@code DTLSv1_listen} — an association is accepted, an SCTP BIO
 * made on it ({@code BIO_new_dgram_sctp}), the notification callback registered with the SSL as
 * its context, {@code SSL_accept}; then each message read with the rcvinfo of its record
 * ({@code BIO_CTRL_DGRAM_SCTP_GET_RCVINFO}) and answered on the stream it came on
 * ({@code BIO_CTRL_DGRAM_SCTP_SET_SNDINFO}). Over usrsctp (userland SCTP over UDP).
 *
 * <pre>java -cp ... org.dtlsj.examples.SeedSctpServer PORT cert.pem key.pem</pre>
 */
public final class SeedSctpServer implements AutoCloseable {
    private final UsrsctpStack stack;
    private final UsrsctpListener listener;
    private final SslCtx ctx;
    /** What the notification callback saw, for whoever watches (the seed prints it). */
    public final List<String> notifications = new CopyOnWriteArrayList<>();
    /** "stream/ppid/ordered: text" of every message served. */
    public final List<String> served = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public SeedSctpServer(int port, Path cert, Path key) throws IOException {
        ctx = SslCtx.newCtx(DtlsMethod.server());
        if (ctx.useCertificateChainFile(cert) != 1 || ctx.usePrivateKeyFile(key, FileType.PEM) != 1) {
            throw new IOException("cannot load " + cert + " / " + key + ": " + ctx.lastErrorString());
        }
        stack = UsrsctpStack.start(port);
        listener = stack.listen(stack.udpPort(), SctpSocketOptions.defaults());
    }

    /** The UDP port of the encapsulation, which is also the SCTP port. */
    public int port() {
        return stack.udpPort();
    }

    /** Accepts associations and serves each on a thread of its own, until closed. */
    public void serve() {
        while (!closed) {
            UsrsctpAssociation assoc;
            try {
                assoc = listener.accept(Duration.ofMillis(200));
            } catch (InterruptedException | IllegalStateException e) {
                return;
            }
            if (assoc != null) Thread.ofVirtual().start(() -> connection(assoc));
        }
    }

    private void connection(UsrsctpAssociation assoc) {
        Bio bio = Bio.newDgramSctp(assoc, BioClose.CLOSE);
        Ssl ssl = ctx.newSsl();
        ssl.setBio(bio, bio);
        // The seed: void *context = (void*) ssl; BIO_dgram_sctp_notification_cb(bio, &notifications, context);
        bio.setSctpNotificationCallback((b, context, n) -> notifications.add(describe((Ssl) context, n)), ssl);
        if (ssl.accept() != 1) {
            bio.free();
            return;
        }
        byte[] buf = new byte[16384];
        while (true) {
            int n = ssl.read(buf, 0, buf.length);
            if (n <= 0) break;
            Object[] info = new Object[1];
            bio.ctrl(BioCtrl.DGRAM_SCTP_GET_RCVINFO, 0, info);
            SctpRcvInfo rcv = (SctpRcvInfo) info[0];
            String text = new String(buf, 0, n, StandardCharsets.UTF_8);
            served.add(rcv.sid() + "/" + rcv.ppid() + "/" + (rcv.isUnordered() ? "unordered" : "ordered") + ": " + text);
            // Answer on the stream (and with the PPID and ordering) the message came with.
            bio.ctrl(BioCtrl.DGRAM_SCTP_SET_SNDINFO, 0,
                    new SctpSndInfo(rcv.sid(), rcv.isUnordered() ? SctpSndInfo.SCTP_UNORDERED : 0, rcv.ppid(), 0));
            ssl.write(buf, 0, n);
        }
        ssl.shutdown();
        bio.free();
    }

    static String describe(Ssl ssl, SctpNotification n) {
        return (ssl.connection() != null && ssl.connection().isConnected() ? "[connected] " : "") + n;
    }

    @Override
    public void close() {
        closed = true;
        listener.close();
        stack.close();
    }

    public static void main(String[] args) throws Exception {
        try (SeedSctpServer s = new SeedSctpServer(Integer.parseInt(args[0]), Path.of(args[1]), Path.of(args[2]))) {
            System.out.println("ready 127.0.0.1:" + s.port());
            s.serve();
        }
    }
}
