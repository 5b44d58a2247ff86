package org.dtlsj.sctp.usrsctp;

import org.dtlsj.sctp.ffm.SctpSocketOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.WAIT;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.await;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.awaitOrNull;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.nextMessage;

import java.io.IOException;
import java.net.InetAddress;
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
import org.dtlsj.sctp.SctpNotification.AuthKey;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCTP-AUTH keys, PR-SCTP, shutdown and abort over real usrsctp on loopback: checklist
 * (sctp-options.md §5) #7 DATA authenticated, a wrong key delivers nothing; #8/#9 the RFC 6083
 * §4.8 key switch (add, activate, delete the old one) with traffic flowing; #12 association
 * notifications; #13 PR-SCTP abandonment reported.
 */
class UsrsctpAuthAndLifecycleTest {
    static UsrsctpStack stack;

    @BeforeAll
    static void start() throws Exception {
        UsrsctpTestSupport.requireUsrsctp();
        stack = UsrsctpStack.start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    private static byte[] key(int fill) {
        byte[] k = new byte[64]; // RFC 6083 §4.8: 64-byte keys from the exporter
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void keySwitchAsRfc6083Section48DoesItKeepsTrafficFlowing() throws Exception { // checklist #8, #9
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            var c = p.client();
            var s = p.server();
            assertThat(c.activeAuthKey()).isZero(); // key 0, the null key, during the handshake
            c.send(new byte[] {0}, SctpSndInfo.ordered(0, 0));
            assertThat(nextMessage(s).data()).containsExactly(0);

            for (var a : List.of(c, s)) {
                a.addAuthKey(1, key(0x11));
                a.activateAuthKey(1);
            }
            assertThat(c.activeAuthKey()).isEqualTo(1);
            c.send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
            List<SctpInbound> skipped = new ArrayList<>();
            assertThat(await(s, SctpMessage.class, m -> true, skipped).data()).containsExactly(1);
            // the receiver learns the peer's new key from the first chunk authenticated with it
            AuthKey newKey = skipped.stream().filter(AuthKey.class::isInstance).map(AuthKey.class::cast)
                    .filter(k -> k.indication() == AuthIndication.NEW_KEY).findFirst()
                    .orElseGet(() -> uncheckedAwait(s, k -> k.indication() == AuthIndication.NEW_KEY));
            assertThat(newKey.keyId()).isEqualTo(1);

            for (var a : List.of(c, s)) {
                a.addAuthKey(2, key(0x22));
                a.activateAuthKey(2);
            }
            c.send(new byte[] {2}, SctpSndInfo.ordered(0, 0));
            assertThat(nextMessage(s).data()).containsExactly(2);
            s.send(new byte[] {3}, SctpSndInfo.ordered(0, 0));
            assertThat(nextMessage(c).data()).containsExactly(3);
            for (var a : List.of(c, s)) { // RFC 6458 §8.3.4, §8.3.5: deactivate, then delete
                a.deactivateAuthKey(0);
                a.deactivateAuthKey(1);
                a.deleteAuthKey(0);
                a.deleteAuthKey(1);
            }
            c.send(new byte[] {4}, SctpSndInfo.unordered(1, 0));
            List<SctpInbound> passed = new ArrayList<>();
            assertThat(await(s, SctpMessage.class, m -> true, passed).data()).containsExactly(4);
            if (passed.stream().noneMatch(i -> i instanceof AuthKey k && k.indication() == AuthIndication.FREE_KEY)) {
                await(s, AuthKey.class, k -> k.indication() == AuthIndication.FREE_KEY, passed);
            }
            s.send(new byte[] {5}, SctpSndInfo.ordered(2, 0));
            assertThat(nextMessage(c).data()).containsExactly(5);
        }
    }

    private static AuthKey uncheckedAwait(UsrsctpAssociation a, java.util.function.Predicate<AuthKey> p) {
        try {
            return await(a, AuthKey.class, p, new ArrayList<>());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theActiveKeyCannotBeDeletedAndUnknownKeysCannotBeActivated() throws Exception {
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            assertThatThrownBy(() -> p.client().activateAuthKey(9)).isInstanceOf(IOException.class);
            p.client().addAuthKey(3, key(3));
            p.client().activateAuthKey(3);
            assertThatThrownBy(() -> p.client().deleteAuthKey(3)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void dataAuthenticatedWithAKeyTheReceiverLacksIsNotDelivered() throws Exception { // checklist #7
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            p.client().addAuthKey(1, key(0x11));
            p.server().addAuthKey(1, key(0x22)); // same id, other bytes
            p.client().activateAuthKey(1);
            p.server().activateAuthKey(1);
            p.client().send(new byte[] {42}, SctpSndInfo.ordered(1, 0));
            SctpMessage m = awaitOrNull(p.server(), SctpMessage.class, x -> true, null, Duration.ofSeconds(2));
            assertThat(m).as("a DATA chunk with a wrong HMAC must be discarded (RFC 4895 §6.3)").isNull();
            assertThat(p.client().isSenderDry()).isFalse();
        }
    }

    @Test
    void gracefulShutdownIsSeenByBothEnds() throws Exception { // checklist #12 (shutdown side)
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            p.client().send(new byte[] {7}, SctpSndInfo.ordered(0, 0));
            p.client().shutdown();
            assertThat(p.client().isOpen()).isFalse();
            assertThatThrownBy(() -> p.client().send(new byte[] {8}, SctpSndInfo.ordered(0, 0)))
                    .isInstanceOf(IOException.class);
            List<SctpInbound> seen = new ArrayList<>();
            AssocChange end = await(p.server(), AssocChange.class, c -> c.state() == AssocState.SHUTDOWN_COMPLETE,
                    seen);
            assertThat(end.isTerminal()).isTrue();
            assertThat(seen).anyMatch(i -> i instanceof SctpMessage m && m.data()[0] == 7);
            assertThat(seen).anyMatch(i -> i instanceof SctpNotification.Shutdown);
            await(p.client(), AssocChange.class, c -> c.state() == AssocState.SHUTDOWN_COMPLETE, new ArrayList<>());
            assertThat(p.server().isOpen()).isFalse();
            assertThat(p.server().poll(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void abortIsCommLostForThePeer() throws Exception { // checklist #12
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            await(p.server(), AssocChange.class, c -> c.state() == AssocState.COMM_UP, new ArrayList<>());
            p.client().abort();
            assertThat(p.client().isOpen()).isFalse();
            AssocChange lost = await(p.server(), AssocChange.class, c -> c.state() != AssocState.COMM_UP,
                    new ArrayList<>());
            assertThat(lost.state()).isEqualTo(AssocState.COMM_LOST);
            assertThat(p.server().isOpen()).isFalse();
            assertThatThrownBy(() -> p.server().send(new byte[] {1}, SctpSndInfo.ordered(0, 0)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void connectingToAPortNobodyListensOnFails() {
        assertThatThrownBy(() -> stack.connect(InetAddress.getLoopbackAddress(), UsrsctpTestSupport.nextPort(),
                stack.udpPort(), SctpSocketOptions.defaults(), WAIT)).isInstanceOf(IOException.class);
    }

    @Test
    void expiredTtlMessagesAreAbandonedAndReported() throws Exception { // checklist #13
        // the receiver reads nothing (a queue of one), so its window closes and the sender's queue
        // holds messages until their 1 ms lifetime is over
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(),
                SctpSocketOptions.defaults().withQueueBounds(1, 1))) {
            byte[] chunk = new byte[8192];
            int sent = 0;
            for (int i = 0; i < 2000; i++) {
                if (!p.client().send(chunk, new SctpSndInfo(1, 0, 99, i), SctpPrInfo.ttl(Duration.ofMillis(1)))) break;
                sent++;
            }
            assertThat(sent).isPositive();
            SctpNotification.SendFailed f = await(p.client(), SctpNotification.SendFailed.class);
            assertThat(f.info().sid()).isEqualTo(1);
            assertThat(f.info().ppid()).isEqualTo(99);
        }
    }

    @Test
    void theStackIsSharedAndCounted() throws Exception {
        try (UsrsctpStack second = UsrsctpStack.start(stack.udpPort())) {
            assertThat(second.udpPort()).isEqualTo(stack.udpPort());
            assertThatThrownBy(() -> UsrsctpStack.start(stack.udpPort() == 65000 ? 65001 : 65000))
                    .isInstanceOf(IOException.class);
        }
        // the first handle still works
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            p.client().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
            assertThat(nextMessage(p.server()).data()).containsExactly(1);
        }
    }
}
