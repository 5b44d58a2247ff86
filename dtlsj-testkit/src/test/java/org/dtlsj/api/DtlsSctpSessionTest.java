package org.dtlsj.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** {@link DtlsSctpSession} on an in-memory association: the handshake, streams and rcvinfo, AUTH keys, renegotiation, close. */
class DtlsSctpSessionTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final Duration WAIT = Duration.ofSeconds(10);

    record Pair(DtlsSctpSession client, DtlsSctpSession server, MemorySctpPair assoc) {
    }

    static Pair connect() throws Exception {
        MemorySctpPair assoc = new MemorySctpPair();
        DtlsConfig[] cfg = EnginePair.configs(CRED);
        CompletableFuture<DtlsSctpSession> server = CompletableFuture.supplyAsync(() -> {
            try {
                return DtlsSctpSession.accept(assoc.b, cfg[1]);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        DtlsSctpSession client = DtlsSctpSession.connect(assoc.a, cfg[0], "localhost");
        return new Pair(client, server.get(10, TimeUnit.SECONDS), assoc);
    }

    @Test
    void handshakeThenMessagesKeepTheirStreamOrderAndPpid() throws Exception {
        Pair p = connect();
        assertThat(p.client().info().cipherSuite()).isNotNull();
        p.client().send("hello".getBytes(), SctpSndInfo.unordered(3, 51));
        p.client().send("world".getBytes(), SctpSndInfo.ordered(1, 52));
        SctpMessage m1 = p.server().receive(WAIT);
        SctpMessage m2 = p.server().receive(WAIT);
        assertThat(new String(m1.data())).isEqualTo("hello");
        assertThat(m1.sid()).isEqualTo(3);
        assertThat(m1.isUnordered()).isTrue();
        assertThat(m1.ppid()).isEqualTo(51);
        assertThat(new String(m2.data())).isEqualTo("world");
        assertThat(m2.sid()).isEqualTo(1);
        assertThat(m2.ppid()).isEqualTo(52);
        // RFC 6083 §4.8: both ends switched to key 1, the exporter's 64 bytes, and deleted key 0.
        byte[] key = p.client().exportKeyingMaterial("EXPORTER_DTLS_OVER_SCTP", null, 64);
        assertThat(p.assoc().a.keys).containsOnlyKeys(1);
        assertThat(p.assoc().b.keys).containsOnlyKeys(1);
        assertThat(p.assoc().a.keys.get(1)).isEqualTo(key);
        assertThat(p.assoc().a.activeAuthKey()).isEqualTo(1);
        p.client().close();
        assertThat(p.server().receive(WAIT)).isNull();
    }

    @Test
    void renegotiationWithTrafficLosesNothingAndMovesToKey2() throws Exception {
        Pair p = connect();
        List<SctpNotification> notes = new CopyOnWriteArrayList<>();
        p.server().setNotificationListener(notes::add);
        int n = 2000;
        CompletableFuture<SessionInfo> done = null;
        for (int i = 0; i < n; i++) {
            byte[] d = ByteBuffer.allocate(4).putInt(i).array();
            p.client().send(d, i % 2 == 0 ? SctpSndInfo.unordered(1 + i % 4, 7) : SctpSndInfo.ordered(1 + i % 4, 7));
            if (i == n / 2) done = p.client().renegotiate();
        }
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < n; i++) {
            SctpMessage m = p.server().receive(WAIT);
            assertThat(m).as("message %d of %d", i, n).isNotNull();
            got.add(ByteBuffer.wrap(m.data()).getInt());
        }
        assertThat(got).hasSize(n);
        assertThat(done.get(10, TimeUnit.SECONDS).secureRenegotiation()).isTrue();
        assertThat(p.assoc().a.keys).containsOnlyKeys(2);
        assertThat(p.assoc().b.keys).containsOnlyKeys(2);
        assertThat(notes).anyMatch(x -> x instanceof SctpNotification.SenderDry);
        p.client().close();
    }

    @Test
    void aLostAssociationEndsTheSession() throws Exception {
        Pair p = connect();
        p.assoc().a.abort();
        assertThat(p.client().receive(WAIT)).isNull();
        assertThat(p.client().error()).isNotNull();
        assertThat(p.client().error().getMessage()).contains("COMM_LOST");
    }
}
