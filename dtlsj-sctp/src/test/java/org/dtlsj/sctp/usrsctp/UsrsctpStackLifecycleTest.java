package org.dtlsj.sctp.usrsctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dtlsj.sctp.usrsctp.UsrsctpTestSupport.nextMessage;

import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.SctpSocketOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stack's life: finished when the last handle closes, started again on demand; no thread per association. */
class UsrsctpStackLifecycleTest {
    @BeforeAll
    static void check() {
        UsrsctpTestSupport.requireUsrsctp();
    }

    @BeforeEach
    void fromACleanStart() throws Exception {
        // Another test may have left the stack running with associations still shutting
        // down (its close gave up after FINISH_TIMEOUT). This class tests finishing from a clean
        // start: join that stack and leave it again until it finishes, within a bound.
        for (int attempt = 0; attempt < 6 && UsrsctpStack.isRunning(); attempt++) {
            UsrsctpStack.start().close();
        }
        assertThat(UsrsctpStack.isRunning()).as("left running by an earlier test: %s", UsrsctpStack.finishFailure()).isFalse();
    }

    @Test
    void theStackFinishesAndStartsAgain() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (UsrsctpStack stack = UsrsctpStack.start();
                 var p = UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults())) {
                p.client().send(new byte[] {(byte) round}, SctpSndInfo.ordered(0, 0));
                assertThat(nextMessage(p.server()).data()).containsExactly(round);
            }
            assertThat(UsrsctpStack.isRunning())
                    .as("usrsctp_finish after the last handle, round %d: %s", round, UsrsctpStack.finishFailure())
                    .isFalse();
        }
    }

    @Test
    void associationsShareOneDispatcherThread() throws Exception {
        try (UsrsctpStack stack = UsrsctpStack.start()) {
            var pairs = new java.util.ArrayList<UsrsctpTestSupport.Pair>();
            try {
                pairs.add(UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults()));
                int threadsWithOnePair = Thread.activeCount();
                for (int i = 0; i < 20; i++) {
                    pairs.add(UsrsctpTestSupport.pair(stack, SctpSocketOptions.defaults(), SctpSocketOptions.defaults()));
                }
                for (var p : pairs) p.client().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
                for (var p : pairs) assertThat(nextMessage(p.server()).data()).containsExactly(1);
                assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsWithOnePair + 1);
                assertThat(stack.openSockets()).isEqualTo(3 * 21);
            } finally {
                pairs.forEach(UsrsctpTestSupport.Pair::close);
            }
            assertThat(stack.openSockets()).isZero();
        }
    }
}
