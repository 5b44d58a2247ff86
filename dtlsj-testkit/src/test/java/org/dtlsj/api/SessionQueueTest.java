package org.dtlsj.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A session's queue of received datagrams: bounded, and its end always reaches the reader. */
class SessionQueueTest {
    @Test
    void aFullQueueDropsNewDatagramsAndStillCarriesTheEnd() throws Exception {
        DtlsSession s = new DtlsSession(null, new InetSocketAddress("127.0.0.1", 9), null);
        for (int i = 0; i < DtlsSession.MAX_QUEUED; i++) assertThat(s.deliver(new byte[] {(byte) i})).isTrue();
        assertThat(s.deliver(new byte[] {1})).as("beyond MAX_QUEUED: dropped, as a full socket buffer would").isFalse();
        s.closed(null);
        for (int i = 0; i < DtlsSession.MAX_QUEUED; i++) {
            assertThat(s.pollIncoming()).as("datagram %d, in order", i).containsExactly((byte) i);
        }
        byte[] end = s.pollIncoming();
        assertThat(end).as("the closed marker, after everything received").isNotNull().isEmpty();
        assertThat(s.isOpen()).isFalse();
    }
}
