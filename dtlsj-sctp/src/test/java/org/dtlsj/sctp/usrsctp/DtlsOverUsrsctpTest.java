package org.dtlsj.sctp.usrsctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsSctpSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.SelfSignedCertificate;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.SctpSocketOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DTLS over SCTP (RFC 6083) on a real SCTP stack: usrsctp over UDP encapsulation on loopback,
 * through {@link DtlsSctpSession} — the handshake, streams and PPIDs, the SCTP-AUTH key taken
 * from the exporter, a renegotiation with thousands of messages in flight, and close_notify.
 */
class DtlsOverUsrsctpTest {
    static UsrsctpStack stack;
    static SelfSignedCertificate cert;
    static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void start() throws Exception {
        UsrsctpTestSupport.requireUsrsctp();
        stack = UsrsctpStack.start();
        cert = SelfSignedCertificate.generate("localhost", List.of("localhost"), Duration.ofDays(1));
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    record Sessions(DtlsSctpSession client, DtlsSctpSession server, UsrsctpTestSupport.Pair assoc) implements AutoCloseable {
        @Override
        public void close() {
            assoc.close();
        }
    }

    static Sessions connect() throws Exception {
        UsrsctpTestSupport.Pair pair = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults());
        DtlsConfig server = DtlsConfig.builder().credentials(cert.privateKey(), List.of(cert.certificate())).sctp(true).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cert.certificate())).sctp(true).build();
        CompletableFuture<DtlsSctpSession> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return DtlsSctpSession.accept(pair.server(), server);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        DtlsSctpSession c = DtlsSctpSession.connect(pair.client(), client, "localhost");
        return new Sessions(c, accepted.get(20, TimeUnit.SECONDS), pair);
    }

    @Test
    void handshakeStreamsPpidAndTheExportedAuthKey() throws Exception {
        try (Sessions s = connect()) {
            // RFC 6083 §4.8: key 1 active on both ends, key 0 gone.
            assertThat(s.assoc().client().activeAuthKey()).isEqualTo(1);
            assertThat(s.assoc().server().activeAuthKey()).isEqualTo(1);
            s.client().send("on stream 2".getBytes(), SctpSndInfo.unordered(2, 99));
            s.client().send("on stream 5".getBytes(), SctpSndInfo.ordered(5, 98));
            SctpMessage a = s.server().receive(WAIT);
            assertThat(a).as("server: %s, client: %s", s.server().error(), s.client().error()).isNotNull();
            SctpMessage b = s.server().receive(WAIT);
            Set<String> seen = Set.of(new String(a.data()) + "@" + a.sid() + "/" + a.ppid() + (a.isUnordered() ? "u" : ""),
                    new String(b.data()) + "@" + b.sid() + "/" + b.ppid() + (b.isUnordered() ? "u" : ""));
            assertThat(seen).containsExactlyInAnyOrder("on stream 2@2/99u", "on stream 5@5/98");
            // A record of the largest size is one message (RFC 6083 §4.1).
            byte[] big = new byte[16384];
            s.server().send(big, SctpSndInfo.ordered(1, 7));
            assertThat(s.client().receive(WAIT).data()).hasSize(16384);
            s.client().close();
            assertThat(s.server().receive(WAIT)).isNull();
        }
    }

    @Test
    void renegotiationWithThousandsOfMessagesInFlightLosesNone() throws Exception {
        try (Sessions s = connect()) {
            int n = 3000;
            CompletableFuture<SessionInfo> renegotiated = null;
            for (int i = 0; i < n; i++) {
                byte[] d = ByteBuffer.allocate(4).putInt(i).array();
                SctpSndInfo where = i % 3 == 0 ? SctpSndInfo.unordered(1 + i % 4, 11) : SctpSndInfo.ordered(1 + i % 4, 11);
                while (true) {
                    try {
                        s.client().send(d, where);
                        break;
                    } catch (java.io.IOException e) {
                        throw e;
                    }
                }
                if (i == n / 3) renegotiated = s.server().renegotiate();
            }
            Set<Integer> got = new HashSet<>();
            for (int i = 0; i < n; i++) {
                SctpMessage m = s.server().receive(WAIT);
                assertThat(m).as("message %d of %d; client %s (dry %s), server %s (dry %s)", i, n, s.client(),
                        s.assoc().client().isSenderDry(), s.server(), s.assoc().server().isSenderDry()).isNotNull();
                assertThat(got.add(ByteBuffer.wrap(m.data()).getInt())).as("delivered once").isTrue();
            }
            assertThat(got).hasSize(n);
            assertThat(renegotiated.get(20, TimeUnit.SECONDS).secureRenegotiation()).isTrue();
            // The server's switch to key 2 follows its ChangeCipherSpec, which waits for sender dry.
            long until = System.nanoTime() + WAIT.toNanos();
            while ((s.assoc().client().activeAuthKey() != 2 || s.assoc().server().activeAuthKey() != 2) && System.nanoTime() < until) {
                s.client().send(new byte[] {0}, SctpSndInfo.ordered(1, 11));
                assertThat(s.server().receive(WAIT)).isNotNull();
            }
            assertThat(s.assoc().client().activeAuthKey()).isEqualTo(2);
            assertThat(s.assoc().server().activeAuthKey()).isEqualTo(2);
            s.client().close();
        }
    }
}
