package org.dtlsj.examples;

import java.net.InetAddress;
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
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.SctpSocketOptions;
import org.dtlsj.sctp.usrsctp.UsrsctpAssociation;
import org.dtlsj.sctp.usrsctp.UsrsctpStack;

/**
 * The seed's SCTP client: an association, an SCTP BIO on it, {@code SSL_connect}; then each
 * message sent on a stream chosen with {@code BIO_CTRL_DGRAM_SCTP_SET_SNDINFO}, and each answer
 * read with its rcvinfo ({@code BIO_CTRL_DGRAM_SCTP_GET_RCVINFO}).
 *
 * <pre>java -cp ... org.dtlsj.examples.SeedSctpClient PORT ca.pem   (lines from stdin, one stream each in turn)</pre>
 */
public final class SeedSctpClient {
    private SeedSctpClient() {
    }

    /** Sends message i on stream {@code 1 + i % streams} (odd streams unordered); returns "stream/ppid: answer" for each. */
    public static List<String> exchange(int port, Path caFile, List<String> messages, int streams) throws Exception {
        SslCtx ctx = SslCtx.newCtx(DtlsMethod.client());
        ctx.loadVerifyLocations(caFile);
        ctx.setVerify(VerifyMode.PEER, (ok, store) -> ok);
        try (UsrsctpStack stack = UsrsctpStack.start(0)) {
            UsrsctpAssociation assoc = stack.connect(InetAddress.getLoopbackAddress(), port, port, SctpSocketOptions.defaults(),
                    Duration.ofSeconds(10));
            Bio bio = Bio.newDgramSctp(assoc, BioClose.CLOSE);
            Ssl ssl = ctx.newSsl();
            ssl.setBio(bio, bio);
            if (ssl.connect() != 1) {
                String why = ssl.getError(-1) + ": " + ssl.lastErrorString();
                bio.free();
                throw new IllegalStateException("handshake failed: " + why);
            }
            List<String> answers = new ArrayList<>();
            byte[] buf = new byte[16384];
            for (int i = 0; i < messages.size(); i++) {
                int sid = 1 + i % streams;
                bio.ctrl(BioCtrl.DGRAM_SCTP_SET_SNDINFO, 0,
                        new SctpSndInfo(sid, sid % 2 == 1 ? SctpSndInfo.SCTP_UNORDERED : 0, 100 + sid, 0));
                byte[] out = messages.get(i).getBytes(StandardCharsets.UTF_8);
                ssl.write(out, 0, out.length);
                int n = ssl.read(buf, 0, buf.length);
                SctpRcvInfo rcv = bio.sctpRcvInfo();
                answers.add(n > 0 ? rcv.sid() + "/" + rcv.ppid() + ": " + new String(buf, 0, n, StandardCharsets.UTF_8) : null);
            }
            ssl.shutdown();
            bio.free();
            return answers;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) lines.add(l);
        }
        for (String a : exchange(Integer.parseInt(args[0]), Path.of(args[1]), lines, 3)) System.out.println(a);
    }
}
