package org.dtlsj.sctp.usrsctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsSctpSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.SelfSignedCertificate;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.SctpSocketOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SCTP research note's checklist on the real stack (column a), each point from what DTLS
 * asked of the association (a {@link RecordingAssociation} under each end): 1 handshake on
 * stream 0 ordered; 3 PPID passthrough; 4 one record per message, 2^14-byte records; 5 no DTLS
 * retransmission; 8 the exported 64-byte key, equal on both ends; 9 key switch before Finished,
 * old key retired; 10 ChangeCipherSpec and close_notify only when dry; 12 the association's end
 * ends the DTLS connection.
 */
class Rfc6083OverUsrsctpTest {
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

    record Run(DtlsSctpSession client, DtlsSctpSession server, RecordingAssociation c, RecordingAssociation s,
               UsrsctpTestSupport.Pair pair) implements AutoCloseable {
        @Override
        public void close() {
            pair.close();
        }
    }

    static Run connect() throws Exception {
        UsrsctpTestSupport.Pair pair = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults());
        RecordingAssociation c = new RecordingAssociation(pair.client());
        RecordingAssociation s = new RecordingAssociation(pair.server());
        DtlsConfig server = DtlsConfig.builder().credentials(cert.privateKey(), List.of(cert.certificate())).sctp(true).sctpPpid(61).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cert.certificate())).sctp(true).sctpPpid(61).build();
        CompletableFuture<DtlsSctpSession> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return DtlsSctpSession.accept(s, server);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        DtlsSctpSession cs = DtlsSctpSession.connect(c, client, "localhost");
        return new Run(cs, accepted.get(20, TimeUnit.SECONDS), c, s, pair);
    }

    @Test
    void checklist1_3_4_5_handshakeOnStreamZeroOrderedOneRecordPerMessageNoRetransmission() throws Exception {
        try (Run r = connect()) {
            r.client().send(new byte[16384], SctpSndInfo.unordered(4, 77));
            SctpMessage big = r.server().receive(WAIT);
            assertThat(big.data()).hasSize(16384);
            assertThat(big.sid()).isEqualTo(4);
            assertThat(big.ppid()).isEqualTo(77);
            for (RecordingAssociation a : List.of(r.c(), r.s())) {
                for (RecordingAssociation.Sent m : a.sent()) {
                    int length = ((m.record()[11] & 0xff) << 8) | (m.record()[12] & 0xff);
                    assertThat(13 + length).as("one record per message").isEqualTo(m.record().length);
                    if (m.contentType() != 23) {
                        assertThat(m.info().sid()).isZero();
                        assertThat(m.info().isUnordered()).isFalse();
                        assertThat(m.info().ppid()).isEqualTo(61);
                        assertThat(m.pr().isPartiallyReliable()).isFalse();
                    }
                }
            }
            // No flight twice: the client sent ClientHello, then ClientKeyExchange, ChangeCipherSpec, Finished.
            long clientHandshake = r.c().sent().stream().filter(m -> m.contentType() == 22 || m.contentType() == 20).count();
            assertThat(clientHandshake).isEqualTo(4);
            // And each received message is one record, as the peer sent it (§4.1).
            for (SctpMessage m : r.s().received()) {
                int length = ((m.data()[11] & 0xff) << 8) | (m.data()[12] & 0xff);
                assertThat(13 + length).isEqualTo(m.data().length);
            }
        }
    }

    @Test
    void checklist8_9_10_keysFromTheExporterSwitchedBeforeFinishedAndChangeCipherSpecWhenDry() throws Exception {
        try (Run r = connect()) {
            byte[] key = r.client().exportKeyingMaterial("EXPORTER_DTLS_OVER_SCTP", null, 64);
            for (RecordingAssociation a : List.of(r.c(), r.s())) {
                var adds = a.log.stream().filter(e -> e instanceof RecordingAssociation.KeyOp k && k.op().equals("add"))
                        .map(e -> (RecordingAssociation.KeyOp) e).toList();
                assertThat(adds).hasSize(1);
                assertThat(adds.get(0).keyId()).isEqualTo(1);
                assertThat(adds.get(0).key()).isEqualTo(key);
                for (RecordingAssociation.Sent m : a.sent()) {
                    int epoch = ((m.record()[3] & 0xff) << 8) | (m.record()[4] & 0xff);
                    assertThat(m.activeKey()).as("key of a record of epoch %d", epoch).isEqualTo(epoch == 0 ? 0 : 1);
                    if (m.contentType() == 20) assertThat(m.dryBefore()).as("ChangeCipherSpec after sender dry").isTrue();
                }
                assertThat(a.log).anyMatch(e -> e instanceof RecordingAssociation.KeyOp k && k.keyId() == 0
                        && (k.op().equals("delete") || k.op().equals("deactivate")));
            }
            r.client().send("x".getBytes(), SctpSndInfo.ordered(1, 1));
            assertThat(r.server().receive(WAIT)).isNotNull();
            r.client().close();
            assertThat(r.server().receive(WAIT)).isNull();
            RecordingAssociation.Sent last = r.c().sent().get(r.c().sent().size() - 1);
            assertThat(last.contentType()).isEqualTo(21);
            assertThat(last.dryBefore()).as("close_notify after sender dry").isTrue();
        }
    }

    @Test
    void checklist12_theAssociationEndingEndsTheDtlsConnection() throws Exception {
        try (Run r = connect()) {
            r.pair().server().abort();
            assertThat(r.client().receive(WAIT)).isNull();
            assertThat(r.client().error()).isNotNull();
            assertThat(r.client().error().getMessage()).contains("SCTP association");
        }
    }
}
