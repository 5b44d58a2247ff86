package org.dtlsj.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.openssl.Bio;
import org.dtlsj.openssl.BioClose;
import org.dtlsj.openssl.BioCtrl;
import org.dtlsj.openssl.DtlsMethod;
import org.dtlsj.openssl.Ssl;
import org.dtlsj.openssl.SslCtx;
import org.dtlsj.openssl.VerifyMode;

/**
 * The seed's client, line for line: a connected socket in a datagram BIO, {@code connect}, then
 * each message written and its answer read.
 *
 * <pre>java -cp ... org.dtlsj.examples.SeedClient HOST:PORT ca.pem   (lines from stdin)</pre>
 */
public final class SeedClient {
    private SeedClient() {
    }

    /** Connects, sends each message, returns the answers (null where none came within 5 s). */
    public static List<String> exchange(InetSocketAddress serverAddr, Path caFile, List<String> messages) throws Exception {
        /***** CLIENT *****/
        SslCtx ctx = SslCtx.newCtx(DtlsMethod.client());
        ctx.loadVerifyLocations(caFile);
        /* Client: verify server's certificate */
        ctx.setVerify(VerifyMode.PEER, (ok, store) -> ok);

        DatagramChannel fd = DatagramChannel.open();
        fd.connect(serverAddr);
        Bio bio = Bio.newDgram(fd, BioClose.CLOSE);
        bio.ctrl(BioCtrl.DGRAM_SET_CONNECTED, 0, serverAddr);
        Ssl ssl = ctx.newSsl();
        ssl.setBio(bio, bio);
        /* Perform handshake */
        if (ssl.connect() != 1) {
            String why = ssl.getError(-1) + ": " + ssl.lastErrorString();
            bio.free();
            throw new IllegalStateException("handshake failed: " + why);
        }
        /* Socket timeouts only after the handshake, as the seed advises */
        bio.ctrl(BioCtrl.DGRAM_SET_RECV_TIMEOUT, 0, Duration.ofSeconds(5));
        List<String> answers = new ArrayList<>();
        byte[] buf = new byte[16384];
        for (String m : messages) {
            byte[] out = m.getBytes(StandardCharsets.UTF_8);
            ssl.write(out, 0, out.length);
            int n = ssl.read(buf, 0, buf.length);
            answers.add(n > 0 ? new String(buf, 0, n, StandardCharsets.UTF_8) : null);
        }
        ssl.shutdown();
        bio.free();
        return answers;
    }

    public static void main(String[] args) throws Exception {
        String[] hp = args[0].split(":");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) lines.add(l);
        }
        for (String a : exchange(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), Path.of(args[1]), lines)) {
            System.out.println(a);
        }
    }
}
