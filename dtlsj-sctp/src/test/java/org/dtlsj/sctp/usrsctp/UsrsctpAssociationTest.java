package org.dtlsj.sctp.usrsctp;

import org.dtlsj.sctp.ffm.SctpSocketOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.WAIT;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.await;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.nextMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpNotification.AssocChange;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User messages over real usrsctp on loopback (SCTP over UDP): the association-layer points of
 * the DTLS/SCTP checklist (sctp-options.md §5) — #1 stream 0 ordered, #2 stream and unordered
 * flag, #3 PPID, #4 messages of 18,445 bytes and more, #10 sender dry.
 */
class UsrsctpAssociationTest {
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

    @Test
    void bothEndsSeeCommUpWithTheNegotiatedStreams() throws Exception {
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults().withStreams(8, 16),
                SctpSocketOptions.defaults().withStreams(16, 16))) {
            AssocChange c = await(p.client(), AssocChange.class);
            AssocChange s = await(p.server(), AssocChange.class);
            assertThat(c.state()).isEqualTo(AssocState.COMM_UP);
            assertThat(s.state()).isEqualTo(AssocState.COMM_UP);
            assertThat(c.outboundStreams()).isEqualTo(8);
            assertThat(s.inboundStreams()).isEqualTo(8);
            assertThat(p.client().isOpen()).isTrue();
            assertThat(p.server().isOpen()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> p.client().send(new byte[] {1}, SctpSndInfo.ordered(8, 0)))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(p.client().isOpen()).as("a refused send leaves the association up").isTrue();
        }
    }

    @Test
    void streamPpidAndUnorderedFlagReachTheReceiver() throws Exception { // checklist #1, #2, #3
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            byte[] hs = "handshake record".getBytes(StandardCharsets.US_ASCII);
            byte[] app = "application record".getBytes(StandardCharsets.US_ASCII);
            assertThat(p.client().send(hs, SctpSndInfo.ordered(0, 0))).isTrue();
            assertThat(p.client().send(app, new SctpSndInfo(3, SctpSndInfo.SCTP_UNORDERED, 0xC0FFEE01, 7),
                    SctpPrInfo.RELIABLE)).isTrue();
            List<SctpMessage> got = new ArrayList<>();
            got.add(nextMessage(p.server()));
            got.add(nextMessage(p.server()));
            SctpMessage m0 = got.stream().filter(m -> m.sid() == 0).findFirst().orElseThrow();
            SctpMessage m3 = got.stream().filter(m -> m.sid() == 3).findFirst().orElseThrow();
            assertThat(m0.data()).isEqualTo(hs);
            assertThat(m0.isUnordered()).isFalse();
            assertThat(m0.ppid()).isZero();
            assertThat(m3.data()).isEqualTo(app);
            assertThat(m3.isUnordered()).isTrue();
            assertThat(m3.ppid()).isEqualTo(0xC0FFEE01);
            // and back the other way, ordered on stream 5
            p.server().send(app, 5, 47, false);
            SctpMessage back = nextMessage(p.client());
            assertThat(back.sid()).isEqualTo(5);
            assertThat(back.ppid()).isEqualTo(47);
            assertThat(back.info().flags()).isZero();
        }
    }

    @Test
    void orderedMessagesOfOneStreamArriveInOrderWithRisingSsn() throws Exception {
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            for (int i = 0; i < 50; i++) {
                byte[] b = {(byte) i};
                while (!p.client().send(b, SctpSndInfo.ordered(2, 1))) {
                    nextMessageOrNothing(p);
                }
            }
            for (int i = 0; i < 50; i++) {
                SctpMessage m = nextMessage(p.server());
                assertThat(m.data()[0]).isEqualTo((byte) i);
                assertThat(m.info().ssn()).isEqualTo(i);
            }
        }
    }

    private static void nextMessageOrNothing(UsrsctpTestSupport.Pair p) {
        p.client().poll();
    }

    @Test
    void messagesOfRfc6083SizeAndLargerAreReassembled() throws Exception { // checklist #4
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            for (int size : new int[] {18_445, 73_780}) {
                byte[] big = new byte[size];
                new Random(size).nextBytes(big);
                assertThat(p.client().send(big, SctpSndInfo.ordered(0, 0))).isTrue();
                SctpMessage m = nextMessage(p.server());
                assertThat(m.data()).isEqualTo(big);
            }
        }
    }

    @Test
    void messagesLongerThanTheBoundAreDroppedAndCounted() throws Exception {
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(),
                SctpSocketOptions.defaults().withMaxMessageSize(1000))) {
            p.client().send(new byte[5000], SctpSndInfo.ordered(1, 0));
            p.client().send(new byte[10], SctpSndInfo.ordered(1, 0));
            SctpMessage m = nextMessage(p.server());
            assertThat(m.data()).hasSize(10);
            assertThat(p.server().oversizeDropped()).isEqualTo(1);
        }
    }

    @Test
    void senderDryFollowsTheAcknowledgementOfWhatWasSent() throws Exception { // checklist #10
        // the server reads nothing until told (a queue of one item), so its window closes and
        // what the client sends stays unacknowledged
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(),
                SctpSocketOptions.defaults().withQueueBounds(1, 1))) {
            await(p.client(), AssocChange.class);
            assertThat(p.client().isSenderDry()).isTrue();
            int sent = 0;
            while (sent < 1000 && p.client().send(new byte[16 * 1024], SctpSndInfo.ordered(1, 0))) sent++;
            assertThat(sent).as("the send buffer filled up").isLessThan(1000);
            assertThat(p.client().isSenderDry()).isFalse();
            int received = 0;
            while (received < sent) {
                if (await(p.server(), SctpMessage.class).data().length == 16 * 1024) received++;
            }
            await(p.client(), SctpNotification.SenderDry.class);
            assertThat(p.client().isSenderDry()).isTrue();
        }
    }

    @Test
    void aFullSendBufferAnswersFalseAndTheReadyListenerSaysWhenToRetry() throws Exception {
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(),
                SctpSocketOptions.defaults().withQueueBounds(1, 1))) {
            byte[] chunk = new byte[16 * 1024];
            int sent = 0;
            while (sent < 1000 && p.client().send(chunk, SctpSndInfo.ordered(1, 0))) sent++;
            assertThat(sent).isLessThan(1000);
            var writable = new java.util.concurrent.Semaphore(0);
            p.client().setReadyListener(writable::release);
            for (int received = 0; received < sent; ) {
                if (await(p.server(), SctpMessage.class).data().length == chunk.length) received++;
            }
            // the SACKs for what the server read freed the client's buffer, and the listener said so
            assertThat(writable.tryAcquire(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            assertThat(p.client().send(chunk, SctpSndInfo.ordered(1, 0))).isTrue();
            assertThat(nextMessage(p.server()).data()).hasSize(chunk.length);
        }
    }

    @Test
    void readyListenerFiresWhenSomethingArrives() throws Exception {
        try (var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
            var fired = new java.util.concurrent.CountDownLatch(1);
            p.server().setReadyListener(fired::countDown);
            p.client().send(new byte[] {1}, SctpSndInfo.ordered(1, 0));
            assertThat(fired.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            List<SctpInbound> skipped = new ArrayList<>();
            assertThat(await(p.server(), SctpMessage.class, m -> true, skipped).data()).containsExactly(1);
        }
    }
}
