package org.dtlsj.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dtlsj.openssl.Bio;
import org.dtlsj.openssl.BioClose;
import org.dtlsj.openssl.DtlsMethod;
import org.dtlsj.openssl.Ssl;
import org.dtlsj.openssl.SslCtx;
import org.dtlsj.openssl.SslError;
import org.dtlsj.openssl.VerifyMode;

/**
 * The seed's non-blocking loop: a non-blocking socket, a selector ({@code select()}) whose timeout
 * comes from {@code dtlsGetTimeout()}, and {@code dtlsHandleTimeout()} when it expires so that
 * lost flights are sent again.
 *
 * <pre>
 * struct timeval timeout;
 * DTLSv1_get_timeout(ssl, &amp;timeout);
 * int num = select(FD_SETSIZE, &amp;rsocks, NULL, NULL, &amp;timeout);
 * if (num == 0) DTLSv1_handle_timeout(ssl);
 * </pre>
 */
public final class SeedSelectClient {
    private SeedSelectClient() {
    }

    /** Counts {@code dtlsHandleTimeout} calls that fired, for tests that make the network lose datagrams. */
    public static int timeoutsHandled;

    public static List<String> exchange(InetSocketAddress serverAddr, Path caFile, List<String> messages) throws IOException {
        SslCtx ctx = SslCtx.newCtx(DtlsMethod.client());
        ctx.loadVerifyLocations(caFile);
        ctx.setVerify(VerifyMode.PEER, (ok, store) -> ok);
        DatagramChannel fd = DatagramChannel.open();
        fd.connect(serverAddr);
        fd.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            fd.register(selector, SelectionKey.OP_READ);
            Bio bio = Bio.newDgram(fd, BioClose.CLOSE);
            Ssl ssl = ctx.newSsl();
            ssl.setBio(bio, bio);
            int ret;
            while ((ret = ssl.connect()) != 1) {
                waitForSocketOrTimer(ssl, ret, selector);
            }
            List<String> answers = new ArrayList<>();
            byte[] buf = new byte[16384];
            for (String m : messages) {
                byte[] out = m.getBytes(StandardCharsets.UTF_8);
                while ((ret = ssl.write(out, 0, out.length)) <= 0) waitForSocketOrTimer(ssl, ret, selector);
                long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                String answer = null;
                while (System.nanoTime() < giveUp) {
                    ret = ssl.read(buf, 0, buf.length);
                    if (ret > 0) {
                        answer = new String(buf, 0, ret, StandardCharsets.UTF_8);
                        break;
                    }
                    waitForSocketOrTimer(ssl, ret, selector);
                }
                answers.add(answer);
            }
            ssl.shutdown();
            bio.free();
            return answers;
        }
    }

    private static void waitForSocketOrTimer(Ssl ssl, int ret, Selector selector) throws IOException {
        SslError err = ssl.getError(ret);
        if (err != SslError.WANT_READ && err != SslError.WANT_WRITE) {
            throw new IOException("DTLS failed: " + err + ": " + ssl.lastErrorString());
        }
        Optional<Duration> timeout = ssl.dtlsGetTimeout();
        int num = selector.select(timeout.map(d -> Math.max(1, d.toMillis())).orElse(1_000L));
        selector.selectedKeys().clear();
        /* Handle timeouts */
        if (num == 0 && ssl.dtlsHandleTimeout() > 0) timeoutsHandled++;
    }

    public static void main(String[] args) throws Exception {
        String[] hp = args[0].split(":");
        List<String> msgs = List.of(args).subList(2, args.length);
        for (String a : exchange(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), Path.of(args[1]), msgs)) {
            System.out.println(a);
        }
    }
}
