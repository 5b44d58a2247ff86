package org.dtlsj.sctp.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpNotification.AssocChange;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.SctpSocketOptions;
import org.junit.jupiter.api.Test;

/**
 * The kernel backend on hosts with kernel SCTP (sctp.ko, and net.sctp.auth_enable=1 for the AUTH
 * tests); elsewhere these tests skip and say why. The availability probe itself always runs.
 */
class KernelSctpTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theProbeSaysWhyKernelSctpIsMissing() {
        if (KernelSctp.isAvailable()) {
            assertThat(KernelSctp.unavailableReason()).isNull();
            return;
        }
        assertThat(KernelSctp.unavailableReason()).contains("IPPROTO_SCTP").contains("errno");
        assertThatThrownBy(() -> KernelSctp.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                SctpSocketOptions.defaults())).isInstanceOf(IOException.class)
                .hasMessage(KernelSctp.unavailableReason());
    }

    private static void requireKernelSctp(boolean auth) {
        assumeTrue(KernelSctp.isAvailable(), () -> "kernel SCTP tests skipped: " + KernelSctp.unavailableReason());
        if (auth) {
            assumeTrue(KernelSctp.authEnabled(),
                    "kernel SCTP-AUTH tests skipped: net.sctp.auth_enable is not 1 (sysctl -w net.sctp.auth_enable=1)");
        }
    }

    private record Pair(KernelSctpAssociation client, KernelSctpAssociation server, KernelSctpListener listener)
            implements AutoCloseable {
        @Override
        public void close() {
            client.abort();
            server.abort();
            listener.close();
        }
    }

    private static Pair pair(SctpSocketOptions o) throws Exception {
        KernelSctpListener l = KernelSctp.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), o);
        KernelSctpAssociation c = KernelSctp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), l.port()),
                o, WAIT);
        KernelSctpAssociation s = l.accept(WAIT);
        assertThat(s).as("accepted").isNotNull();
        return new Pair(c, s, l);
    }

    private static <T extends SctpInbound> T await(SctpAssociation a, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            SctpInbound in = a.poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (in == null) break;
            if (type.isInstance(in)) return type.cast(in);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
    }

    @Test
    void messagesCarryStreamPpidAndUnorderedFlag() throws Exception {
        requireKernelSctp(false);
        try (Pair p = pair(SctpSocketOptions.defaults().withAuthenticateData(false))) {
            assertThat(await(p.client(), AssocChange.class).state()).isEqualTo(AssocState.COMM_UP);
            p.client().send("x".getBytes(), new SctpSndInfo(3, SctpSndInfo.SCTP_UNORDERED, 47, 0));
            SctpMessage m = await(p.server(), SctpMessage.class);
            assertThat(m.sid()).isEqualTo(3);
            assertThat(m.ppid()).isEqualTo(47);
            assertThat(m.isUnordered()).isTrue();
            await(p.client(), SctpNotification.SenderDry.class);
        }
    }

    @Test
    void authKeySwitchKeepsTrafficFlowing() throws Exception {
        requireKernelSctp(true);
        try (Pair p = pair(SctpSocketOptions.defaults())) {
            byte[] k = new byte[64];
            Arrays.fill(k, (byte) 0x11);
            for (KernelSctpAssociation a : List.of(p.client(), p.server())) {
                a.addAuthKey(1, k);
                a.activateAuthKey(1);
            }
            p.client().send(new byte[] {1}, SctpSndInfo.ordered(0, 0));
            assertThat(await(p.server(), SctpMessage.class).data()).containsExactly(1);
            for (KernelSctpAssociation a : List.of(p.client(), p.server())) a.deleteAuthKey(0);
            p.server().send(new byte[] {2}, SctpSndInfo.ordered(0, 0));
            assertThat(await(p.client(), SctpMessage.class).data()).containsExactly(2);
        }
    }

    @Test
    void shutdownCompletesOnBothEnds() throws Exception {
        requireKernelSctp(false);
        try (Pair p = pair(SctpSocketOptions.defaults().withAuthenticateData(false))) {
            p.client().shutdown();
            await(p.server(), SctpNotification.Shutdown.class);
            assertThat(p.client().isOpen()).isFalse();
        }
    }
}
