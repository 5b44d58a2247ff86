package org.dtlsj.openssl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.MemorySctpPair;
import org.dtlsj.config.PskProvider;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.junit.jupiter.api.Test;

/**
 * The seed's SCTP calls in the OpenSSL-style API on an in-memory association:
 * {@code BIO_new_dgram_sctp}, the notification callback, choosing the stream with sndinfo and
 * reading each message's rcvinfo, SSL_accept / SSL_connect without listen, renegotiation, shutdown.
 */
class SctpBioTest {
    static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    static Ssl ssl(boolean server, Bio bio) {
        SslCtx ctx = SslCtx.newCtx(server ? DtlsMethod.server() : DtlsMethod.client());
        if (server) {
            ctx.setPskServerCallback((ssl, identity) -> identity.equals("sctp-client") ? KEY : null);
            ctx.setCipherList("PSK-AES128-GCM-SHA256");
        } else {
            ctx.setPskClientCallback((ssl, hint) -> new PskProvider.Psk("sctp-client".getBytes(StandardCharsets.UTF_8), KEY));
            ctx.setCipherList("PSK-AES128-GCM-SHA256");
        }
        Ssl ssl = ctx.newSsl();
        ssl.setBio(bio, bio);
        return ssl;
    }

    @Test
    void seedCallsOverAnAssociation() throws Exception {
        MemorySctpPair assoc = new MemorySctpPair();
        Bio serverBio = Bio.newDgramSctp(assoc.b, BioClose.NOCLOSE);
        Bio clientBio = Bio.newDgramSctp(assoc.a, BioClose.NOCLOSE);
        List<SctpNotification> notes = new CopyOnWriteArrayList<>();
        Object context = new Object();
        List<Object> contexts = new CopyOnWriteArrayList<>();
        serverBio.setSctpNotificationCallback((bio, ctx, n) -> {
            notes.add(n);
            contexts.add(ctx);
        }, context);
        assertThat(serverBio.isSctp()).isTrue();

        Ssl server = ssl(true, serverBio);
        server.setOptions(SslOptions.ALLOW_CLIENT_RENEGOTIATION);
        Ssl client = ssl(false, clientBio);
        assertThat(server.listen(new BioAddr())).isEqualTo(-1); // no DTLSv1_listen over SCTP
        CompletableFuture<Integer> accepted = CompletableFuture.supplyAsync(server::accept, r -> Thread.ofVirtual().start(r));
        assertThat(client.connect()).as(client.lastErrorString()).isEqualTo(1);
        assertThat(accepted.get(10, TimeUnit.SECONDS)).as(server.lastErrorString()).isEqualTo(1);

        // The seed's client picks the stream with sndinfo; the server reads each message's rcvinfo.
        for (int sid = 1; sid <= 3; sid++) {
            assertThat(clientBio.ctrl(BioCtrl.DGRAM_SCTP_SET_SNDINFO, 0, new SctpSndInfo(sid, sid == 2 ? SctpSndInfo.SCTP_UNORDERED : 0, 40 + sid, 0))).isEqualTo(1);
            byte[] msg = ("on stream " + sid).getBytes(StandardCharsets.UTF_8);
            assertThat(client.write(msg, 0, msg.length)).isEqualTo(msg.length);
        }
        Object[] got = new Object[1];
        assertThat(clientBio.ctrl(BioCtrl.DGRAM_SCTP_GET_SNDINFO, 0, got)).isEqualTo(1);
        assertThat(((SctpSndInfo) got[0]).sid()).isEqualTo(3);
        assertThat(clientBio.ctrl(BioCtrl.DGRAM_SCTP_SET_PRINFO, 0, SctpPrInfo.rtx(2))).isEqualTo(1);
        assertThat(clientBio.ctrl(BioCtrl.DGRAM_SCTP_GET_PRINFO, 0, got)).isEqualTo(1);
        assertThat(got[0]).isEqualTo(SctpPrInfo.rtx(2));
        byte[] buf = new byte[100];
        for (int sid = 1; sid <= 3; sid++) {
            int n = server.read(buf, 0, buf.length);
            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("on stream " + sid);
            assertThat(serverBio.ctrl(BioCtrl.DGRAM_SCTP_GET_RCVINFO, 0, got)).isEqualTo(1);
            SctpRcvInfo rcv = (SctpRcvInfo) got[0];
            assertThat(rcv.sid()).isEqualTo(sid);
            assertThat(rcv.ppid()).isEqualTo(40 + sid);
            assertThat(rcv.isUnordered()).isEqualTo(sid == 2);
        }
        // RFC 6083 §4.8: the association authenticates with the key the handshake exported.
        assertThat(assoc.a.activeAuthKey()).isEqualTo(1);
        assertThat(assoc.b.activeAuthKey()).isEqualTo(1);
        assertThat(notes).anyMatch(n -> n instanceof SctpNotification.SenderDry);
        assertThat(contexts).allMatch(c -> c == context);

        // SSL_renegotiate over SCTP (RFC 6083 §4.6), then data again under key 2.
        CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
            byte[] b = new byte[100];
            int n = server.read(b, 0, b.length);
            return n > 0 ? new String(b, 0, n, StandardCharsets.UTF_8) : "read " + n + ": " + server.lastErrorString();
        }, r -> Thread.ofVirtual().start(r));
        assertThat(client.renegotiate()).isEqualTo(1);
        assertThat(client.doHandshake()).as(client.lastErrorString()).isEqualTo(1);
        assertThat(client.renegotiatePending()).isZero();
        byte[] after = "after renegotiation".getBytes(StandardCharsets.UTF_8);
        assertThat(client.write(after, 0, after.length)).isEqualTo(after.length);
        assertThat(serverSide.get(10, TimeUnit.SECONDS)).isEqualTo("after renegotiation");
        assertThat(assoc.a.activeAuthKey()).isEqualTo(2);
        assertThat(assoc.b.activeAuthKey()).isEqualTo(2);
        // close_notify after sender dry (RFC 6083 §4.9); the server's SSL_read returns 0.
        CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> server.read(new byte[10], 0, 10), r -> Thread.ofVirtual().start(r));
        assertThat(client.shutdown()).isZero();
        assertThat(closed.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(server.getError(0)).isEqualTo(SslError.ZERO_RETURN);
    }
}
