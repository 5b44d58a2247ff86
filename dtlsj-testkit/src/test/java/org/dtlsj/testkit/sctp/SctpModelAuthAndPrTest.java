package org.dtlsj.testkit.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dtlsj.testkit.sctp.SctpModelTest.drain;
import static org.dtlsj.testkit.sctp.SctpModelTest.firstAuth;
import static org.dtlsj.testkit.sctp.SctpModelTest.messages;
import static org.dtlsj.testkit.sctp.SctpModelTest.up;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpNotification.AssocChange;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpNotification.AuthIndication;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.junit.jupiter.api.Test;

/** The model's SCTP-AUTH (RFC 4895 as RFC 6458 exposes it) and PR-SCTP (RFC 3758) semantics. */
class SctpModelAuthAndPrTest {

    static byte[] key(int fill) {
        byte[] k = new byte[64];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    /** Records the key identifier every delivered message was authenticated with. */
    static final class KeyLog implements SctpModel.Observer {
        final List<Integer> keys = new ArrayList<>();
        final List<String> drops = new ArrayList<>();

        @Override
        public void onDeliver(SctpModel.Side to, SctpMessage m, int keyId, long now) {
            keys.add(keyId);
        }

        @Override
        public void onDrop(SctpModel.Side at, ModelChunk c, String reason, long now) {
            drops.add(reason);
        }
    }

    @Test
    void theKeySwitchOfRfc6083Section48() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults());
        KeyLog log = new KeyLog();
        m.setObserver(log);
        assertThat(m.a().activeAuthKey()).isZero(); // the null key 0 during the handshake
        m.a().send(new byte[] {0}, SctpSndInfo.ordered(0, 0));
        for (var e : List.of(m.a(), m.b())) {
            e.addAuthKey(1, key(1));
            e.activateAuthKey(1);
        }
        m.a().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
        List<SctpInbound> b = drain(m, m.b());
        assertThat(messages(b)).hasSize(2);
        assertThat(firstAuth(b, AuthIndication.NEW_KEY).keyId()).isEqualTo(1);
        for (var e : List.of(m.a(), m.b())) {
            e.deleteAuthKey(0);
        }
        m.a().send(new byte[] {2}, SctpSndInfo.unordered(2, 0));
        assertThat(messages(drain(m, m.b()))).hasSize(1);
        assertThat(log.keys).containsExactly(0, 1, 1);
        assertThat(firstAuth(drain(m, m.a()), AuthIndication.FREE_KEY).keyId()).isZero();
    }

    @Test
    void theActiveKeyCannotBeDeletedNorAnUnknownKeyActivated() {
        SctpModel m = up(SctpModelConfig.defaults());
        assertThatThrownBy(() -> m.a().deleteAuthKey(0)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> m.a().activateAuthKey(5)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> m.a().deactivateAuthKey(5)).isInstanceOf(IOException.class);
    }

    @Test
    void aKeyInUseIsFreedOnlyWhenItsLastMessageIsAcknowledged() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults());
        for (var e : List.of(m.a(), m.b())) e.addAuthKey(1, key(1));
        m.a().send(new byte[] {1}, SctpSndInfo.ordered(0, 0)); // under key 0
        for (var e : List.of(m.a(), m.b())) e.activateAuthKey(1);
        m.a().deactivateAuthKey(0);
        assertThat(firstAuth(pollNow(m.a()), AuthIndication.FREE_KEY)).as("still in flight").isNull();
        List<SctpInbound> a = drain(m, m.a());
        assertThat(firstAuth(a, AuthIndication.FREE_KEY).keyId()).isZero();
        assertThat(a).contains(new SctpNotification.SenderDry());
    }

    private static List<SctpInbound> pollNow(ModelAssociation a) {
        List<SctpInbound> out = new ArrayList<>();
        for (SctpInbound in; (in = a.poll()) != null; ) out.add(in);
        return out;
    }

    @Test
    void dataUnderAKeyTheReceiverDeletedIsDiscardedUntilTheAssociationIsLost() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withRetransmission(10_000_000, 40_000_000, 3));
        KeyLog log = new KeyLog();
        m.setObserver(log);
        for (var e : List.of(m.a(), m.b())) e.addAuthKey(1, key(1));
        m.a().activateAuthKey(1);
        m.b().activateAuthKey(1);
        m.b().deactivateAuthKey(0);
        m.b().deleteAuthKey(0);
        m.a().activateAuthKey(0); // a keeps sending under key 0, which b no longer has
        m.a().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
        List<SctpInbound> b = drain(m, m.b());
        assertThat(messages(b)).isEmpty();
        assertThat(m.b().stats().droppedUnknownKey()).isEqualTo(4); // first transmission and 3 retransmissions
        assertThat(log.drops).contains("unknown key 0");
        List<SctpInbound> a = pollNow(m.a());
        assertThat(a).contains(new AssocChange(AssocState.COMM_LOST, 0, 0, 0));
        assertThat(a).anyMatch(i -> i instanceof SctpNotification.SendFailed);
        assertThat(b).anyMatch(i -> i instanceof AssocChange c && c.state() == AssocState.COMM_LOST);
    }

    @Test
    void tamperingWithStreamFlagsOrPpidBreaksTheAuthTag() throws IOException { // RFC 6083 §6
        SctpModel m = up(SctpModelConfig.defaults().withRetransmission(10_000_000, 10_000_000, 1000));
        int[] tampered = {0};
        m.setLinkHook((from, c) -> {
            if (c.kind() != ModelChunk.Kind.DATA || tampered[0] >= 3) return c;
            return switch (tampered[0]++) {
                case 0 -> c.withSid(5);
                case 1 -> c.withFlags(SctpSndInfo.SCTP_UNORDERED);
                default -> c.withPpid(666);
            };
        });
        m.a().send(new byte[] {1}, new SctpSndInfo(1, 0, 42, 0));
        List<SctpMessage> got = messages(drain(m, m.b()));
        assertThat(m.b().stats().droppedBadTag()).isEqualTo(3);
        assertThat(got).hasSize(1); // the untouched retransmission
        assertThat(got.getFirst().sid()).isEqualTo(1);
        assertThat(got.getFirst().ppid()).isEqualTo(42);
        assertThat(got.getFirst().isUnordered()).isFalse();
    }

    @Test
    void withoutAuthTamperingGoesUnnoticed() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withAuthenticateData(false));
        m.setLinkHook((from, c) -> c.kind() == ModelChunk.Kind.DATA ? c.withPpid(666) : c);
        m.a().send(new byte[] {1}, new SctpSndInfo(1, 0, 42, 0));
        assertThat(messages(drain(m, m.b())).getFirst().ppid()).isEqualTo(666);
    }

    @Test
    void rtxPolicyAbandonsAndLaterMessagesOfTheStreamAreNotHeldBack() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withRetransmission(10_000_000, 10_000_000, 10));
        m.setLinkHook((from, c) -> c.kind() == ModelChunk.Kind.DATA && c.payload().length > 0 && c.payload()[0] == 2
                ? null : c); // message 2 never gets through
        m.a().send(new byte[] {1}, SctpSndInfo.ordered(1, 7));
        m.a().send(new byte[] {2}, SctpSndInfo.ordered(1, 7), SctpPrInfo.rtx(2));
        m.a().send(new byte[] {3}, SctpSndInfo.ordered(1, 7));
        List<SctpMessage> got = messages(drain(m, m.b()));
        assertThat(got.stream().map(x -> (int) x.data()[0]).toList()).containsExactly(1, 3);
        assertThat(got.get(1).info().ssn()).isEqualTo(2);
        List<SctpInbound> a = pollNow(m.a());
        SctpNotification.SendFailed f = a.stream().filter(SctpNotification.SendFailed.class::isInstance)
                .map(SctpNotification.SendFailed.class::cast).findFirst().orElseThrow();
        assertThat(f.data()).containsExactly(2);
        assertThat(f.info().ppid()).isEqualTo(7);
        assertThat(f.sentOnWire()).isTrue();
        assertThat(m.a().stats().abandoned()).isEqualTo(1);
        assertThat(m.a().stats().retransmitted()).isEqualTo(2);
        assertThat(a).contains(new SctpNotification.SenderDry()); // abandoned counts as done (RFC 6458 §6.1.9)
    }

    @Test
    void ttlPolicyAbandonsOnceTheLifetimeIsOver() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults());
        m.setLinkHook((from, c) -> c.kind() == ModelChunk.Kind.DATA && c.sid() == 2 ? null : c);
        m.a().send(new byte[] {1}, SctpSndInfo.unordered(2, 0), SctpPrInfo.ttl(Duration.ofMillis(1500)));
        m.runFor(Duration.ofMillis(1100));
        assertThat(m.a().stats().abandoned()).as("first RTO at 1 s: lifetime not yet over").isZero();
        m.runFor(Duration.ofSeconds(3));
        assertThat(m.a().stats().abandoned()).isEqualTo(1);
        assertThat(pollNow(m.a())).anyMatch(i -> i instanceof SctpNotification.SendFailed);
    }

    @Test
    void aForwardTsnUnderAnUnknownKeyIsIgnored() throws IOException {
        SctpModel m = up(SctpModelConfig.defaults().withRetransmission(10_000_000, 10_000_000, 10));
        m.setLinkHook((from, c) -> switch (c.kind()) {
            case DATA -> c.payload()[0] == 2 ? null : c;
            case FORWARD_TSN -> c.withKeyId(9);
            default -> c;
        });
        m.a().send(new byte[] {2}, SctpSndInfo.ordered(1, 0), SctpPrInfo.rtx(0));
        m.a().send(new byte[] {3}, SctpSndInfo.ordered(1, 0));
        m.runFor(Duration.ofSeconds(1));
        assertThat(messages(pollNow(m.b()))).as("stream 1 still waits for SSN 0").isEmpty();
        assertThat(m.b().stats().droppedUnknownKey()).isEqualTo(1);
    }
}
